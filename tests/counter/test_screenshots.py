"""Screenshots on change: one picture per burst of model changes, none of an unchanged
screen, the page in the name, at most `limit` files with the last one kept for the exit."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from counter.config import load_config
from counter.texts import translator
from counter.ui.app import record_screenshots
from counter.ui.fonts import apply_fonts
from counter.ui.window import CounterWindow
from hub.client import ConnectionState
from tests.counter.helpers import loaded_model

WAIT = 5_000


@pytest.fixture
def window(qapp: QApplication, qtbot) -> Iterator[CounterWindow]:
    apply_fonts(qapp)
    win = CounterWindow(loaded_model("closed"), translator("en"), load_config())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


def files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_one_picture_per_burst_and_none_of_an_unchanged_screen(
        window: CounterWindow, tmp_path: Path, qtbot) -> None:
    shots = tmp_path / "shots"
    recorder = record_screenshots(window, shots, debounce_ms=100)
    qtbot.waitUntil(lambda: len(recorder.saved) == 1, timeout=WAIT)
    model = window.model
    for state in ("open", "paused", "open"):  # a burst: only the settled screen is kept
        model.mirror.counters["counter-1"] = model.counter.model_copy(update={"state": state})
        model.changed()
    qtbot.waitUntil(lambda: len(recorder.saved) == 2, timeout=WAIT)
    model.changed()  # nothing visible changed
    qtbot.wait(400)
    assert files(shots) == ["0001-full.png", "0002-full.png"]

    window.set_mini(True)  # F10: a page switch, not a model change
    qtbot.waitUntil(lambda: len(recorder.saved) == 3, timeout=WAIT)
    model.connection_state = ConnectionState.PAIRING
    model.pairing_code = "654321"
    model.changed()
    qtbot.waitUntil(lambda: len(recorder.saved) == 4, timeout=WAIT)
    recorder.close()
    assert files(shots) == ["0001-full.png", "0002-full.png", "0003-mini.png",
                            "0004-pairing.png", "0005-pairing.png"]
    image = QImage(str(shots / "0002-full.png"))
    assert (image.width(), image.height()) == (800, 480)
    assert QImage(str(shots / "0003-mini.png")).width() < 800


def test_at_most_limit_files_the_last_one_on_exit(
        window: CounterWindow, tmp_path: Path, qtbot,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    shots = tmp_path / "shots"
    recorder = record_screenshots(window, shots, limit=3, debounce_ms=20)
    model = window.model
    for n in range(6):
        model.mirror.counters["counter-1"] = model.counter.model_copy(
            update={"state": ("open", "paused")[n % 2]})
        model.changed()
        qtbot.wait(120)
    assert len(recorder.saved) == 2
    recorder.close()
    assert files(shots) == ["0001-full.png", "0002-full.png", "0003-full.png"]
    assert sum("saving no more" in r.message for r in caplog.records) == 1
