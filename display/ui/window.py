"""The display's window: the board, or the pairing screen while an admin has to approve us.

It listens to the model and redraws the part that changed; three timers keep the clock,
the blink of a call being announced, and (optionally) the rotation of the screen language.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPixmap
from PySide6.QtWidgets import QStackedWidget, QWidget

from display.model import DisplayModel, Highlight
from display.theme import DEFAULT, Theme
from display.ui.board_page import BoardPage
from display.ui.pairing_page import PairingPage
from hub.client import qt_refguard as refguard

BLINK_MS = 500


def local_now() -> dt.datetime:
    """The wall clock of this machine."""
    return dt.datetime.now().astimezone()


class DisplayWindow(QStackedWidget):
    """The whole screen."""

    def __init__(self, model: DisplayModel, *, theme: Theme = DEFAULT,
                 now: Callable[[], dt.datetime] = local_now,
                 parent: QWidget | None = None) -> None:
        refguard.immortalize()  # see hub/client/qt_refguard.py
        super().__init__(parent)
        self.setWindowTitle("Now Serving")
        self.setObjectName("display")
        self.setStyleSheet(f"#display {{ background: {theme.background}; }}")
        self.model = model
        self.board = BoardPage(model, theme, now, self)
        self.pairing = PairingPage(model, theme, self)
        self.addWidget(self.board)
        self.addWidget(self.pairing)
        # The model must not keep its view alive: a window held only through a reference
        # cycle is destroyed whenever the garbage collector runs, even in the middle of a
        # paint (a crash). A weak reference leaves its lifetime to whoever shows it.
        changed = weakref.WeakMethod(self._changed)

        def listener(what: str) -> None:
            method = changed()
            if method is not None:
                method(what)

        self._unsubscribe = model.subscribe(listener)
        self.clock_timer = QTimer(self)
        self.clock_timer.timeout.connect(self._tick_clock)
        self.blink_timer = QTimer(self)
        self.blink_timer.setInterval(BLINK_MS)
        self.blink_timer.timeout.connect(self._blink)
        self.language_timer = QTimer(self)
        self.language_timer.timeout.connect(model.rotate_language)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self._choose_page()

    def start_timers(self) -> None:
        """Start the clock, blink and language timers (not in screenshot tests)."""
        self._tick_clock()
        self.blink_timer.start()
        rotate = self.model.config.screen.rotate_languages_s
        if rotate > 0:
            self.language_timer.start(round(rotate * 1000))

    def stop_timers(self) -> None:
        """Stop every timer (and the ticker)."""
        for timer in (self.clock_timer, self.blink_timer, self.language_timer):
            timer.stop()
        self.board.ticker.set_running(False)

    def _changed(self, what: str) -> None:
        if what in ("pairing", "connection"):
            self._choose_page()
            self.pairing.refresh()
        if what == "language":
            self.pairing.refresh()
        if what == "highlight":
            self.board.blink_on = True  # a call that starts being announced lights at once
        self.board.refresh(what)

    @property
    def page_name(self) -> str:
        """The page on screen ("board", "pairing"), for screenshot names."""
        return "pairing" if self.currentWidget() is self.pairing else "board"

    def picture(self) -> QPixmap:
        """The window as a picture, a blinking row caught in its lit phase.

        A screenshot taken in the dark half of a blink would show the call being announced
        as not lit at all; relighting it only starts its blink cycle over.
        """
        if not self.board.blink_on:
            self.board.blink_on = True
            self.board.refresh("blink")
        return self.grab()

    def _choose_page(self) -> None:
        pairing = self.model.page == "pairing"
        self.setCurrentWidget(self.pairing if pairing else self.board)
        self.board.ticker.set_running(not pairing and self.clock_timer.isActive())

    def _tick_clock(self) -> None:
        refguard.check()
        self.board.refresh("clock")
        # Wake up just after the next full second, so the minute turns over on time.
        now = dt.datetime.now()
        self.clock_timer.start(1000 - now.microsecond // 1000 + 5)

    def _blink(self) -> None:
        expired = self.model.expire_highlights()
        speaking = any(self.model.highlight(c) is Highlight.SPEAKING
                       for c in self.model.board.now_calling(self.model.config.screen.rows))
        if speaking:
            self.board.blink_on = not self.board.blink_on
            self.board.refresh("blink")
        elif not self.board.blink_on or expired:
            self.board.blink_on = True
            self.board.refresh("blink")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """F11 toggles full screen (installers), Escape leaves it."""
        if event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop timers and stop listening to the model."""
        self.stop_timers()
        self._unsubscribe()
        super().closeEvent(event)
