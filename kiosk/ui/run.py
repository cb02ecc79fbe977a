"""Run the kiosk app: Qt application, window, and the model on Qt's loop (qasync).

Under systemd (`Type=notify`, `WatchdogSec=`) it says READY once the hub connection is
starting and pings the watchdog from the event loop, so a hung loop gets the kiosk
restarted. The unit's main process is the cage compositor (named in $WATCHDOG_PID); the
unit allows pings from any of its processes, so the kiosk pings for the whole session.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from hub.client import run_qt_app
from hub.watchdog import SystemdNotifier
from kiosk.app import Launch, connect, make_model
from kiosk.autopilot import Autopilot
from kiosk.model import KioskModel
from kiosk.ui import refguard
from kiosk.ui.screenshots import ScreenshotRecorder
from kiosk.ui.window import KioskWindow

_LOGGER = logging.getLogger(__name__)
WINDOWED_SIZE = (1280, 800)


@dataclass(frozen=True)
class RunOptions:
    """How the window runs; the last three are demo and end-to-end test hooks."""

    fullscreen: bool = True
    screenshot_dir: Path | None = None
    autopilot_rate: float | None = None  # simulated visitors per second
    autopilot_seed: int | None = None


def systemd_notifier() -> SystemdNotifier:
    """The shared notifier, pinging for cage (see the module docstring)."""
    return SystemdNotifier({k: v for k, v in os.environ.items() if k != "WATCHDOG_PID"})


def _status_line(model: KioskModel) -> str:
    view = model.view
    return f"{view.screen}; hub {view.hub}; printer {view.printer}"


def run_kiosk(launch: Launch, options: RunOptions) -> int:
    """Show the kiosk until it is closed (service menu "exit", SIGTERM, SIGINT)."""
    refguard.immortalize()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("nowserving-kiosk")
    model = make_model(launch)
    window = KioskWindow(model)
    if options.fullscreen:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a finger needs no pointer
        window.showFullScreen()
    else:
        window.resize(*WINDOWED_SIZE)
        window.show()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    wake = QTimer()  # lets Python run its signal handlers while Qt's loop waits
    wake.start(300)
    wake.timeout.connect(refguard.check)
    notifier = systemd_notifier()
    status = [""]

    def report() -> None:
        line = _status_line(model)
        if line != status[0]:
            status[0] = line
            notifier.status(line)

    unsubscribe = model.subscribe(report)
    recorder = (ScreenshotRecorder(window, options.screenshot_dir)
                if options.screenshot_dir is not None else None)
    autopilot = (Autopilot(model, options.autopilot_rate, seed=options.autopilot_seed)
                 if options.autopilot_rate else None)

    async def main() -> None:
        try:
            await connect(model, launch)
            notifier.ready(_status_line(model))
            if autopilot is not None:
                autopilot.start()
            await asyncio.Event().wait()  # until the app quits (this task is cancelled)
        finally:
            if recorder is not None:
                recorder.close()  # the screen as it was, before the hub link goes
            # Each step on its own: a failing one must not keep the printer and hub link open.
            for step in (autopilot.stop if autopilot is not None else None,
                         notifier.stopping, model.stop):
                if step is not None:
                    try:
                        await step()
                    except Exception:
                        _LOGGER.exception("while stopping the kiosk")
            unsubscribe()

    run_qt_app(app, main())
    wake.stop()
    _LOGGER.info("kiosk stopped")
    return 0
