"""The office's current state, rebuilt by applying events in order."""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

from hub.engine.devices import Device
from hub.engine.estimate import (
    Observations,
    ServiceTimes,
    WaitEstimate,
    capacity,
    estimate_wait,
    mean_service_s,
)
from hub.engine.events import Event
from hub.engine.models import (
    CounterStatus,
    OfficeConfig,
    Ticket,
    TicketState,
)
from hub.engine.routing import order_key, service_order_key
from hub.engine.wait_model import PROBE, Projection, project, wait_range

# A waiting ticket in its service's line for its priority class: sorted by arrival.
LineEntry = tuple[float, int, str]  # (queued_at, seq_no, ticket id)

RECENT_CALLS = 20


class _Memo:
    """The last look-ahead, reused while the state and the time are unchanged.

    A cache, not state: every memo equals every other and a copy starts empty, so a
    replayed state still equals the live one.
    """

    __slots__ = ("key", "projection")

    def __init__(self) -> None:
        self.key: tuple[int, float] | None = None
        self.projection: Projection | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Memo)

    def __hash__(self) -> int:
        return 0

    def __deepcopy__(self, memo: dict[int, object]) -> _Memo:
        return _Memo()


@dataclass(frozen=True, slots=True)
class Call:
    """A call (or recall) of a ticket to a counter, as the wall display lists them."""

    ticket_id: str
    number: str
    service_id: str
    counter_id: str
    at: float
    recall: bool = False


@dataclass(slots=True)
class OfficeState:
    """Everything the engine needs to decide: today's tickets, counters, numbering, stats.

    Only `apply` changes it, one event at a time, after the event is durable.
    """

    config: OfficeConfig
    business_day: str
    tickets: dict[str, Ticket] = field(default_factory=dict)
    counters: dict[str, CounterStatus] = field(default_factory=dict)
    last_seq_no: dict[str, int] = field(default_factory=dict)
    service_times: dict[str, ServiceTimes] = field(default_factory=dict)
    recent_calls: list[Call] = field(default_factory=list)
    # Indexes kept by `apply` so hot paths need not scan every ticket of the day.
    queue: dict[str, Ticket] = field(default_factory=dict)  # waiting tickets by id
    live_numbers: dict[str, str] = field(default_factory=dict)  # number -> id, not terminal
    lines: dict[tuple[str, str], list[LineEntry]] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)  # by token id; outlives days
    # What the wait estimate learns during the day (see hub.engine.wait_model).
    observed: Observations = field(default_factory=Observations)
    clock: float = 0.0  # time of the latest event applied
    version: int = 0  # events applied; keys the memo
    memo: _Memo = field(default_factory=_Memo)

    def __post_init__(self) -> None:
        for counter in self.config.counters:
            self.counters.setdefault(counter.id, CounterStatus(counter.id))

    # -- reading -------------------------------------------------------------------------
    def queued(self) -> list[Ticket]:
        """Tickets waiting to be called."""
        return list(self.queue.values())

    def estimate_for(self, ticket: Ticket, now: float) -> WaitEstimate:
        """People ahead of `ticket` and its estimated wait in seconds, with an 80% range."""
        if not ticket.is_queued:
            seconds = 0 if not ticket.is_terminal else None
            return WaitEstimate(0, seconds, seconds, seconds)
        return self._estimate(ticket.service_id, self.people_ahead(ticket, now), ticket.id,
                              now)

    def people_ahead(self, ticket: Ticket, now: float) -> int:
        """Waiting tickets of the same service that would be called before `ticket`.

        Bisects each priority class's line (O(log n)) instead of comparing every ticket.
        """
        policy = self.config.policy
        target = service_order_key(ticket, policy, now)
        ahead = 0
        for (service_id, priority), line in self.lines.items():
            if service_id != ticket.service_id or not line:
                continue
            ahead += bisect_left(
                line, target, key=lambda e, p=priority: order_key(e[0], e[1], p, policy, now))
        return ahead

    def estimate_for_service(self, service_id: str, now: float | None = None) -> WaitEstimate:
        """What a normal ticket of `service_id` issued at `now` would be told.

        `now` defaults to the time of the latest event applied.
        """
        ahead = sum(1 for t in self.queue.values() if t.service_id == service_id)
        return self._estimate(service_id, ahead, PROBE + service_id,
                              self.clock if now is None else now)

    def projection(self, now: float) -> Projection:
        """The look-ahead of every waiting ticket (and a new one per service) from `now`."""
        key = (self.version, now)
        if self.memo.key != key or self.memo.projection is None:
            in_order = [self.queue[e[2]] for line in self.lines.values() for e in line]
            self.memo.projection = project(
                self.config, now, self.counters, self.tickets, in_order,
                self.observed, [s.id for s in self.config.services])
            self.memo.key = key
        return self.memo.projection

    def _estimate(self, service_id: str, ahead: int, key: str, now: float) -> WaitEstimate:
        service = self.config.service(service_id)
        if service is None:
            return WaitEstimate(ahead, None)
        cap, free = capacity(service_id, self.config.counters, self.counters)
        projection = self.projection(now)
        called = projection.called.get(key)
        if called is not None:  # also before opening, from the counters' planned hours
            point, variance = called.at - now, called.variance
        elif cap <= 0:
            return WaitEstimate(ahead, None)
        else:  # beyond the look-ahead: carry on at the projected pace, or the plain formula
            done = projection.calls_by_service.get(service_id, 0)
            span = projection.end - now
            if done and span > 0:
                point = span + (max(ahead - done, 0) + 1) * span / done
            else:
                mean = mean_service_s(service, self.service_times.get(service_id))
                point = float(estimate_wait(ahead, mean, cap, free) or 0)
            variance = 0.0
        median, low, high = wait_range(point, variance)
        return WaitEstimate(ahead, round(median), round(low), round(high))

    # -- changing ------------------------------------------------------------------------
    def apply(self, event: Event) -> None:
        """Fold one durable event into the state."""
        self.version += 1
        self.clock = max(self.clock, event.at)
        if event.type == "day.closed":
            self._start_day(str(event.data["new_business_day"]))
        elif event.type == "device.changed":
            device = Device.from_dict(event.data["device"])
            self.devices[device.token_id] = device
        ticket = event.ticket
        if ticket is not None:
            previous = self.tickets.get(ticket.id)
            self.tickets[ticket.id] = ticket
            self._index(ticket)
            if event.type == "ticket.issued":
                self.last_seq_no[ticket.service_id] = ticket.seq_no
            self.observed.observe(event, previous, self.counters)
            if ticket.state is TicketState.DONE and (previous is None or not previous.is_terminal):
                self._observe_service(ticket)
            if event.type in ("ticket.called", "ticket.recalled") and ticket.counter_id:
                self._remember_call(ticket, recall=event.type == "ticket.recalled")
        if event.counter is not None:
            self.counters[event.counter.id] = event.counter

    def _index(self, ticket: Ticket) -> None:
        old = self.queue.pop(ticket.id, None)
        if old is not None:
            line = self.lines[(old.service_id, old.priority)]
            entry = (old.queued_at, old.seq_no, old.id)
            index = bisect_left(line, entry)
            if index < len(line) and line[index] == entry:
                del line[index]
        if ticket.is_queued:
            self.queue[ticket.id] = ticket
            line = self.lines.setdefault((ticket.service_id, ticket.priority), [])
            insort(line, (ticket.queued_at, ticket.seq_no, ticket.id))
        if not ticket.is_terminal:
            self.live_numbers[ticket.number] = ticket.id
        elif self.live_numbers.get(ticket.number) == ticket.id:
            del self.live_numbers[ticket.number]

    def _observe_service(self, ticket: Ticket) -> None:
        began = ticket.started_at or ticket.called_at
        if began is None or ticket.finished_at is None:
            return
        times = self.service_times.get(ticket.service_id, ServiceTimes())
        self.service_times[ticket.service_id] = times.add(ticket.finished_at - began)

    def _remember_call(self, ticket: Ticket, *, recall: bool) -> None:
        assert ticket.counter_id is not None
        self.recent_calls.insert(
            0,
            Call(ticket.id, ticket.number, ticket.service_id, ticket.counter_id,
                 ticket.called_at or 0.0, recall),
        )
        del self.recent_calls[RECENT_CALLS:]

    def _start_day(self, new_day: str) -> None:
        """Forget the closed day: its tickets live on in the store's archive."""
        self.business_day = new_day
        self.tickets.clear()
        self.queue.clear()
        self.lines.clear()
        self.live_numbers.clear()
        self.last_seq_no.clear()
        self.service_times.clear()
        self.recent_calls.clear()
        self.observed.clear()
