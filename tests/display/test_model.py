"""The display model without Qt: announcements after (re)connects, highlight in step with speech."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Sequence

from display.board import Call
from display.config import DisplayConfig, load_config
from display.model import DisplayModel, Highlight
from hardware.speech import Utterance
from hub.client import Snapshot
from tests.display.helpers import T0, busy_office, call, called, make_state


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Recorder:
    """An announcer that records what it was given."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.calls: list[tuple[Call, tuple[Utterance, ...]]] = []

    def submit(self, call: Call, utterances: Sequence[Utterance]) -> bool:
        self.calls.append((call, tuple(utterances)))
        return self.accept

    @property
    def numbers(self) -> list[str]:
        return [c.number for c, _ in self.calls]


def config(**announce: object) -> DisplayConfig:
    cfg = load_config()
    return dataclasses.replace(cfg, announce=dataclasses.replace(cfg.announce, **announce))


def model(cfg: DisplayConfig | None = None, now: float = T0) -> tuple[DisplayModel, Recorder,
                                                                      Clock]:
    clock, recorder = Clock(now), Recorder()
    return DisplayModel(cfg or config(), clock=clock, announcer=recorder), recorder, clock


def test_initial_snapshot_announces_only_what_is_fresh() -> None:
    m, said, _ = model(now=T0 + 10)
    m.apply(Snapshot(busy_office(now=T0)))  # newest call 10 s old, the next 65 s
    assert said.numbers == ["A042"]
    assert [u.lang for u in said.calls[0][1]] == ["en", "zh", "ru"]


def test_resync_snapshot_after_an_outage_repeats_nothing() -> None:
    m, said, clock = model(now=T0 + 1)
    m.apply(Snapshot(busy_office(now=T0)))
    clock.now = T0 + 300
    m.apply(Snapshot(make_state([call("A042", 3, T0), call("A043", 2, T0 + 100)]), "resync"))
    assert said.numbers == ["A042"]  # A043 was called while we were away: shown, not said
    assert m.board.now_calling(1)[0].number == "A043"


def test_live_call_is_announced_in_the_configured_languages() -> None:
    m, said, _ = model(config(languages=("zh", "en"), number_style="digits"), now=T0)
    m.apply(Snapshot(make_state(waiting=["A002"])))
    m.apply(called(11, "A002", 2, T0))
    assert said.numbers == ["A002"]
    assert [(u.lang, u.text) for u in said.calls[0][1]] == [
        ("zh", "A 零 零 二 号，请到二号窗口。"),
        ("en", "Ticket A- zero zero two, please go to counter two.")]


def test_replayed_events_older_than_the_limit_are_not_announced() -> None:
    m, said, clock = model(config(stale_after_s=5.0), now=T0)
    m.apply(Snapshot(make_state(waiting=["A002", "A003"])))
    clock.now = T0 + 60  # back after a minute: the stream replays what we missed
    m.apply(called(11, "A002", 2, T0 + 10))
    m.apply(called(12, "A003", 1, T0 + 58))
    assert said.numbers == ["A003"]
    assert [c.number for c in m.board.now_calling(4)] == ["A003", "A002"]


def test_hub_clock_offset_is_used_for_age() -> None:
    m, said, _ = model(config(stale_after_s=5.0), now=T0)
    m.hub_offset_s = 120.0  # our clock is two minutes slow
    m.apply(Snapshot(make_state()))
    m.apply(called(11, "A002", 2, T0 + 119))
    assert said.numbers == ["A002"]


def test_highlight_follows_the_announcement() -> None:
    m, said, clock = model(now=T0)
    changes: list[str] = []
    m.subscribe(changes.append)
    m.apply(Snapshot(make_state(waiting=["A002"])))
    m.apply(called(11, "A002", 2, T0))
    new = m.board.now_calling(1)[0]
    assert m.highlight(new) is None  # queued behind others: not lit before it is said
    m.announcement_started(new)
    assert m.highlight(new) is Highlight.SPEAKING
    clock.now += 7
    m.announcement_finished(new)
    assert m.highlight(new) is Highlight.RECENT
    clock.now += m.config.screen.highlight_s - 0.1
    assert m.highlight(new) is Highlight.RECENT
    clock.now += 0.2
    assert m.highlight(new) is None
    assert m.expire_highlights()
    assert "highlight" in changes


def test_without_speech_a_new_call_lights_at_once() -> None:
    m, _, _ = model(now=T0)
    m.announcer = Recorder(accept=False)  # e.g. the announcer is stopping
    m.apply(Snapshot(make_state(waiting=["A002"])))
    m.apply(called(11, "A002", 2, T0))
    assert m.highlight(m.board.now_calling(1)[0]) is Highlight.RECENT


def test_zone_from_pairing_unless_configured() -> None:
    m, said, _ = model(now=T0)
    m.set_paired_zone("counters=counter-1")
    m.apply(Snapshot(make_state(waiting=["A002", "A003"])))
    m.apply(called(11, "A002", 2, T0))
    m.apply(called(12, "A003", 1, T0))
    assert said.numbers == ["A003"]  # only calls of our zone are spoken
    assert [c.number for c in m.board.now_calling(4)] == ["A003"]
    configured = dataclasses.replace(load_config(), zone="counters=counter-2")
    m2 = DisplayModel(configured, clock=Clock(T0), zone="counters=counter-1")
    assert m2.board.zone.counters == {"counter-2"}


def test_a_zone_we_cannot_read_shows_everything_and_says_so() -> None:
    m, _, _ = model()
    m.set_paired_zone("floor=2")
    assert m.board.zone.everything
    assert m.zone_error is not None and "floor" in m.zone_error
    assert m.status()["zone_error"] == m.zone_error


def test_screen_language_and_rotation() -> None:
    m, _, _ = model()
    assert m.ui_language == "en"  # before the first snapshot
    m.apply(Snapshot(make_state(languages=["zh", "en", "ru"])))
    assert m.ui_language == "zh"
    m.rotate_language()
    assert m.ui_language == "en"
    fixed = dataclasses.replace(load_config(), screen=dataclasses.replace(
        load_config().screen, language="ru"))
    m2 = DisplayModel(fixed)
    m2.apply(Snapshot(make_state(languages=["zh", "en"])))
    m2.rotate_language()
    assert m2.ui_language == "ru"


def test_connection_states() -> None:
    m, _, _ = model()
    m.set_pairing_code("123456")
    m.set_connection("pairing")
    assert not m.ever_connected and m.pairing_code == "123456"
    m.set_connection("connected")
    assert m.ever_connected and m.pairing_code is None
    m.set_connection("reconnecting")
    assert m.ever_connected


def test_model_modules_do_not_load_qt() -> None:
    code = ("import sys, display.model, display.board, display.announcements, display.config, "
            "display.layout, display.speech, display.sync, display.say, display.cli, "
            "display.connection, display.zone, display.theme, display.text, "
            "display.view_state; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"
