"""What is said (phrases from the display catalog, numbers per style) and when (fresh, once)."""

from __future__ import annotations

import pytest

from display.announcements import AnnouncePolicy, Phrasebook, spoken_languages
from display.board import Call
from display.text import translator


def a_call(number: str = "A042", counter: str = "3", at: float = 100.0, *,
           counter_id: str = "counter-3", recall: bool = False) -> Call:
    return Call(f"t-{number}", number, "general", counter_id, counter, at, recall)


@pytest.mark.parametrize(("lang", "style", "text"), [
    ("en", "natural", "Ticket A- forty-two, please go to counter three."),
    ("en", "digits", "Ticket A- zero four two, please go to counter three."),
    ("zh", "natural", "A 四十二 号，请到三号窗口。"),
    ("zh", "digits", "A 零 四 二 号，请到三号窗口。"),
    ("ru", "natural", "Талон А сорок два, окно три."),
    ("ru", "digits", "Талон А ноль четыре два, окно три."),
])
def test_phrases_come_from_the_catalog(lang: str, style: str, text: str) -> None:
    utterance = Phrasebook(style).utterance("A042", "3", lang)  # type: ignore[arg-type]
    assert utterance.lang == lang
    assert utterance.text == text


def test_the_template_is_the_translators() -> None:
    # The Chinese catalog's phrase differs from the English msgid: the catalog is in use.
    assert translator("zh")._("Ticket {number}, please go to counter {counter}.") == (
        "{number}，请到{counter}号窗口。")
    recall = Phrasebook().utterance("B007", "12", "ru", recall=True)
    assert recall.text == "Повторно: талон Бэ семь, окно двенадцать."


def test_every_language_in_turn() -> None:
    utterances = Phrasebook().utterances(a_call(), ["zh", "en"])
    assert [u.lang for u in utterances] == ["zh", "en"]


def test_unspeakable_letters_drop_only_that_language() -> None:
    utterances = Phrasebook().utterances(a_call("Б12"), ["en", "ru"])
    assert [u.lang for u in utterances] == ["ru"]
    assert utterances[0].text.startswith("Талон Бэ двенадцать")


def test_spoken_languages_subset_and_order() -> None:
    assert spoken_languages(["en", "zh", "ru"], []) == ["en", "zh", "ru"]
    assert spoken_languages(["en", "zh", "ru"], ["ru", "en"]) == ["ru", "en"]
    assert spoken_languages(["en", "zh"], ["ru", "zh"]) == ["zh"]  # not an office language
    assert spoken_languages(["de", "en"], []) == ["en"]  # no voice for it


def test_live_calls_are_announced_once_while_fresh() -> None:
    policy = AnnouncePolicy(stale_after_s=30)
    fresh = a_call(at=100.0)
    assert policy.live(fresh, hub_now=105.0)
    assert not policy.live(fresh, hub_now=106.0)  # seen twice (replayed): once only
    assert policy.live(a_call(at=106.0, recall=True), hub_now=107.0)  # a recall is new
    assert not policy.live(a_call("A050", at=100.0), hub_now=131.0)  # missed while away


def test_snapshot_speaks_only_fresh_latest_per_counter() -> None:
    policy = AnnouncePolicy(stale_after_s=30)
    calls = [a_call("A040", at=80.0), a_call("A041", at=95.0),  # counter 3, A041 latest
             a_call("B001", "1", at=99.0, counter_id="counter-1"),
             a_call("C001", "4", at=10.0, counter_id="counter-4")]  # stale
    chosen = policy.from_snapshot(calls, hub_now=100.0)
    assert [c.number for c in chosen] == ["A041", "B001"]  # oldest first
    assert policy.from_snapshot(calls, hub_now=100.0) == []  # a resync repeats nothing
