"""``--state-file``: what the wall shows and says, from the model, written atomically."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest

from display.config import load_config
from display.model import DisplayModel
from display.view_state import StateFileWriter, screen_key, visible_state
from hub.client import Snapshot
from tests.display.helpers import T0, busy_office, called, make_state


def busy(now: float = T0 + 5, **screen: object) -> DisplayModel:
    cfg = load_config()
    cfg = dataclasses.replace(cfg, screen=dataclasses.replace(cfg.screen, **screen))
    model = DisplayModel(cfg, clock=lambda: now)
    model.apply(Snapshot(busy_office()))
    model.set_connection("connected")
    return model


def test_calls_in_screen_order_with_the_lit_row() -> None:
    model = busy()
    newest = model.board.now_calling(4)[0]
    model.announcement_started(newest)
    state = visible_state(model)
    assert (state["app"], state["page"], state["connection"]) == ("display", "board",
                                                                  "connected")
    assert state["pairing_code"] is None
    calls = state["calls"]
    # Four big rows (latest per counter), then the earlier calls, as on the screen.
    assert [(c["number"], c["row"]) for c in calls[:5]] == [
        ("A042", "now"), ("B017", "now"), ("C008", "now"), ("A041", "now"),
        ("A040", "earlier")]
    assert len(calls) == 11  # every call of the sample office is on the screen
    assert calls[0] == {"number": "A042", "counter_number": "3", "counter_id": "counter-3",
                        "recall": False, "row": "now", "highlighted": True}
    assert not any(c["highlighted"] for c in calls[1:])
    assert state["waiting"] == {
        "general": {"waiting": 12, "estimated_wait_s": 900},
        "payments": {"waiting": 3, "estimated_wait_s": 240},
        "documents": {"waiting": 0, "estimated_wait_s": None}}
    assert state["announced"] == []
    json.dumps(state)  # plain JSON values only


def test_waiting_figures_hidden_by_the_settings_are_not_listed() -> None:
    assert visible_state(busy(show_waiting=False))["waiting"] == {}


def test_the_last_twenty_heard_announcements_oldest_first(tmp_path: Path) -> None:
    model = busy()
    model.apply(Snapshot(make_state(waiting=[f"A{i:03d}" for i in range(1, 26)])))
    for i in range(1, 26):
        model.apply(called(10 + i, f"A{i:03d}", 1 + i % 4, T0))
        call = model.board.now_calling(1)[0]
        model.announcement_heard(call, ["en", "ru"], tmp_path / f"{i:04d}.wav")
    announced = visible_state(model)["announced"]
    assert len(announced) == 20
    assert announced[0]["number"] == "A006" and announced[-1] == {
        "number": "A025", "counter_number": "2", "languages": ["en", "ru"],
        "wav": str(tmp_path / "0025.wav")}


def test_pairing_page() -> None:
    model = DisplayModel(load_config())
    model.set_connection("pairing")
    assert visible_state(model)["page"] == "board"  # no code yet: "Connecting…"
    model.set_pairing_code("123456")
    state = visible_state(model)
    assert (state["page"], state["pairing_code"], state["calls"]) == ("pairing", "123456", [])


def test_screen_key_sees_the_blink_but_not_what_is_only_heard(tmp_path: Path) -> None:
    model = busy(now=T0 + 100)  # every call stale: none lit
    call = model.board.now_calling(1)[0]
    before = screen_key(model)
    model.announcement_heard(call, ["en"], tmp_path / "x.wav")
    assert screen_key(model) == before
    model.announcement_started(call)
    speaking = screen_key(model)
    model.announcement_finished(call)
    assert len({before, speaking, screen_key(model)}) == 3  # off, blinking, steady


def test_the_file_is_rewritten_only_when_something_changed(tmp_path: Path) -> None:
    now = [1000.0]
    model = busy()
    path = tmp_path / "run" / "display.json"
    writer = StateFileWriter(path, model, clock=lambda: now[0])
    writer.start()
    first = json.loads(path.read_text())
    assert first["updated_at"] == 1000.0 and first["calls"][0]["number"] == "A042"
    now[0] = 1001.0
    model.set_connection("connected")  # a notification that changes nothing shown
    model.refresh_estimates(busy_office())
    assert writer.writes == 1
    model.set_connection("reconnecting")
    assert json.loads(path.read_text())["connection"] == "reconnecting"
    assert writer.writes == 2 and json.loads(path.read_text())["updated_at"] == 1001.0
    assert [p.name for p in path.parent.iterdir()] == ["display.json"]  # no temp files left
    writer.stop()
    model.set_connection("stopped")
    assert json.loads(path.read_text())["connection"] == "reconnecting"


def test_a_file_that_cannot_be_written_is_reported_once(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    model = busy()
    path = tmp_path / "display.json"
    writer = StateFileWriter(path, model)
    writer.start()
    path.unlink()
    path.mkdir()  # a folder in the way: os.replace fails (chmod would not stop root)
    with caplog.at_level(logging.WARNING, logger="display.view_state"):
        model.set_connection("reconnecting")
        model.set_connection("searching")
    path.rmdir()
    model.set_connection("reconnecting")
    assert len([r for r in caplog.records if "state file" in r.getMessage()]) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["display.json"]  # temp files removed
    assert json.loads(path.read_text())["connection"] == "reconnecting"
    assert writer.writes == 2
