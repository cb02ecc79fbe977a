"""The model's change notifications as a Qt signal, so widgets connect the Qt way."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from counter.model import CounterModel


class ModelSignals(QObject):
    """Emits `changed` whenever the model says it changed (always on the GUI thread)."""

    changed = Signal()

    def __init__(self, model: CounterModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._unsubscribe = model.subscribe(self.changed.emit)

    def detach(self) -> None:
        """Stop listening (the window is closing)."""
        self._unsubscribe()
