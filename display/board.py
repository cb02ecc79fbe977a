"""What the wall shows: recent calls, counters and waiting lines, kept from snapshots and events.

Pure state, no Qt and no I/O. A snapshot (``StateView``) replaces everything; events update
it one at a time. Applying is idempotent (waiting tickets are a set, calls are keyed by
ticket and time), so an event seen twice, or one already inside a later snapshot, changes
nothing. The zone filters what is read, not what is kept, so changing it needs no resync.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from pydantic import ValidationError

from display.zone import Zone
from hub.api.schemas import EventMessage, StateView, TicketSnapshot

log = logging.getLogger(__name__)

KEEP_CALLS: Final = 40
QUEUED: Final = frozenset({"waiting", "transferred"})


@dataclass(frozen=True, slots=True)
class Call:
    """One call (or recall) of a ticket to a counter; ``at`` is the hub's time of the call."""

    ticket_id: str
    number: str
    service_id: str
    counter_id: str
    counter_number: str
    at: float
    recall: bool = False

    @property
    def key(self) -> tuple[str, float]:
        """Identity of this call: a recall of the same ticket is a new call."""
        return (self.ticket_id, self.at)


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """A service's queue as the display lists it."""

    id: str
    prefix: str
    names: Mapping[str, str]
    waiting: int
    estimated_wait_s: int | None

    def name(self, lang: str) -> str:
        """The service's name in ``lang`` (falling back to any name, then the id)."""
        return self.names.get(lang) or next(iter(self.names.values()), self.id)


@dataclass(frozen=True, slots=True)
class CounterInfo:
    """A counter: its number, the services it serves and whether it is open."""

    id: str
    number: str
    services: tuple[str, ...]
    state: str = "closed"


@dataclass
class Board:
    """The office as the display knows it; read through the zone."""

    zone: Zone = field(default_factory=Zone)
    seq: int = 0
    hub_id: str = ""
    site: str = ""
    business_day: str = ""
    languages: list[str] = field(default_factory=list)
    loaded: bool = False
    _calls: list[Call] = field(default_factory=list)  # newest first, every counter
    _services: dict[str, ServiceLine] = field(default_factory=dict)
    _counters: dict[str, CounterInfo] = field(default_factory=dict)
    _waiting: dict[str, str] = field(default_factory=dict)  # ticket id -> service id

    # -- changing ------------------------------------------------------------------------------
    def load(self, state: StateView) -> list[Call]:
        """Replace everything with a snapshot; returns its calls in this zone, newest first."""
        self.seq, self.hub_id, self.site = state.seq, state.hub_id, state.site
        self.business_day, self.languages = state.business_day, list(state.languages)
        self._counters = {c.id: CounterInfo(c.id, c.number, tuple(c.skills), c.state)
                          for c in state.counters}
        self._services = {s.id: ServiceLine(s.id, s.prefix, dict(s.names), s.waiting,
                                            s.estimated_wait_s) for s in state.services}
        self._waiting = {t.id: t.service_id for t in state.waiting}
        calls = [Call(c.ticket_id, c.number, c.service_id, c.counter_id, c.counter_number,
                      c.at, c.recall) for c in state.recent_calls]
        self._calls = sorted(calls, key=lambda c: c.at, reverse=True)[:KEEP_CALLS]
        self.loaded = True
        return [c for c in self._calls if self._in_zone(c)]

    def refresh_estimates(self, state: StateView) -> None:
        """Take the wait estimates of a later snapshot, keeping the calls we already have."""
        for s in state.services:
            line = self._services.get(s.id)
            if line is not None:
                self._services[s.id] = replace(line, estimated_wait_s=s.estimated_wait_s)

    def apply(self, event: EventMessage) -> Call | None:
        """Apply one event; returns the call it made when it is a call in this zone."""
        self.seq = max(self.seq, event.seq)
        data = event.data
        if event.type == "day.closed":
            self.business_day = str(data.get("new_business_day", self.business_day))
            self._calls.clear()
            self._waiting.clear()
            return None
        if isinstance(data.get("counter"), Mapping):
            self._apply_counter(data["counter"])
        ticket = _ticket(data.get("ticket"))
        if ticket is None:
            return None
        if ticket.state in QUEUED:
            self._waiting[ticket.id] = ticket.service_id
        else:
            self._waiting.pop(ticket.id, None)
        if event.type not in ("ticket.called", "ticket.recalled"):
            return None
        counter_id = str(data.get("counter_id") or ticket.counter_id or "")
        info = self._counters.get(counter_id)
        number = str(data.get("counter_number") or (info.number if info else counter_id))
        call = Call(ticket.id, ticket.number, ticket.service_id, counter_id, number,
                    ticket.called_at or event.at, event.type == "ticket.recalled")
        if any(c.key == call.key for c in self._calls):
            return None
        self._calls.insert(0, call)
        self._calls.sort(key=lambda c: c.at, reverse=True)
        del self._calls[KEEP_CALLS:]
        return call if self._in_zone(call) else None

    def _apply_counter(self, raw: Mapping[str, Any]) -> None:
        counter_id = str(raw.get("id", ""))
        info = self._counters.get(counter_id)
        if info is not None:
            self._counters[counter_id] = replace(info, state=str(raw.get("state", info.state)))

    # -- reading ---------------------------------------------------------------------------------
    def calls(self) -> list[Call]:
        """Every call in this zone, newest first."""
        return [c for c in self._calls if self._in_zone(c)]

    def now_calling(self, rows: int) -> list[Call]:
        """The latest call of each counter, newest first: the big rows."""
        seen: set[str] = set()
        out = []
        for call in self.calls():
            if call.counter_id not in seen:
                seen.add(call.counter_id)
                out.append(call)
        return out[:rows]

    def history(self, rows: int, count: int) -> list[Call]:
        """Earlier calls not shown in the big rows, one line per ticket, newest first."""
        shown = {c.ticket_id for c in self.now_calling(rows)}
        out = []
        for call in self.calls():
            if call.ticket_id not in shown:
                shown.add(call.ticket_id)
                out.append(call)
        return out[:count]

    def waiting_lines(self) -> list[ServiceLine]:
        """The services of this zone with how many wait now and the estimated wait."""
        counts: dict[str, int] = {}
        for service_id in self._waiting.values():
            counts[service_id] = counts.get(service_id, 0) + 1
        skills = {(c.id, c.number): c.services for c in self._counters.values()}
        shown = self.zone.shown_services(self._services, skills)
        return [replace(self._services[s], waiting=counts.get(s, 0)) for s in shown]

    def counter(self, counter_id: str) -> CounterInfo | None:
        """A counter by id."""
        return self._counters.get(counter_id)

    def _in_zone(self, call: Call) -> bool:
        return self.zone.has_call(call.counter_id, call.counter_number, call.service_id)


def _ticket(raw: object) -> TicketSnapshot | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        # A newer hub may add fields: take the ones this display knows.
        return TicketSnapshot.model_validate(
            {k: v for k, v in raw.items() if k in TicketSnapshot.model_fields})
    except ValidationError:
        log.warning("event carries an unreadable ticket: %.200r", raw)
        return None
