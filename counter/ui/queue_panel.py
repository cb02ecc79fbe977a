"""What waits for this counter: a count per service it serves and the next few numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from counter.model import CounterModel
from counter.ui.fonts import font
from hub.i18n import Translator


class QueuePanel(QWidget):
    """Waiting counts and the next numbers, rebuilt on every model change."""

    def __init__(self, model: CounterModel, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.tr_ = model, tr
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setObjectName("queuePanel")
        self.heading = QLabel(tr._("Waiting"))
        self.heading.setObjectName("heading")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.next_heading = QLabel(tr._("Next in line"))
        self.next_heading.setObjectName("heading")
        self.next_numbers = QLabel()
        self.next_numbers.setObjectName("nextNumbers")
        self.next_numbers.setFont(font(17, bold=True))
        self.next_numbers.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        layout.addSpacing(8)
        layout.addWidget(self.next_heading)
        layout.addWidget(self.next_numbers)
        layout.addStretch(1)
        self._rows: list[tuple[QLabel, QLabel]] = []

    def refresh(self, now: float) -> None:
        """Redraw counts and numbers."""
        services = self.model.services()
        counts = self.model.waiting_counts()
        while len(self._rows) < len(services):
            name, count = QLabel(), QLabel()
            name.setFont(font(14))
            count.setFont(font(16, bold=True))
            count.setObjectName("waitingCount")
            row = len(self._rows)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(count, row, 1)
            self._rows.append((name, count))
        for index, (name, count) in enumerate(self._rows):
            visible = index < len(services)
            name.setVisible(visible)
            count.setVisible(visible)
            if visible:
                service = services[index]
                name.setText(service.names.get(self.tr_.language) or service.names.get("en")
                             or service.id)
                count.setText(str(counts.get(service.id, 0)))
        upcoming = self.model.next_numbers(now)
        self.next_numbers.setFont(font(17, bold=True) if upcoming else font(13))
        self.next_numbers.setText("  ".join(t.number for t in upcoming)
                                  or self.tr_._("Nobody is waiting"))
