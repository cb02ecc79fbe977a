"""Run the kiosk app: Qt application, window, and the model on Qt's loop (qasync)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from hub.client import run_qt_app
from kiosk.app import Launch, connect, make_model
from kiosk.ui import refguard
from kiosk.ui.window import KioskWindow

_LOGGER = logging.getLogger(__name__)
WINDOWED_SIZE = (1280, 800)


def run_kiosk(launch: Launch, *, fullscreen: bool) -> int:
    """Show the kiosk until it is closed (service menu "exit", SIGTERM, SIGINT)."""
    refguard.immortalize()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("Now Serving kiosk")
    model = make_model(launch)
    window = KioskWindow(model)
    if fullscreen:
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

    async def main() -> None:
        try:
            await connect(model, launch)
            await asyncio.Event().wait()  # until the app quits (this task is cancelled)
        finally:
            await model.stop()

    run_qt_app(app, main())
    wake.stop()
    _LOGGER.info("kiosk stopped")
    return 0
