"""The scrolling notice line at the bottom of the board.

A notice that fits the width stands still, centred; a longer one scrolls right to left at
a speed tied to the screen size, so it reads the same on every screen. Several languages
follow one another, separated by a bullet.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display.theme import Theme

FRAME_MS = 33
SEPARATOR = "     •     "


class NoticeTicker(QWidget):
    """Paints one line of text, scrolling when it is too long to stand still."""

    def __init__(self, parent: QWidget, theme: Theme) -> None:
        super().__init__(parent)
        self.setObjectName("ticker")
        self.theme = theme
        self.text = ""
        self.speed_px_s = 100.0
        self.offset = 0.0
        self._font = QFont()
        self._text_w = 0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._step)

    @property
    def scrolling(self) -> bool:
        """True when the text is wider than the line and moves."""
        return self._text_w > self.width() * 0.94

    def set_notice(self, texts: list[str], font: QFont, speed_px_s: float) -> None:
        """Show ``texts`` one after another in ``font``."""
        text = SEPARATOR.join(t for t in texts if t)
        changed = text != self.text or font != self._font
        self.text, self._font, self.speed_px_s = text, font, speed_px_s
        self._text_w = QFontMetrics(font).horizontalAdvance(text) if text else 0
        if changed:
            self.offset = 0.0
        self.set_running(self.isVisible())
        self.update()

    def set_running(self, running: bool) -> None:
        """Scroll (when needed) or hold still (hidden, or in screenshots)."""
        if running and self.scrolling and self.text:
            if not self._timer.isActive():
                self._last = time.monotonic()
                self._timer.start()
        else:
            self._timer.stop()

    def _step(self) -> None:
        now = time.monotonic()
        self.offset -= self.speed_px_s * (now - self._last)
        self._last = now
        if self.offset + self._text_w < 0:
            self.offset = float(self.width())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the background and the text at its current offset."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.theme.header))
        if self.text:
            painter.setFont(self._font)
            painter.setPen(QColor(self.theme.ticker))
            pad = self.height() * 0.3
            if self.scrolling:
                box = QRectF(pad + self.offset, 0, self._text_w + 1, self.height())
                painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, self.text)
            else:
                painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.text)
        painter.end()
