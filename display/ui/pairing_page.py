"""The pairing screen: the six-digit code, large enough to read from the admin's desk.

Shown while the display has no token and waits for an admin to approve it
(``nowserving hub pair approve CODE``, optionally with ``--zone``).
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from display.layout import Rect
from display.model import DisplayModel
from display.text import translator
from display.theme import Theme
from display.ui.fit import set_fitted
from display.ui.fonts import number_font, text_font
from display.ui.widgets import CENTER, colour, label, place


def spaced(code: str) -> str:
    """"123456" -> "123 456": two groups are easier to read out and type."""
    digits = code.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 6 else digits


class PairingPage(QWidget):
    """Title, code, and what to do with it."""

    def __init__(self, model: DisplayModel, theme: Theme, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("pairing")
        self.setStyleSheet(f"#pairing {{ background: {theme.background}; }}")
        self.model = model
        self.title = label(self, CENTER, "pairing_title")
        self.name = label(self, CENTER, "pairing_name")
        self.code = label(self, CENTER, "pairing_code")
        self.hint = label(self, CENTER, "pairing_hint")
        self.command = label(self, CENTER, "pairing_command")
        colour(self.title, theme.text)
        colour(self.name, theme.muted)
        colour(self.code, theme.number)
        colour(self.hint, theme.muted)
        colour(self.command, theme.text)
        self._boxes: dict[str, tuple[Rect, int]] = {}

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Boxes and sizes from the window size."""
        super().resizeEvent(event)
        w, h = self.width(), self.height()
        u = min(w, h) / 100
        m = 4 * u
        top = (h - 80 * u) / 2
        spec = {"title": (0, 10, 0.6), "name": (11, 6, 0.6), "code": (22, 30, 0.8),
                "hint": (58, 7, 0.6), "command": (67, 7, 0.6)}
        for key, (y, height, share) in spec.items():
            rect = Rect.of(m, top + y * u, w - 2 * m, height * u)
            self._boxes[key] = (rect, round(share * height * u))
            place(getattr(self, key), rect)
        self.refresh()

    def refresh(self) -> None:
        """Write the texts for the current code and language."""
        if not self._boxes:
            return
        tr = translator(self.model.ui_language)
        lang = tr.language
        code = self.model.pairing_code or ""
        texts = {
            "title": tr._("Pair this display with the hub"),
            "name": self.model.config.name,
            "code": spaced(code) if code else "…",
            "hint": tr._("An administrator approves this code on the hub:"),
            "command": f"nowserving hub pair approve {code.replace(' ', '')}" if code else "",
        }
        for key, text in texts.items():
            _rect, px = self._boxes[key]
            font = number_font(px) if key in ("code", "command") else text_font(
                lang, px, bold=key == "title")
            set_fitted(getattr(self, key), text, font, px)
