"""``--screenshot-dir``: one picture per settled new screen, named by page, bounded per run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from display.config import load_config
from display.model import DisplayModel
from display.theme import DEFAULT
from display.ui.app import record_screenshots
from display.ui.window import DisplayWindow
from hub.client import Snapshot
from hub.client.qt_screenshots import ScreenshotRecorder
from tests.display.helpers import T0, busy_office, called, make_state

NOTICE = {"en": "Please have your passport or ID card ready. " * 6}  # long: it scrolls


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def shown(qtbot: QtBot, clock: Clock) -> DisplayWindow:
    cfg = load_config()
    cfg = dataclasses.replace(cfg, screen=dataclasses.replace(cfg.screen, language="en",
                                                              notice=NOTICE))
    model = DisplayModel(cfg, clock=clock)
    window = DisplayWindow(model, now=lambda: dt.datetime(2026, 11, 23, 14, 5))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def names(recorder: ScreenshotRecorder) -> list[str]:
    return [p.name for p in recorder.saved]


def lit_share(image: QImage, window: DisplayWindow) -> float:
    """The share of the first call row painted in the highlight colour."""
    row = window.board.calls.frames[0].geometry()
    amber = QColor(DEFAULT.highlight)
    points = [(x, y) for x in range(row.left(), row.right(), 4)
              for y in range(row.top(), row.bottom(), 4)]
    return sum(image.pixelColor(x, y) == amber for x, y in points) / len(points)


def test_one_picture_per_settled_change_and_one_on_exit(qtbot: QtBot, tmp_path: Path) -> None:
    clock = Clock(T0 + 100)
    window = shown(qtbot, clock)
    model = window.model
    recorder = record_screenshots(window, tmp_path / "shots")
    try:
        qtbot.waitUntil(lambda: len(recorder.saved) == 1, timeout=3000)  # the first screen
        started = time.monotonic()
        model.apply(Snapshot(busy_office()))  # a burst: snapshot, connection, estimates
        model.set_connection("connected")
        model.refresh_estimates(busy_office())
        qtbot.waitUntil(lambda: len(recorder.saved) == 2, timeout=3000)
        assert time.monotonic() - started >= 0.25  # debounced, not at the first change
        qtbot.wait(600)
        assert len(recorder.saved) == 2  # one picture for the burst

        # What changes nothing the wall shows takes no picture: the same figures again,
        # the clock, the scrolling notice.
        model.refresh_estimates(busy_office())
        model.set_connection("connected")
        window._tick_clock()
        window.board.ticker.set_running(True)
        assert window.board.ticker.scrolling
        qtbot.wait(700)
        window.board.ticker.set_running(False)
        assert len(recorder.saved) == 2

        model.apply(called(12, "A043", 1, T0 + 100))  # a new call, lit (no announcer)
        qtbot.waitUntil(lambda: len(recorder.saved) == 3, timeout=3000)
        model.set_pairing_code("123456")
        model.set_connection("pairing")
        qtbot.waitUntil(lambda: len(recorder.saved) == 4, timeout=3000)
    finally:
        recorder.close()
    assert names(recorder) == ["0001-board.png", "0002-board.png", "0003-board.png",
                               "0004-pairing.png", "0005-pairing.png"]  # the last: on exit
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == names(recorder)
    image = QImage(str(recorder.saved[2]))
    assert (image.width(), image.height()) == (1280, 720)
    model.set_connection("connected")  # closed: no longer follows the model
    qtbot.wait(400)
    assert len(recorder.saved) == 5


def test_a_call_being_announced_is_pictured_lit(qtbot: QtBot, tmp_path: Path) -> None:
    window = shown(qtbot, Clock(T0 + 100))
    model = window.model
    model.apply(Snapshot(busy_office()))
    model.set_connection("connected")
    recorder = record_screenshots(window, tmp_path, debounce_ms=50)
    try:
        qtbot.waitUntil(lambda: len(recorder.saved) == 1, timeout=3000)
        model.announcement_started(model.board.now_calling(1)[0])
        window.board.blink_on = False  # caught in the dark half of a blink
        window.board.refresh("blink")
        qtbot.waitUntil(lambda: len(recorder.saved) == 2, timeout=3000)
    finally:
        recorder.close()
    assert lit_share(QImage(str(recorder.saved[0])), window) == 0
    assert lit_share(QImage(str(recorder.saved[1])), window) > 0.5


def test_at_most_limit_files_then_one_warning(qtbot: QtBot, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    window = shown(qtbot, Clock(T0 + 100))
    model = window.model
    model.apply(Snapshot(make_state(waiting=[f"A{i:03d}" for i in range(1, 9)])))
    recorder = record_screenshots(window, tmp_path, limit=3, debounce_ms=20)
    try:
        with caplog.at_level(logging.WARNING, logger="hub.client.qt_screenshots"):
            for i in range(1, 7):
                model.apply(called(10 + i, f"A{i:03d}", 1 + i % 4, T0 + 100))
                qtbot.wait(80)
    finally:
        recorder.close()
    assert names(recorder) == ["0001-board.png", "0002-board.png", "0003-board.png"]
    assert len(list(tmp_path.iterdir())) == 3
    assert len([r for r in caplog.records if "saving no more" in r.getMessage()]) == 1
