"""Start the counter terminal: Qt application, model, hub connection, keypad and LED sign."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from counter.actions import Action
from counter.autopilot import Autopilot
from counter.commands import Outcome
from counter.config import CounterConfig
from counter.connection import make_connection, send_status_now, token_credentials
from counter.keypad_input import KeypadRouter
from counter.led_feed import LedFeed
from counter.model import CounterModel
from counter.texts import translator
from counter.ui.fonts import apply_fonts
from counter.ui.window import CounterWindow
from counter.view_state import StateFileWriter
from hardware.keypad import LinkState, keypad_from_config
from hardware.led import LedDisplay, led_from_config
from hub.client import qt_refguard as refguard
from hub.client import run_qt_app
from hub.client.qt_screenshots import DEBOUNCE_MS, LIMIT, ScreenshotRecorder

log = logging.getLogger(__name__)


@dataclass
class GuiOptions:
    """The command line, resolved against the config file."""

    config: CounterConfig
    language: str
    state_dir: Path
    hub_url: str | None = None
    interfaces: list[str] | None = None
    token: str | None = None
    fullscreen: bool = False
    mini: bool = False
    screenshot_dir: Path | None = None  # demo/test hooks: see record_screenshots below,
    state_file: Path | None = None  # counter/view_state.py
    autopilot_s: float | None = None  # and counter/autopilot.py
    autopilot_seed: int | None = None


def record_screenshots(window: CounterWindow, directory: Path, *,
                       limit: int = LIMIT, debounce_ms: int = DEBOUNCE_MS) -> ScreenshotRecorder:
    """`--screenshot-dir`: picture each settled screen after model changes and page switches.

    Other counters' events notify too; a picture equal to the previous one is not saved.
    """
    recorder = ScreenshotRecorder(window, directory, page=lambda: window.page_name,
                                  limit=limit, debounce_ms=debounce_ms)
    recorder.stop_on_close(window.model.subscribe(recorder.schedule))
    window.page_changed.connect(recorder.schedule)  # F10 is not a model change
    recorder.stop_on_close(lambda: window.page_changed.disconnect(recorder.schedule))
    return recorder


class Terminal:
    """Owns the running parts so they are stopped in order."""

    def __init__(self, options: GuiOptions, window: CounterWindow, model: CounterModel) -> None:
        self.options, self.window, self.model = options, window, model
        self.router: KeypadRouter | None = None
        self.led: LedDisplay | None = None
        self.state_file: StateFileWriter | None = None
        self.screenshots: ScreenshotRecorder | None = None
        self.autopilot: Autopilot | None = None

    async def run(self) -> None:
        """Connect and follow the hub until the window closes."""
        o, cfg = self.options, self.options.config
        credentials = None
        if o.token:
            credentials = await token_credentials(o.token, cfg.counter_id, o.hub_url,
                                                  o.interfaces)
        connection = make_connection(name=cfg.name, state_dir=o.state_dir, hub_url=o.hub_url,
                                     interfaces=o.interfaces, token_credentials=credentials)
        self.model.attach(connection)
        connection.status_provider = self.status
        try:
            self._start_recording()
            self._start_hardware()
            await connection.start()
            if o.autopilot_s is not None:
                self.autopilot = Autopilot(self.model, o.autopilot_s, seed=o.autopilot_seed)
                self.autopilot.start()
            await asyncio.Event().wait()  # until the app quits and cancels us
        finally:
            if self.autopilot is not None:
                await self.autopilot.stop()
            if self.screenshots is not None:
                self.screenshots.close()  # the last live screen, before the link goes
            await self._stop_hardware()
            await connection.stop()
            await self.model.aclose()
            if self.state_file is not None:
                self.state_file.stop()  # after the stop: the file says "stopped"

    def _start_recording(self) -> None:
        o = self.options
        if o.state_file is not None:
            self.state_file = StateFileWriter(o.state_file, self.model,
                                              lambda: self.window.page_name)
            self.window.page_changed.connect(self._page_changed)  # F10 is not a model change
            self.state_file.start()
        if o.screenshot_dir is not None:
            self.screenshots = record_screenshots(self.window, o.screenshot_dir)

    def _page_changed(self, _page: str) -> None:
        if self.state_file is not None:
            self.state_file.update()

    def _start_hardware(self) -> None:
        cfg = self.options.config
        if cfg.led is not None:
            self.led = led_from_config(cfg.led)
            self.led.start()
            self.model.led = LedFeed(self.led, self.model.counter_id, blink_s=cfg.led_blink_s)
        if cfg.keypad is not None:
            keypad = keypad_from_config(cfg.keypad)
            self.router = KeypadRouter(keypad, self.execute, counter_id=self.model.counter_id,
                                       on_state=self._keypad_state)
            self.router.start()

    async def _stop_hardware(self) -> None:
        if self.router is not None:
            await self.router.stop()
        if self.led is not None:
            await asyncio.to_thread(self.led.close)

    async def execute(self, _counter_id: str, action: Action, key: str) -> Outcome:
        """A keypad press: the same path as the buttons, with the press id as key."""
        target = self.options.config.keypad_transfer if action is Action.TRANSFER else None
        return await self.model.perform(action, key=key, target=target)

    def status(self) -> dict[str, Any]:
        """Device status for the hub: keypad and sign state."""
        status: dict[str, Any] = {"mini": self.window.mini}
        if self.router is not None:
            status["keypad"] = self.router.status()
        if self.led is not None:
            status["led"] = {"state": str(self.led.state)}
        self.model.device_status = status
        return status

    def _keypad_state(self, state: LinkState) -> None:
        log.info("keypad %s", state)
        if self.model.connection is not None:
            task = asyncio.get_running_loop().create_task(
                send_status_now(self.model.connection, self.status()))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())


def run_gui(options: GuiOptions) -> int:
    """Show the terminal and run until its window is closed."""
    refguard.immortalize()  # before the first PySide6 call: see hub/client/qt_refguard.py
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_fonts(app)
    cfg = options.config
    model = CounterModel(cfg.counter_id, next_count=cfg.next_count, stats_dir=options.state_dir)
    window = CounterWindow(model, translator(options.language), cfg)
    if options.mini:
        window.set_mini(True)
    if options.fullscreen and not options.mini:
        window.showFullScreen()
    else:
        window.show()
    terminal = Terminal(options, window, model)
    # systemd stops the appliance with SIGTERM: quit the event loop so the hub connection,
    # keypad and sign are closed in order (Python runs the handler between Qt events).
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    with contextlib.suppress(KeyboardInterrupt):
        run_qt_app(app, terminal.run())
    return 0
