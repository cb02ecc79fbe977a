"""Make a text fit its label: the largest font size up to a limit, never spilling.

Layout gives each label a box and a largest font size; long texts (a Russian service name,
a long site name) get a smaller size instead of being cut. Only below ``min_px`` is a text
elided with "…", so nothing is ever clipped mid-glyph or drawn over its neighbour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel

MIN_PX = 8


def text_width(font: QFont, text: str) -> int:
    """Pixels ``text`` needs across (the advance, or the ink when it overhangs)."""
    metrics = QFontMetrics(font)
    return max(metrics.horizontalAdvance(text), metrics.boundingRect(text).width())


def fits(font: QFont, text: str, width: int, height: int) -> bool:
    """True when ``text`` in ``font`` fits a ``width`` x ``height`` box on one line."""
    return text_width(font, text) <= width and QFontMetrics(font).height() <= height


def fitted_font(font: QFont, text: str, width: int, height: int, max_px: int,
                min_px: int = MIN_PX) -> QFont:
    """``font`` at the largest pixel size <= ``max_px`` at which ``text`` fits the box."""
    best = QFont(font)
    low, high = min_px, max(min_px, max_px)
    best.setPixelSize(low)
    while low <= high:
        mid = (low + high) // 2
        trial = QFont(font)
        trial.setPixelSize(mid)
        if fits(trial, text, width, height):
            best, low = trial, mid + 1
        else:
            high = mid - 1
    return best


def set_fitted(label: QLabel, text: str, font: QFont, max_px: int,
               min_px: int = MIN_PX) -> None:
    """Show ``text`` in ``label`` at the largest size that fits (elided only below min)."""
    box = label.contentsRect()
    chosen = fitted_font(font, text, box.width(), box.height(), max_px, min_px)
    if text and not fits(chosen, text, box.width(), box.height()):
        text = QFontMetrics(chosen).elidedText(text, Qt.TextElideMode.ElideRight, box.width())
        while text and text_width(chosen, text) > box.width():
            text = text[:-2] + "…" if len(text) > 1 else ""
    label.setFont(chosen)
    label.setText(text)


def set_fitted_group(labels: list[QLabel], texts: list[str], font: QFont, max_px: int,
                     min_px: int = MIN_PX) -> None:
    """Like ``set_fitted`` for a column or table: one size, the largest that fits them all.

    Mixed sizes in one table read as untidy and suggest an importance that is not there.
    """
    px = max_px
    for widget, text in zip(labels, texts, strict=True):
        if text:
            box = widget.contentsRect()
            px = min(px, fitted_font(font, text, box.width(), box.height(), px,
                                     min_px).pixelSize())
    for widget, text in zip(labels, texts, strict=True):
        set_fitted(widget, text, font, px, min_px)
