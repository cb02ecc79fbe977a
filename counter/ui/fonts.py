"""Fonts that cover every script the terminal shows (Latin, Cyrillic, Chinese).

Qt picks a fallback per missing glyph only from the families it is given, so the list
names a Latin/Cyrillic face first and the CJK faces Debian installs after it
(fonts-wqy-microhei by default, fonts-noto-cjk when present).
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

FAMILIES = ["DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
            "Droid Sans Fallback", "Sans Serif"]


def font(point_size: float = 12, *, bold: bool = False) -> QFont:
    """A font with the CJK fallback list."""
    f = QFont()
    f.setFamilies(FAMILIES)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def apply_fonts(app: QApplication) -> None:
    """Make the fallback list the application default."""
    app.setFont(font(12))
