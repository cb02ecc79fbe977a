"""The state file: what the screen shows as JSON, rewritten atomically and only on change."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from counter.view_state import StateFileWriter, visible_state, write_json_atomically
from hub.client import ConnectionState
from tests.counter.helpers import loaded_model

KEYS = ["app", "page", "connection", "pairing_code", "counter_id", "counter_state", "ticket",
        "waiting", "served_today", "updated_at"]


def test_the_screen_as_json() -> None:
    model = loaded_model(ticket_state="serving")
    model.stats.served = 3
    assert visible_state(model, "full") == {
        "app": "counter", "page": "full", "connection": "connected", "pairing_code": None,
        "counter_id": "counter-1", "counter_state": "open",
        "ticket": {"number": "A001", "state": "serving", "service_id": "general"},
        "waiting": {"general": 0}, "served_today": 3}
    # Named by the hub before its details arrived: the number is shown all the same.
    model.mirror.tickets.clear()
    assert visible_state(model, "mini")["ticket"] == {"number": "A001", "state": "called",
                                                      "service_id": None}


def test_before_pairing(tmp_path: Path) -> None:
    model = loaded_model()
    model.mirror.counters.clear()
    model.connection_state = ConnectionState.PAIRING
    model.pairing_code = "123456"
    assert model.needs_pairing
    state = visible_state(model, "pairing")
    assert (state["connection"], state["pairing_code"]) == ("pairing", "123456")
    assert (state["counter_state"], state["ticket"], state["waiting"]) == (None, None, {})


def test_rewritten_atomically_only_when_the_screen_changes(tmp_path: Path) -> None:
    model = loaded_model("closed")
    path = tmp_path / "deep" / "counter.json"
    times = iter(range(1000, 2000))
    writer = StateFileWriter(path, model, lambda: "full", clock=lambda: float(next(times)))
    writer.start()
    first = json.loads(path.read_text())
    assert list(first) == KEYS
    assert (first["counter_state"], first["updated_at"]) == ("closed", 1000.0)
    model.changed()  # another counter's event: nothing this screen shows
    assert writer.writes == 1
    model.mirror.counters["counter-1"] = model.counter.model_copy(update={"state": "open"})
    model.changed()
    assert writer.writes == 2
    assert json.loads(path.read_text())["counter_state"] == "open"
    writer.stop()
    model.connection_state = ConnectionState.STOPPED
    model.changed()
    assert writer.writes == 2
    assert [p.name for p in path.parent.iterdir()] == ["counter.json"]  # no temp files


def test_an_unwritable_file_is_reported_once_and_never_raises(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    model = loaded_model()
    path = tmp_path / "state.json"
    writer = StateFileWriter(path, model, lambda: "full")
    writer.start()
    path.unlink()
    path.mkdir()  # os.replace onto a directory fails
    caplog.set_level(logging.WARNING)
    for n in range(3):
        model.stats.served = n + 1
        model.changed()
    assert writer.writes == 1
    assert sum("could not write the state file" in r.message for r in caplog.records) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
    with pytest.raises(OSError):
        write_json_atomically(path, {"a": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
