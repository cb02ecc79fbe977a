"""Small building blocks shared by the board's parts: plain labels and the number label."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from display.layout import Rect

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def label(parent: QWidget, align: Qt.AlignmentFlag, name: str) -> QLabel:
    """A one-line label with no margins, transparent, aligned as asked."""
    widget = QLabel(parent)
    widget.setObjectName(name)
    widget.setAlignment(align)
    widget.setWordWrap(False)
    widget.setContentsMargins(0, 0, 0, 0)
    widget.setIndent(0)
    widget.setMargin(0)
    widget.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    return widget


def colour(widget: QWidget, fg: str, bg: str = "transparent") -> None:
    """Set text and background colour (only when they change: restyling costs a repaint)."""
    style = f"color: {fg}; background: {bg};"
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)


def place(widget: QWidget, rect: Rect, origin: Rect | None = None) -> None:
    """Put ``widget`` at ``rect`` (window pixels), relative to ``origin`` if it is nested."""
    x, y = (rect.x - origin.x, rect.y - origin.y) if origin else (rect.x, rect.y)
    widget.setGeometry(x, y, rect.w, rect.h)
    widget.setVisible(rect.w > 0 and rect.h > 0)


class NumberLabel(QLabel):
    """A called number; tells ``on_painted`` when its text reached the screen (benchmark)."""

    on_painted: Callable[[str], None] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, then report the text just painted."""
        super().paintEvent(event)
        observer = NumberLabel.on_painted
        if observer is not None and self.text():
            observer(self.text())
