"""The visitor at the counter: number, service, how long they waited, how long they are here.

Timers are live: the window refreshes them every second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter.model import CounterModel
from counter.texts import duration
from counter.ui.fonts import font
from hub.i18n import Translator


class TicketPanel(QWidget):
    """Current ticket and its timers; `refresh` is called every second and on changes."""

    def __init__(self, model: CounterModel, tr: Translator, *, number_pt: float = 60,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.tr_ = model, tr
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setObjectName("ticketPanel")
        self.heading = QLabel(tr._("Now serving"))
        self.heading.setObjectName("heading")
        self.number = QLabel("–")
        self.number.setObjectName("ticketNumber")
        self.number.setFont(font(number_pt, bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.service = QLabel()
        self.service.setObjectName("serviceName")
        self.service.setFont(font(number_pt / 4))
        self.waited = QLabel()
        self.at_counter = QLabel()
        for label in (self.waited, self.at_counter):
            label.setFont(font(number_pt / 4.5))
            label.setObjectName("timer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        for widget in (self.heading, self.number, self.service, self.waited, self.at_counter):
            layout.addWidget(widget)
        layout.addStretch(1)

    def refresh(self, now: float) -> None:
        """Redraw from the model as of `now`."""
        _ = self.tr_._
        ticket = self.model.ticket
        counter = self.model.counter
        if ticket is None:
            number = counter.ticket_number if counter and counter.ticket_id else None
            self.number.setText(number or "–")
            self.service.setText("" if number else _("Nobody at the counter"))
            self.waited.setText("")
            self.at_counter.setText("")
            return
        self.number.setText(ticket.number)
        service = self.model.mirror.services.get(ticket.service_id)
        name = ticket.service_id
        if service is not None:
            name = service.names.get(self.tr_.language) or service.names.get("en") or name
        extras = []
        if ticket.priority != "normal":
            extras.append(_("priority"))
        if ticket.recall_count:
            extras.append(_("recalled %(n)d×") % {"n": ticket.recall_count})
        self.service.setText(" · ".join([name, *extras]))
        self.waited.setText(_("Waited %(time)s") % {"time": duration(self.model.waited_s(now))})
        at = duration(self.model.at_counter_s(now))
        if ticket.state == "serving":
            self.at_counter.setText(_("Being served for %(time)s") % {"time": at})
        else:
            self.at_counter.setText(_("Called %(time)s ago") % {"time": at})
