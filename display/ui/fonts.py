"""Fonts of the board: one family list per script, so Chinese never shows as empty boxes.

Qt falls back along the list glyph by glyph. Latin and Cyrillic read best in DejaVu Sans,
Chinese needs a CJK font (Noto Sans CJK SC when installed, else WenQuanYi Micro Hei, which
Debian's ``fonts-wqy-microhei`` provides). Ticket numbers always use DejaVu Sans Bold: its
digits and capitals are wide and unambiguous (0/O, 1/I) from across a room.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QFont

CJK: Final = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
LATIN: Final = ["DejaVu Sans"]


def families(lang: str) -> list[str]:
    """The family list for text in ``lang``."""
    return [*CJK, *LATIN] if lang == "zh" else [*LATIN, *CJK]


def text_font(lang: str, px: int, *, bold: bool = False) -> QFont:
    """A font for words in ``lang`` at ``px`` pixels."""
    font = QFont()
    font.setFamilies(families(lang))
    font.setPixelSize(max(1, px))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def number_font(px: int) -> QFont:
    """The font of called ticket and counter numbers."""
    font = QFont()
    font.setFamilies([*LATIN, *CJK])
    font.setPixelSize(max(1, px))
    font.setBold(True)
    return font
