"""What the kiosk says, in three languages: waits, plurals, dates; every text translated."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from hub.i18n.waits import NBSP, range_minutes
from kiosk.texts import Texts, pick_name

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "kiosk" / "locale"


@pytest.mark.parametrize(("seconds", "en", "zh", "ru"), [
    (None, None, None, None),
    (20, "less than a minute", "不到一分钟", "меньше минуты"),
    (60, "about 1 minute", "约 1 分钟", "около 1 минуты"),
    (61, "about 2 minutes", "约 2 分钟", "около 2 минут"),
    (5 * 60, "about 5 minutes", "约 5 分钟", "около 5 минут"),
    (21 * 60, "about 25 minutes", "约 25 分钟", "около 25 минут"),  # rounded up to 5
    (60 * 60, "about 1 hour", "约 1 小时", "около 1 часа"),
    (2 * 3600, "about 2 hours", "约 2 小时", "около 2 часов"),
    (85 * 60, "about 1 h 25 min", "约 1 小时 25 分钟", "около 1 ч 25 мин"),
])
def test_waits(seconds: int | None, en: str, zh: str, ru: str) -> None:
    assert [Texts(lang).wait(seconds) for lang in ("en", "zh", "ru")] == [en, zh, ru]


M = 60  # seconds in a minute, to write the hub's figures readably


def _plain(text: str | None) -> str | None:
    """The text with its non-breaking spaces as spaces (they look the same)."""
    return None if text is None else text.replace(NBSP, " ")


@pytest.mark.parametrize(("point", "low", "high", "en", "zh", "ru"), [
    (12 * M, 8 * M, 15 * M, "about 12 minutes (8–15 min)", "约 12 分钟（8–15 分钟）",
     "около 12 минут (8–15 мин)"),
    # low rounds down, high rounds up: 8.9 -> 8, 14.1 -> 15
    (12 * M, 8 * M + 55, 14 * M + 5, "about 12 minutes (8–15 min)", "约 12 分钟（8–15 分钟）",
     "около 12 минут (8–15 мин)"),
    # above 15 minutes to 5 minutes, like the point: 31 -> 35, 19 -> 15, 46 -> 50
    (1826, 1177, 2749, "about 35 minutes (15–50 min)", "约 35 分钟（15–50 分钟）",
     "около 35 минут (15–50 мин)"),
    # the narrowest range shown: two minutes apart once rounded (11.2 -> 11, 12.8 -> 13)
    (12 * M, 11 * M + 10, 12 * M + 50, "about 12 minutes (11–13 min)",
     "约 12 分钟（11–13 分钟）", "около 12 минут (11–13 мин)"),
    (147, 5, 611, "about 3 minutes (up to 11 min)", "约 3 分钟（最多 11 分钟）",
     "около 3 минут (до 11 мин)"),
    (1 * M, 0, 3 * M, "about 1 minute (up to 3 min)", "约 1 分钟（最多 3 分钟）",
     "около 1 минуты (до 3 мин)"),
    (85 * M, 65 * M, 110 * M, "about 1 h 25 min (1 h 5 min – 1 h 50 min)",
     "约 1 小时 25 分钟（1 小时 5 分至 1 小时 50 分）",
     "около 1 ч 25 мин (1 ч 5 мин – 1 ч 50 мин)"),
    (60 * M, 50 * M, 90 * M, "about 1 hour (50 min – 1 h 30 min)",
     "约 1 小时（50 分钟至 1 小时 30 分）", "около 1 часа (50 мин – 1 ч 30 мин)"),
    (2 * 3600, 90 * M, 3 * 3600, "about 2 hours (1 h 30 min – 3 h)",
     "约 2 小时（1 小时 30 分至 3 小时）", "около 2 часов (1 ч 30 мин – 3 ч)"),
    (50 * M, 30, 67 * M, "about 50 minutes (up to 1 h 10 min)",
     "约 50 分钟（最多 1 小时 10 分）", "около 50 минут (до 1 ч 10 мин)"),
])
def test_a_range_follows_an_uncertain_wait(point: int, low: int, high: int, en: str, zh: str,
                                           ru: str) -> None:
    shown = [Texts(lang).wait(point, low_s=low, high_s=high) for lang in ("en", "zh", "ru")]
    assert [_plain(text) for text in shown] == [en, zh, ru]
    for text in shown:  # the range never breaks across lines: no ordinary space in it
        assert text is not None
        assert " " not in text[max(text.find("("), text.find("（")):]


@pytest.mark.parametrize(("point", "low", "high", "en"), [
    (10 * M, None, None, "about 10 minutes"),  # the hub gives no range
    (10 * M, 5 * M, None, "about 10 minutes"),
    (None, 5 * M, 15 * M, None),  # no counter open
    (0, 0, 0, "less than a minute"),  # called at once
    (40, 0, 5 * M, "less than a minute"),  # under a minute: no range however wide
    (12 * M, 11 * M + 10, 12 * M, "about 12 minutes"),  # 11-12: one minute is no range
    (12 * M, 12 * M, 12 * M, "about 12 minutes"),  # certain
    (12 * M, 15 * M, 20 * M, "about 12 minutes"),  # a bad answer: the range misses the point
    (12 * M, 2 * M, 10 * M, "about 12 minutes"),
])
def test_no_range_where_it_says_nothing_or_cannot_be_trusted(
        point: int | None, low: int | None, high: int | None, en: str | None) -> None:
    for lang in ("en", "zh", "ru"):
        text = Texts(lang).wait(point, low_s=low, high_s=high)
        assert text == Texts(lang).wait(point), lang  # exactly the point alone
    assert Texts("en").wait(point, low_s=low, high_s=high) == en


def test_rounded_range_always_holds_the_rounded_point() -> None:
    points = [60, 61, 119, 600, 899, 900, 901, 959, 1826, 3599, 3600, 5100, 40000]
    for point in points:
        for low in range(0, point + 1, 37):
            for high in range(point, 3 * point, 41):
                shown = range_minutes(point, low, high)
                if shown is not None:
                    words = Texts("en").wait(point) or ""
                    assert shown[0] <= _minutes(words) <= shown[1], (point, low, high)
                    assert shown[1] - shown[0] >= 2


def _minutes(words: str) -> int:
    """The minutes of "about 12 minutes", "about 1 hour", "about 1 h 25 min"."""
    numbers = [int(part) for part in words.split() if part.isdigit()]
    if "h" in words.split():
        return 60 * numbers[0] + numbers[1]
    return 60 * numbers[0] if "hour" in words else numbers[0]


def test_ticket_line_and_home_screen() -> None:
    en, zh, ru = Texts("en"), Texts("zh"), Texts("ru")
    assert _plain(en.estimated_wait(12 * M, low_s=8 * M, high_s=15 * M)) == (
        "Estimated wait: about 12 minutes (8–15 min)")
    assert _plain(zh.estimated_wait(12 * M, low_s=8 * M, high_s=15 * M)) == (
        "预计等候：约 12 分钟（8–15 分钟）")
    assert _plain(ru.estimated_wait(12 * M, low_s=8 * M, high_s=15 * M)) == (
        "Примерное ожидание: около 12 минут (8–15 мин)")
    assert ru.estimated_wait(None, low_s=8 * M, high_s=15 * M) == (
        "Вас вызовут, как только откроется окно")
    assert en.service_wait(12 * M) == "wait about 12 minutes"  # home buttons: the point only


@pytest.mark.parametrize(("count", "ru"), [
    (1, "Перед вами 1 человек"), (2, "Перед вами 2 человека"), (4, "Перед вами 4 человека"),
    (5, "Перед вами 5 человек"), (11, "Перед вами 11 человек"), (12, "Перед вами 12 человек"),
    (21, "Перед вами 21 человек"), (22, "Перед вами 22 человека"),
])
def test_russian_plurals(count: int, ru: str) -> None:
    assert Texts("ru").people_ahead(count) == ru


def test_people_and_waits_in_each_language() -> None:
    en, zh, ru = Texts("en"), Texts("zh"), Texts("ru")
    assert [t.people_ahead(0) for t in (en, zh, ru)] == ["You are next", "下一位就是您",
                                                         "Вы следующий"]
    assert en.people_ahead(1) == "1 person ahead of you"
    assert zh.people_ahead(3) == "您前面还有 3 人"
    assert [t.waiting(3) for t in (en, zh, ru)] == ["3 people waiting", "3 人等候",
                                                    "В очереди 3 человека"]
    assert ru.waiting(0) == "Очереди нет"
    assert ru.estimated_wait(None) == "Вас вызовут, как только откроется окно"
    assert zh.estimated_wait(300) == "预计等候：约 5 分钟"
    assert en.service_wait(300) == "wait about 5 minutes" and en.service_wait(None) == ""


def test_dates_as_people_write_them() -> None:
    moment = datetime(2025, 3, 4, 9, 5)
    assert Texts("en").issued_at(moment) == "Issued 4 Mar 2025, 09:05"
    assert Texts("zh").issued_at(moment) == "取号时间：2025年3月4日 09:05"
    assert Texts("ru").issued_at(moment) == "Талон выдан 04.03.2025 09:05"


def test_service_names_fall_back_sensibly() -> None:
    names = {"en": "Payments", "zh": "缴费"}
    assert pick_name(names, "zh", "payments") == "缴费"
    assert pick_name(names, "zh-TW", "payments") == "缴费"
    assert pick_name(names, "ru", "payments") == "Payments"
    assert pick_name({}, "ru", "payments") == "payments"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_every_text_in_the_code_is_in_every_catalog(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "kiosk").rglob("*.py"))
    pot = tmp_path / "kiosk.pot"
    subprocess.run(["xgettext", "--language=Python", "--from-code=UTF-8", "--keyword=_",
                    "--keyword=n_:1,2", "--keyword=p_:1c,2", "-o", str(pot), *sources],
                   check=True)
    in_code = _msgids(pot)
    assert len(in_code) > 80
    for language in ("en", "zh", "ru"):
        in_catalog = _msgids(LOCALE / language / "LC_MESSAGES" / "kiosk.po")
        missing = in_code - in_catalog
        assert not missing, f"{language}: not in the catalog (update it): {sorted(missing)}"


def _msgids(po: Path) -> set[str]:
    """(context, msgid) pairs of a .po/.pot file, read with msgcat's one-line output."""
    text = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(po)],
                          capture_output=True, text=True, check=True).stdout
    found: set[str] = set()
    context = ""
    for line in text.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:]
        elif line.startswith("msgid ") and line != 'msgid ""':
            found.add(f"{context}|{line[6:]}")
            context = ""
    return found
