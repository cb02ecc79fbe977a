"""The staff status bar: hub connection and printer state, small and quiet at the bottom.

Holding a finger on it for two seconds asks for the service menu PIN: staff know, visitors
do not stumble on it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.model import KioskModel
from kiosk.ui import theme
from kiosk.ui.theme import Metrics

LONG_PRESS_MS = 2000
_PRINTER_COLOUR = {"ready": theme.GOOD, "paper_low": theme.WARN, "unknown": theme.DISABLED,
                   "none": theme.DISABLED}


class StatusBar(QWidget):
    """Two coloured dots with words; a long press opens the service menu."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(LONG_PRESS_MS)
        self._hold.timeout.connect(model.open_service_menu)
        self.setAccessibleName("status")

    def sizeHint(self) -> QSize:
        """Preferred size, relative to the window."""
        return QSize(100, max(24, Metrics.of(self).px(0.04)))

    def minimumSizeHint(self) -> QSize:
        """Smallest useful size (touch targets stay touchable)."""
        return self.sizeHint()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start the long-press countdown."""
        self._hold.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A short press does nothing."""
        self._hold.stop()
        event.accept()

    def parts(self) -> list[tuple[QColor, str]]:
        """The coloured items shown, left to right (also what tests read)."""
        view, texts = self.model.view, self.model.texts
        hub = theme.GOOD if view.hub == "connected" else theme.BAD
        printer = _PRINTER_COLOUR.get(view.printer, theme.BAD)
        items = [(hub, texts.hub_status(view.hub)), (printer, texts.printer_status(view.printer))]
        if view.unseen:
            items.append((theme.WARN, texts.n_("%(n)d ticket to cancel", "%(n)d tickets to cancel",
                                               view.unseen) % {"n": view.unseen}))
        return items

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the widget."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.STATUS_BG)
        language = self.model.language
        px = max(11, self.height() * 45 // 100)
        painter.setFont(theme.font(language, px))
        metrics = painter.fontMetrics()
        x = self.height() // 2
        dot = px * 6 // 10
        for colour, words in self.parts():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(x, (self.height() - dot) // 2, dot, dot)
            x += dot + px // 2
            painter.setPen(theme.STATUS_TEXT)
            width = metrics.horizontalAdvance(words)
            painter.drawText(QRect(x, 0, width + 2, self.height()),
                             int(Qt.AlignmentFlag.AlignVCenter), words)
            x += width + px * 2
        name = self.model.view.device_name
        painter.setPen(theme.STATUS_TEXT)
        painter.drawText(self.rect().adjusted(x, 0, -self.height() // 2, 0),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                         metrics.elidedText(name, Qt.TextElideMode.ElideLeft,
                                            max(0, self.width() - x - self.height())))
