"""Colours, fonts and sizes: everything scales with the window, touch targets with the screen.

Sizes are fractions of the window's short side (`Metrics.px`), so the same layout works
from 768x1024 portrait to 1920x1080 landscape. Touch targets are at least 20 mm on the
physical screen (never below 85 px, which is 20 mm on a 21" 1080p panel).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

TOUCH_MM = 20.0
TOUCH_MIN_PX = 85  # 20 mm at 1920x1080 on a 21" screen (~105 dpi)

# High contrast: every text colour is >= 7:1 against its background (WCAG AAA).
BACKGROUND = QColor("#F3F5F8")
SURFACE = QColor("#FFFFFF")
TEXT = QColor("#101820")
MUTED = QColor("#3F4A59")
PRIMARY = QColor("#0B4F9C")
PRIMARY_DOWN = QColor("#083A73")
PRIORITY = QColor("#7A3300")
PRIORITY_DOWN = QColor("#5A2600")
ON_COLOUR = QColor("#FFFFFF")
DISABLED = QColor("#8A94A3")
WARNING_BG = QColor("#FFE7B0")
WARNING_TEXT = QColor("#4A2A00")
ALERT = QColor("#A4161A")
STATUS_BG = QColor("#E2E6EC")
STATUS_TEXT = QColor("#3A4452")
GOOD = QColor("#1E7F3C")
BAD = QColor("#B3261E")
WARN = QColor("#A35F00")

_CJK = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"]
_WESTERN = ["DejaVu Sans", "Noto Sans", "Liberation Sans"]


def families(language: str) -> list[str]:
    """Font families to try in order; CJK first for Chinese so its metrics lead."""
    if language.split("-", maxsplit=1)[0] in ("zh", "ja", "ko"):
        return [*_CJK, *_WESTERN]
    return [*_WESTERN, *_CJK]


def font(language: str, px: int, *, bold: bool = False) -> QFont:
    """A font for `language` at `px` pixels, falling back to CJK fonts glyph by glyph."""
    result = QFont()
    result.setFamilies(families(language))
    result.setPixelSize(max(1, px))
    result.setBold(bold)
    result.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return result


def touch_min_px(widget: QWidget | None = None) -> int:
    """The smallest touch target in pixels: 20 mm on this screen, at least 85 px."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 0.0
    if not dpi or not math.isfinite(dpi) or dpi < 50 or dpi > 1000:  # unknown or nonsense
        return TOUCH_MIN_PX
    return max(TOUCH_MIN_PX, math.ceil(TOUCH_MM * dpi / 25.4))


@dataclass(frozen=True)
class Metrics:
    """Sizes for one window size."""

    width: int
    height: int
    touch: int

    @classmethod
    def of(cls, widget: QWidget) -> Metrics:
        """The metrics of the window `widget` is in."""
        window = widget.window()
        return cls(max(1, window.width()), max(1, window.height()), touch_min_px(window))

    @property
    def unit(self) -> int:
        """The window's short side."""
        return min(self.width, self.height)

    @property
    def portrait(self) -> bool:
        """Taller than wide."""
        return self.height > self.width

    def px(self, fraction: float) -> int:
        """`fraction` of the short side, in whole pixels (at least 10)."""
        return max(10, round(self.unit * fraction))

    @property
    def margin(self) -> int:
        """Space around and between the big blocks of a screen."""
        return self.px(0.03)

    @property
    def gap(self) -> int:
        """Space between neighbouring buttons (keeps fingers from hitting two)."""
        return max(self.px(0.02), 12)
