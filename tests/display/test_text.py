"""Dates, waits and screen words in the three languages, from the display catalog."""

from __future__ import annotations

import datetime as dt

import pytest

from display.text import format_date, format_time, format_wait, translator


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Monday 23 November"),
    ("zh", "11月23日 星期一"),
    ("ru", "Понедельник, 23 ноября"),
])
def test_dates(lang: str, text: str) -> None:
    assert format_date(translator(lang), dt.datetime(2026, 11, 23, 9, 5)) == text


def test_time_is_24_hour() -> None:
    assert format_time(dt.datetime(2026, 11, 23, 9, 5)) == "09:05"
    assert format_time(dt.datetime(2026, 11, 23, 21, 45)) == "21:45"


@pytest.mark.parametrize(("seconds", "en", "zh", "ru"), [
    (None, "—", "—", "—"),
    (0, "under 1 min", "不到1分钟", "меньше 1 мин"),
    (61, "about 2 min", "约2分钟", "около 2 мин"),
    (21 * 60 + 5, "about 25 min", "约25分钟", "около 25 мин"),
    (2 * 3600, "about 2 hours", "约2小时", "около 2 часов"),
    (3 * 3600 + 60, "about 3 hours", "约3小时", "около 3 часов"),
])
def test_waits(seconds: int | None, en: str, zh: str, ru: str) -> None:
    assert [format_wait(translator(lang), seconds) for lang in ("en", "zh", "ru")] == [
        en, zh, ru]


def test_russian_plural_forms() -> None:
    tr = translator("ru")
    assert tr.n_("about {n} hour", "about {n} hours", 21) == "около {n} часа"
    assert tr.n_("about {n} hour", "about {n} hours", 5) == "около {n} часов"


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_screen_words_are_translated(lang: str) -> None:
    tr = translator(lang)
    for word in ("Ticket", "Counter", "Earlier calls", "Waiting now", "Reconnecting…",
                 "Pair this display with the hub"):
        assert tr._(word) != word, (lang, word)
