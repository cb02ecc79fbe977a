"""Run the kiosk app: Qt application, window, and the model on Qt's loop (qasync).

Under systemd (`Type=notify`, `WatchdogSec=`) it says READY once the hub connection is
starting and pings the watchdog from the event loop, so a hung loop gets the kiosk
restarted. The unit's main process is the cage compositor (named in $WATCHDOG_PID); the
unit allows pings from any of its processes, so the kiosk pings for the whole session.

SIGTERM, Ctrl-C and "exit" in the service menu stop things in order while the loop still
runs (last screenshot, simulated visitors, watchdog, hub link, printer), then the app ends.
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

from hub.client import qt_refguard as refguard
from hub.client import run_qt_app
from hub.client.qt_screenshots import ScreenshotRecorder
from hub.watchdog import SystemdNotifier
from kiosk.app import Launch, connect, make_model
from kiosk.autopilot import Autopilot
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


def record_screenshots(window: KioskWindow, directory: Path) -> ScreenshotRecorder:
    """`--screenshot-dir`: picture each settled screen the model's changes lead to."""
    recorder = ScreenshotRecorder(window, directory, page=lambda: window.model.screen)
    recorder.stop_on_close(window.model.subscribe(recorder.schedule))
    return recorder


class KioskApp:
    """The window, the model and the helpers around them, for one run."""

    def __init__(self, launch: Launch, options: RunOptions) -> None:
        self.launch = launch
        self.model = make_model(launch)
        self.window = KioskWindow(self.model)
        self.notifier = systemd_notifier()
        self.recorder = (record_screenshots(self.window, options.screenshot_dir)
                         if options.screenshot_dir is not None else None)
        self.autopilot = (Autopilot(self.model, options.autopilot_rate,
                                    seed=options.autopilot_seed)
                          if options.autopilot_rate else None)
        self._status = ""
        self._unsubscribe = self.model.subscribe(self._report)
        self._quit: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.model.on_exit = self.request_stop

    def status_line(self) -> str:
        """What `systemctl status` shows."""
        view = self.model.view
        return f"{view.screen}; hub {view.hub}; printer {view.printer}"

    def _report(self) -> None:
        line = self.status_line()
        if line != self._status:
            self._status = line
            self.notifier.status(line)

    def request_stop(self, *_: object) -> None:
        """Stop in order, then quit (a signal handler, or the service menu's "exit")."""
        if self._loop is not None and self._quit is not None:
            self._loop.call_soon_threadsafe(self._quit.set)
        else:
            app = QApplication.instance()
            if app is not None:
                app.quit()

    async def main(self) -> None:
        """Connect, run until asked to stop, and stop everything."""
        self._loop = asyncio.get_running_loop()
        self._quit = asyncio.Event()
        try:
            await connect(self.model, self.launch)
            self.notifier.ready(self.status_line())
            if self.autopilot is not None:
                self.autopilot.start()
            await self._quit.wait()
        finally:
            await self._stop()

    async def _stop(self) -> None:
        """Each step on its own, so that one failing cannot skip the others."""
        if self.recorder is not None:
            self.recorder.close()  # the screen as it was, before the hub link goes
        steps = (self.autopilot.stop if self.autopilot is not None else None,
                 self.notifier.stopping, self.model.stop)
        for step in steps:
            if step is not None:
                try:
                    await step()
                except Exception:
                    _LOGGER.exception("while stopping the kiosk")
        self._unsubscribe()


def run_kiosk(launch: Launch, options: RunOptions) -> int:
    """Show the kiosk until it is told to stop (service menu "exit", SIGTERM, SIGINT)."""
    refguard.immortalize()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("nowserving-kiosk")
    kiosk = KioskApp(launch, options)
    if options.fullscreen:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a finger needs no pointer
        kiosk.window.showFullScreen()
    else:
        kiosk.window.resize(*WINDOWED_SIZE)
        kiosk.window.show()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, kiosk.request_stop)
    wake = QTimer()  # lets Python run its signal handlers while Qt's loop waits
    wake.timeout.connect(refguard.check)
    wake.start(300)
    run_qt_app(app, kiosk.main())
    wake.stop()
    kiosk.window.close()
    _LOGGER.info("kiosk stopped")
    return 0
