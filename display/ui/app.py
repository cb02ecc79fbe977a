"""The running display: model, window, announcer and hub connection wired together.

``DisplayApp`` is started and stopped on the qasync loop (Qt's own loop running asyncio), so
the hub client's coroutines and the widgets share one thread; only speech runs on its own
worker thread, and comes back through ``SpeechSignals``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from display.config import DisplayConfig
from display.connection import LinkOptions, open_connection
from display.model import DisplayModel
from display.speech import Announcer
from display.sync import HubSync
from display.ui.speech_signals import SpeechSignals
from display.ui.window import DisplayWindow
from display.view_state import StateFileWriter, screen_key
from hub import __version__
from hub.client import ConnectionState, DeviceConnection, HubBridge, StreamItem, run_qt_app
from hub.client import qt_refguard as refguard
from hub.client.qt_screenshots import DEBOUNCE_MS, LIMIT, ScreenshotRecorder
from hub.watchdog import SystemdNotifier

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AppOptions:
    """Everything the command line decides."""

    config: DisplayConfig
    link: LinkOptions
    audio_out: Path | None = None
    fullscreen: bool = True
    size: tuple[int, int] = (1280, 720)  # windowed
    screenshot_dir: Path | None = None  # demo/test hooks: see record_screenshots below
    state_file: Path | None = None  # and display/view_state.py


def record_screenshots(window: DisplayWindow, directory: Path, *,
                       limit: int = LIMIT, debounce_ms: int = DEBOUNCE_MS) -> ScreenshotRecorder:
    """``--screenshot-dir``: picture the wall each time what it shows changes.

    A call is a burst (board, then the highlight as the voice starts) that gives one
    picture, a blinking row caught lit. The model's ``screen_key`` tells what changes the
    picture, so another zone's event or the same estimates again save nothing, and the
    clock and the scrolling notice never ask for one; an announcement is heard, not seen.
    """
    recorder = ScreenshotRecorder(window, directory, page=lambda: window.page_name,
                                  picture=window.picture,
                                  screen_key=lambda: screen_key(window.model),
                                  limit=limit, debounce_ms=debounce_ms)

    def changed(what: str) -> None:
        if what != "announced":
            recorder.schedule()

    recorder.stop_on_close(window.model.subscribe(changed))
    return recorder


class DisplayApp:
    """One display: build with options, ``await start()``, ``await stop()``."""

    def __init__(self, options: AppOptions) -> None:
        refguard.immortalize()  # before the first PySide6 call: see hub/client/qt_refguard.py
        self.options = options
        config = options.config
        self.announcer = Announcer.from_config(config.speech, audio_out=options.audio_out,
                                               queue_size=config.announce.queue_size)
        self.model = DisplayModel(config, announcer=self.announcer)
        self.signals = SpeechSignals()
        self.signals.attach(self.announcer, self.model)
        self.window = DisplayWindow(self.model)
        self.connection: DeviceConnection | None = None
        self.bridge: HubBridge | None = None
        self.sync: HubSync | None = None
        self.systemd = systemd_notifier()
        self.state_file = (StateFileWriter(options.state_file, self.model)
                           if options.state_file is not None else None)
        self.screenshots: ScreenshotRecorder | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._unsubscribe = self.model.subscribe(self._model_changed)

    async def start(self) -> None:
        """Show the window, start speaking, connect to the hub."""
        if self.options.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.resize(*self.options.size)
            self.window.show()
        self.window.start_timers()
        if self.state_file is not None:
            self.state_file.start()
        if self.options.screenshot_dir is not None:
            self.screenshots = record_screenshots(self.window, self.options.screenshot_dir)
        self.announcer.start()
        self.systemd.ready("showing the board")  # ready even while the hub is away
        link = replace(self.options.link, app_version=__version__)
        self.connection = await open_connection(link, status_provider=self.status)
        self.bridge = HubBridge(self.connection)
        self.bridge.snapshot.connect(self._apply)
        self.bridge.event.connect(self._apply)
        self.bridge.connectionStateChanged.connect(self._connection_changed)
        self.bridge.pairingCode.connect(self.model.set_pairing_code)
        self.sync = HubSync(self.connection, self.model)
        self._tasks.append(asyncio.get_running_loop().create_task(self.sync.run()))
        self.bridge.start()

    async def stop(self) -> None:
        """Disconnect, stop speaking (joining the speech thread), close the window."""
        await self.systemd.stopping()
        if self.screenshots is not None:
            self.screenshots.close()  # the last live screen, before the hub link goes
            self.screenshots = None
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self.bridge is not None:
            await self.bridge.stop()
        await _off_the_ui_thread(self.announcer.stop)
        if self.state_file is not None:
            self.state_file.stop()  # after the link stopped: the file says "stopped"
        self._unsubscribe()
        self.window.close()
        # Delete our Qt objects here, on the UI thread. Left to Python's garbage collector,
        # they could be freed on whichever thread happens to collect (the speech thread),
        # leaving their timers registered with Qt: a crash when one next fires.
        for obj in (self.window, self.signals, self.bridge):
            if obj is not None:
                obj.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def status(self) -> dict[str, Any]:
        """The heartbeat status: zone, languages, audio."""
        size = self.window.size()
        return {**self.model.status(), **self.announcer.status(),
                "screen": f"{size.width()}x{size.height()}"}

    def _apply(self, item: StreamItem) -> None:
        """Apply a stream item, under the zone of the credentials it came with.

        The zone given at pairing arrives with the token; it must be in force before the
        first snapshot is judged, or calls of other zones could be announced once.
        """
        credentials = self.connection.credentials if self.connection else None
        zone = credentials.zone if credentials else None
        if zone != self.model.paired_zone:
            self.model.set_paired_zone(zone)
        self.model.apply(item)

    def _connection_changed(self, state: str) -> None:
        self.model.set_connection(state)
        self.systemd.status(f"hub connection: {state}")
        if state == ConnectionState.REVOKED and not self.options.link.token:
            # Our token was revoked: pair again, the way a new display does.
            self._tasks.append(asyncio.get_running_loop().create_task(self._pair_again()))

    async def _pair_again(self) -> None:
        """Start over as a new display after our token was revoked.

        The client announces "revoked" before it has forgotten the token, so the refused
        credentials are deleted here too: restarting with them would only be refused again.
        """
        connection = self.connection
        assert connection is not None
        await asyncio.sleep(1.0)  # let the connection finish on its own
        connection.store.delete()
        await connection.stop()
        await connection.start()

    def _model_changed(self, what: str) -> None:
        if what == "board" and self.sync is not None:
            self.sync.poke()


async def _off_the_ui_thread(work: Callable[[], None]) -> None:
    """Run blocking ``work`` on a plain thread and wait for it without blocking Qt.

    Not ``run_in_executor``: qasync's default executor runs on QThreads, which outlived
    their loop and crashed Qt's event dispatch in the next loop of the same application.
    """
    loop = asyncio.get_running_loop()
    done = asyncio.Event()

    def target() -> None:
        try:
            work()
        finally:
            loop.call_soon_threadsafe(done.set)

    thread = threading.Thread(target=target, name="display-stop")
    thread.start()
    await done.wait()
    thread.join()


def systemd_notifier() -> SystemdNotifier:
    """sd_notify for the unit (Type=notify, WatchdogSec=), as a child of the cage compositor.

    The unit's main process is cage, so systemd names cage in $WATCHDOG_PID and the shared
    notifier would then never ping; the unit allows pings from any of its processes
    (NotifyAccess=all), so the display pings for the whole session.
    """
    return SystemdNotifier({k: v for k, v in os.environ.items() if k != "WATCHDOG_PID"})


def run(options: AppOptions) -> int:
    """Run the display until its window is closed or it is told to stop (SIGTERM, Ctrl-C)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("nowserving-display")
    # Python runs signal handlers between bytecodes; the window's timers give it the chance.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.quit())
    display = DisplayApp(options)

    async def main() -> int:
        await display.start()
        try:
            await asyncio.Event().wait()  # until the window closes (run_qt_app cancels us)
        finally:
            await display.stop()
        return 0

    result = run_qt_app(app, main())
    return 0 if result is None else result
