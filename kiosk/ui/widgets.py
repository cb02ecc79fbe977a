"""Touch widgets that size their text to fit: labels, buttons, the QR code.

Text is drawn at the largest size that fits its box (up to a size relative to the window),
so a long Russian service name shrinks instead of being clipped and a short Chinese one
stays big.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk.qr import qr_matrix
from kiosk.ui import theme
from kiosk.ui.theme import Metrics

_ALIGN = Qt.AlignmentFlag


def fitted_font(base: QFont, text: str, width: int, height: int, max_px: int, *,
                wrap: bool = True) -> QFont:
    """`base` at the largest pixel size <= `max_px` at which `text` fits width x height."""
    flags = int(Qt.TextFlag.TextWordWrap) if wrap else 0
    low, high = 6, max(6, max_px)
    result = QFont(base)
    while low < high:
        middle = (low + high + 1) // 2
        result.setPixelSize(middle)
        box = QFontMetrics(result).boundingRect(QRect(0, 0, max(1, width), 1 << 20),
                                                flags, text)
        if box.width() <= width and box.height() <= height:
            low = middle
        else:
            high = middle - 1
    result.setPixelSize(low)
    return result


def draw_fitted(painter: QPainter, rect: QRect, text: str, base: QFont, max_px: int,
                align: Qt.AlignmentFlag, *, wrap: bool = True) -> None:
    """Draw `text` in `rect`, shrunk until it fits."""
    painter.setFont(fitted_font(base, text, rect.width(), rect.height(), max_px, wrap=wrap))
    flags = int(align) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
    painter.drawText(rect, flags, text)


class FitLabel(QWidget):
    """Text of at most `size` x the window's short side, shrinking to fit its box."""

    def __init__(self, text: str = "", *, size: float = 0.04, bold: bool = False,
                 color: QColor = theme.TEXT, align: Qt.AlignmentFlag = _ALIGN.AlignCenter,
                 lines: float = 1.0, wrap: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.scale = size
        self.bold = bold
        self.color = color
        self.align = align
        self.lines = lines
        self.wrap = wrap
        self.language = "en"
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_text(self, text: str, language: str | None = None) -> None:
        """Show `text` (in `language`, which picks the font)."""
        if language is not None:
            self.language = language
        if text != self.text:
            self.text = text
            self.setAccessibleName(text)
            self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Preferred size, relative to the window."""
        px = Metrics.of(self).px(self.scale)
        margins = self.contentsMargins()
        height = round(px * 1.35 * self.lines) + margins.top() + margins.bottom()
        return QSize(px * 4, height if self.text else 0)

    def minimumSizeHint(self) -> QSize:
        """Smallest useful size (touch targets stay touchable)."""
        return QSize(10, round(self.sizeHint().height() * 0.6))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the widget."""
        if not self.text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(self.color)
        base = theme.font(self.language, 10, bold=self.bold)
        draw_fitted(painter, self.contentsRect(), self.text, base,
                    Metrics.of(self).px(self.scale), self.align, wrap=self.wrap)


class TouchButton(QAbstractButton):
    """A big button: a title and an optional second line, no hover-only cues.

    `kind` is "primary" (blue), "priority" (dark orange), "plain" (outlined) or "selected".
    The pressed state is drawn darker so a touch is visibly taken.
    """

    _FILL: ClassVar[dict[str, tuple[QColor, QColor, QColor]]] = {
        "primary": (theme.PRIMARY, theme.PRIMARY_DOWN, theme.ON_COLOUR),
        "priority": (theme.PRIORITY, theme.PRIORITY_DOWN, theme.ON_COLOUR),
        "selected": (theme.PRIMARY, theme.PRIMARY_DOWN, theme.ON_COLOUR),
        "plain": (theme.SURFACE, QColor("#D5DCE6"), theme.PRIMARY),
    }

    def __init__(self, title: str = "", subtitle: str = "", *, kind: str = "primary",
                 size: float = 0.045, align: Qt.AlignmentFlag = _ALIGN.AlignCenter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.subtitle = subtitle
        self.kind = kind
        self.scale = size
        self.align = align
        self.language = "en"
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_content(self, title: str, subtitle: str = "", *, language: str = "en",
                    kind: str | None = None) -> None:
        """Change what the button says."""
        self.title, self.subtitle, self.language = title, subtitle, language
        if kind is not None:
            self.kind = kind
        self.setAccessibleName(f"{title} {subtitle}".strip())
        self.update()

    def sizeHint(self) -> QSize:
        """Preferred size, relative to the window."""
        metrics = Metrics.of(self)
        return QSize(metrics.touch * 2, metrics.touch)

    def minimumSizeHint(self) -> QSize:
        """Smallest useful size (touch targets stay touchable)."""
        touch = Metrics.of(self).touch
        return QSize(touch, touch)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the widget."""
        metrics = Metrics.of(self)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill, down, ink = self._FILL.get(self.kind, self._FILL["primary"])
        if not self.isEnabled():
            fill, ink = theme.DISABLED, theme.ON_COLOUR
        elif self.isDown():
            fill = down
        radius = min(self.height() // 6, metrics.px(0.015))
        painter.setPen(theme.PRIMARY if self.kind == "plain" else Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), radius, radius)
        pad = max(metrics.px(0.012), min(self.height(), self.width()) // 10)
        inner = self.rect().adjusted(pad, pad // 2, -pad, -pad // 2)
        painter.setPen(ink)
        title_px = metrics.px(self.scale)
        if self.subtitle:
            title_box = QRect(inner.x(), inner.y(), inner.width(), inner.height() * 62 // 100)
            sub_box = QRect(inner.x(), title_box.bottom() + 1, inner.width(),
                            inner.bottom() - title_box.bottom())
            vertical = _ALIGN.AlignBottom
            draw_fitted(painter, title_box, self.title,
                        theme.font(self.language, 10, bold=True), title_px,
                        self.align | vertical)
            draw_fitted(painter, sub_box, self.subtitle, theme.font(self.language, 10),
                        round(title_px * 0.62), self.align | _ALIGN.AlignTop)
        else:
            draw_fitted(painter, inner, self.title, theme.font(self.language, 10, bold=True),
                        title_px, self.align | _ALIGN.AlignVCenter)


class QrCode(QWidget):
    """A QR code drawn module by module, as large as fits, with its quiet zone."""

    QUIET = 4  # modules of white around the code, as the QR standard asks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, data: str) -> None:
        """Encode `data` (a URL)."""
        if data != self.data:
            self.data = data
            self.setAccessibleName(data)
            self.update()

    def sizeHint(self) -> QSize:
        """Preferred size, relative to the window."""
        side = Metrics.of(self).px(0.3)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        """Smallest useful size (touch targets stay touchable)."""
        side = Metrics.of(self).px(0.18)
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the widget."""
        if not self.data:
            return
        matrix = qr_matrix(self.data)
        count = len(matrix) + 2 * self.QUIET
        module = max(1, min(self.width(), self.height()) // count)  # whole pixels: crisp
        side = module * count
        left = (self.width() - side) // 2
        top = (self.height() - side) // 2
        painter = QPainter(self)
        painter.fillRect(left, top, side, side, theme.SURFACE)
        dark = QColor("#000000")
        for y, row in enumerate(matrix):
            for x, cell in enumerate(row):
                if cell:
                    painter.fillRect(left + (x + self.QUIET) * module,
                                     top + (y + self.QUIET) * module, module, module, dark)
