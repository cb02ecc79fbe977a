"""Where to send the visitor: another service's queue, or a particular counter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.commands import Target
from counter.model import CounterModel
from counter.texts import counter_state_text
from counter.ui.fonts import font
from hub.i18n import Translator

ROLE = Qt.ItemDataRole.UserRole


class TransferDialog(QDialog):
    """Two lists (services, counters); picking in one clears the other. Emits `chosen`."""

    chosen = Signal(object)  # Target

    def __init__(self, model: CounterModel, tr: Translator,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr._
        self.setObjectName("transferDialog")
        self.setWindowTitle(_("Transfer"))
        ticket = model.ticket
        number = ticket.number if ticket else ""
        title = QLabel(_("Transfer %(number)s to…") % {"number": number})
        title.setFont(font(16, bold=True))
        self.services = QListWidget()
        self.services.setObjectName("transferServices")
        for service in model.all_services():
            name = service.names.get(tr.language) or service.names.get("en") or service.id
            item = QListWidgetItem(f"{service.prefix}  {name}")
            item.setData(ROLE, Target(service_id=service.id))
            self.services.addItem(item)
        self.counters = QListWidget()
        self.counters.setObjectName("transferCounters")
        for counter in model.other_counters():
            label = _("Counter %(number)s") % {"number": counter.number}
            state = counter_state_text(tr, counter.state)
            item = QListWidgetItem(f"{label} · {state}")
            item.setData(ROLE, Target(counter_id=counter.id))
            self.counters.addItem(item)
        for lst in (self.services, self.counters):
            lst.setFont(font(14))
            lst.itemSelectionChanged.connect(lambda lst=lst: self._selected(lst))
            lst.itemDoubleClicked.connect(lambda _item: self.accept())
        columns = QHBoxLayout()
        for heading, lst in ((_("To a service"), self.services),
                             (_("To a counter"), self.counters)):
            column = QVBoxLayout()
            label = QLabel(heading)
            label.setObjectName("heading")
            column.addWidget(label)
            column.addWidget(lst)
            columns.addLayout(column)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Transfer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self._update_ok()

    def target(self) -> Target | None:
        """The chosen destination, if any."""
        for lst in (self.services, self.counters):
            items = lst.selectedItems()
            if items:
                return items[0].data(ROLE)
        return None

    def select(self, target: Target) -> None:
        """Select `target` (keyboard users and tests)."""
        for lst in (self.services, self.counters):
            for row in range(lst.count()):
                if lst.item(row).data(ROLE) == target:
                    lst.setCurrentRow(row)
                    return
        raise LookupError(target)

    def accept(self) -> None:
        """Emit the target and close, if one was chosen."""
        target = self.target()
        if target is None:
            return
        super().accept()
        self.chosen.emit(target)

    def _selected(self, lst: QListWidget) -> None:
        other = self.counters if lst is self.services else self.services
        if lst.selectedItems() and other.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.target() is not None)
