"""A local mirror of the office, kept current from the hub's snapshot and event stream.

Events carry full snapshots of the tickets and counters they change, so applying one is a
replacement, never arithmetic: the mirror cannot drift from the hub. Both the counter
window and the headless keypad bridge read it. No Qt, no I/O, no clock reads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from hub.api.schemas import (
    CounterView,
    EventMessage,
    ServiceView,
    StateView,
    TicketSnapshot,
)

log = logging.getLogger(__name__)

QUEUED = frozenset({"waiting", "transferred"})
AT_COUNTER = frozenset({"called", "serving"})


@dataclass
class OfficeMirror:
    """Counters, services and open tickets as of `seq`."""

    seq: int = 0
    hub_id: str = ""
    site: str = ""
    business_day: str = ""
    languages: list[str] = field(default_factory=list)
    services: dict[str, ServiceView] = field(default_factory=dict)
    counters: dict[str, CounterView] = field(default_factory=dict)
    tickets: dict[str, TicketSnapshot] = field(default_factory=dict)  # queued or at a counter
    loaded: bool = False

    def load(self, state: StateView) -> None:
        """Replace everything with a snapshot."""
        self.seq, self.hub_id, self.site = state.seq, state.hub_id, state.site
        self.business_day, self.languages = state.business_day, list(state.languages)
        self.services = {s.id: s for s in state.services}
        self.counters = {c.id: c for c in state.counters}
        self.tickets = {t.id: t for t in state.waiting}
        self.loaded = True

    def apply(self, event: EventMessage) -> TicketSnapshot | None:
        """Apply one event; returns the ticket it carried (if any) for the caller to react."""
        self.seq = max(self.seq, event.seq)
        ticket = _parse(TicketSnapshot, event.data.get("ticket"))
        if ticket is not None:
            self.put_ticket(ticket)
        raw_counter = event.data.get("counter")
        if isinstance(raw_counter, dict):
            self._update_counter(raw_counter)
        if event.type == "day.closed":
            self.business_day = str(event.data.get("new_business_day", self.business_day))
        return ticket

    def put_ticket(self, ticket: TicketSnapshot) -> None:
        """Remember a ticket while it is open; forget it once it is finished."""
        if ticket.state in QUEUED or ticket.state in AT_COUNTER:
            self.tickets[ticket.id] = ticket
        else:
            self.tickets.pop(ticket.id, None)

    def _update_counter(self, raw: dict[str, object]) -> None:
        counter_id = str(raw.get("id", ""))
        known = self.counters.get(counter_id)
        if known is None:
            log.warning("event for unknown counter %r ignored", counter_id)
            return
        ticket_id = raw.get("ticket_id")
        ticket = self.tickets.get(str(ticket_id)) if ticket_id else None
        self.counters[counter_id] = known.model_copy(update={
            "state": raw.get("state", known.state),
            "ticket_id": ticket_id,
            "ticket_number": ticket.number if ticket else (
                known.ticket_number if ticket_id == known.ticket_id else None),
            "pause_reason": raw.get("pause_reason"),
            "changed_at": raw.get("changed_at", known.changed_at),
        })

    # -- questions ----------------------------------------------------------------------------
    def current_ticket(self, counter_id: str) -> TicketSnapshot | None:
        """The visitor at `counter_id` (called or being served), if known."""
        counter = self.counters.get(counter_id)
        if counter is None or counter.ticket_id is None:
            return None
        return self.tickets.get(counter.ticket_id)

    def missing_tickets(self) -> list[str]:
        """Tickets at counters whose details the snapshot did not include (fetch them)."""
        return [c.ticket_id for c in self.counters.values()
                if c.ticket_id is not None and c.ticket_id not in self.tickets]

    def queued(self) -> list[TicketSnapshot]:
        """Every waiting ticket, oldest first."""
        waiting = [t for t in self.tickets.values() if t.state in QUEUED]
        return sorted(waiting, key=lambda t: (t.queued_at, t.number))

    def waiting_for(self, counter_id: str, now: float) -> list[TicketSnapshot]:
        """Tickets this counter may call, in the order it will probably call them.

        The hub decides (priority boost and overdue rules are office policy the snapshot does
        not carry); this order puts tickets sent to this counter first, then priority
        tickets, then the longest weighted wait — right in the common case.
        """
        counter = self.counters.get(counter_id)
        if counter is None:
            return []

        def key(t: TicketSnapshot) -> tuple[int, int, float, float, str]:
            weight = counter.skills.get(t.service_id, 0.0)
            return (0 if t.target_counter_id == counter_id else 1,
                    0 if t.priority != "normal" else 1,
                    -weight * max(0.0, now - t.queued_at), t.queued_at, t.number)

        return sorted((t for t in self.queued() if _eligible(t, counter)), key=key)

    def waiting_counts(self, service_ids: Iterable[str]) -> dict[str, int]:
        """How many wait for each of `service_ids` (any counter)."""
        counts = dict.fromkeys(service_ids, 0)
        for ticket in self.queued():
            if ticket.service_id in counts:
                counts[ticket.service_id] += 1
        return counts

    def served_services(self, counter_id: str) -> list[str]:
        """The services `counter_id` serves, strongest skill first."""
        counter = self.counters.get(counter_id)
        if counter is None:
            return []
        skills = [(w, s) for s, w in counter.skills.items() if w > 0]
        order = list(self.services)
        return [s for _, s in sorted(skills, key=lambda ws: (-ws[0], _index(order, ws[1])))]


def _eligible(ticket: TicketSnapshot, counter: CounterView) -> bool:
    if counter.skills.get(ticket.service_id, 0.0) <= 0:
        return False
    return ticket.target_counter_id in (None, counter.id)


def _index(items: list[str], item: str) -> int:
    return items.index(item) if item in items else len(items)


def _parse(model: type[TicketSnapshot], raw: object) -> TicketSnapshot | None:
    if not isinstance(raw, dict):
        return None
    try:
        return model.model_validate(raw)
    except ValidationError:
        log.exception("unreadable ticket in event: %.200s", raw)
        return None
