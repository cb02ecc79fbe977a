"""Colours of the board: dark background, light text, one warm highlight; contrast checked.

A waiting room is often bright and people read from afar: every text colour keeps a WCAG
contrast ratio of at least 7:1 (level AAA) against what it is drawn on; the tests hold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

AAA: Final = 7.0


@dataclass(frozen=True, slots=True)
class Theme:
    """Named colours ("#rrggbb")."""

    background: str = "#0b1524"
    panel: str = "#14233a"  # the rows of the calls table
    header: str = "#060d18"
    text: str = "#ffffff"
    muted: str = "#c4d0e0"  # headings, history, dates
    number: str = "#ffe066"  # called numbers: warm, the most visible thing on the wall
    highlight: str = "#ffb000"  # a call being announced: the row turns amber ...
    on_highlight: str = "#000000"  # ... with black text
    recent: str = "#223f73"  # a call announced a moment ago (with an amber frame)
    on_recent: str = "#ffffff"
    ticker: str = "#ffe066"
    warning: str = "#ffb4a8"  # the discreet "reconnecting" mark

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every (text, background) combination the board draws, by name."""
        return {
            "text": (self.text, self.background),
            "muted": (self.muted, self.background),
            "number": (self.number, self.panel),
            "counter": (self.text, self.panel),
            "highlight": (self.on_highlight, self.highlight),
            "recent": (self.on_recent, self.recent),
            "recent_number": (self.number, self.recent),
            "header": (self.text, self.header),
            "date": (self.muted, self.header),
            "ticker": (self.ticker, self.header),
            "warning": (self.warning, self.header),
        }


DEFAULT: Final = Theme()


def luminance(colour: str) -> float:
    """Relative luminance of "#rrggbb" (WCAG 2)."""
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
