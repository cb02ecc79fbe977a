"""Announcer callbacks, which run on the speech worker thread, as Qt signals on the UI thread.

Emitting a signal from another thread queues it to the receiver's thread (Qt's automatic
connection), so the model is only ever touched from the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from display.board import Call
from display.model import DisplayModel
from display.speech import Announcer
from hardware.speech import SpokenAnnouncement


class SpeechSignals(QObject):
    """``started``/``finished`` for each call's announcement; ``heard`` when it made sound."""

    started = Signal(object)  # Call
    finished = Signal(object)  # Call
    heard = Signal(object, object)  # Call, SpokenAnnouncement (emitted before finished)

    def attach(self, announcer: Announcer, model: DisplayModel) -> None:
        """Route the announcer's callbacks to the model, through the UI thread."""
        announcer.on_started = self.started.emit
        announcer.on_finished = self.finished.emit
        announcer.on_heard = self.heard.emit
        self.started.connect(self._started)
        self.finished.connect(self._finished)
        self.heard.connect(self._heard)
        self._model = model

    def _started(self, call: Call) -> None:
        self._model.announcement_started(call)

    def _finished(self, call: Call) -> None:
        self._model.announcement_finished(call)

    def _heard(self, call: Call, spoken: SpokenAnnouncement) -> None:
        languages = list(dict.fromkeys(u.lang for u in spoken.utterances))
        self._model.announcement_heard(call, languages, spoken.path)
