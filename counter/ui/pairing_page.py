"""The first-start screen: the six-digit pairing code, big enough to read across a desk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter.model import CounterModel
from counter.texts import connection_text
from counter.ui.fonts import font
from hub.i18n import Translator


class PairingPage(QWidget):
    """Shows the code to approve, or why the terminal must be paired again."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.title = QLabel()
        self.title.setFont(font(16))
        self.title.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("pairingCode")
        self.code.setFont(font(72, bold=True))
        self.hint = QLabel()
        self.hint.setFont(font(13))
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        for label in (self.title, self.code, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)

    def refresh(self, model: CounterModel) -> None:
        """Show the model's pairing code ("123 456") or its connection state."""
        _ = self.tr_._
        code = model.pairing_code or ""
        self.title.setText(_("Pair this terminal with the hub"))
        self.code.setText(f"{code[:3]} {code[3:]}" if code else "")
        self.hint.setText(_("Ask an administrator to approve this code for your counter.")
                          if code else connection_text(self.tr_, model.connection_state))
