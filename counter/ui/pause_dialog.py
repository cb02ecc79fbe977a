"""Why the counter takes a break: one touch on a usual reason, or a few typed words."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.texts import pause_reasons
from counter.ui.fonts import font
from hub.i18n import Translator

MAX_REASON = 100  # the hub's limit (PauseRequest.reason)


class PauseDialog(QDialog):
    """Emits `chosen(reason)`; a preset button chooses at once."""

    chosen = Signal(str)

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr._
        self.setObjectName("pauseDialog")
        self.setWindowTitle(_("Pause"))
        title = QLabel(_("Reason for the break"))
        title.setFont(font(16, bold=True))
        grid = QGridLayout()
        self.presets: list[QPushButton] = []
        for index, reason in enumerate(pause_reasons(tr)):
            button = QPushButton(reason)
            button.setFont(font(14))
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, r=reason: self._choose(r))
            grid.addWidget(button, index // 2, index % 2)
            self.presets.append(button)
        self.other = QLineEdit()
        self.other.setMaxLength(MAX_REASON)
        self.other.setPlaceholderText(_("Other reason"))
        self.other.setFont(font(14))
        self.other.returnPressed.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pause"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.other)
        layout.addWidget(buttons, alignment=Qt.AlignmentFlag.AlignRight)

    def accept(self) -> None:
        """Pause with the typed reason (may be empty)."""
        self._choose(self.other.text().strip())

    def _choose(self, reason: str) -> None:
        super().accept()
        self.chosen.emit(reason[:MAX_REASON])
