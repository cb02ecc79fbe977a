"""A discrete-event office day driven through the real queue engine.

Visitors, clerks and the clock live here; every queue decision is the engine's: tickets are
issued, called, recalled, started, finished, marked no-show and cancelled with
`hub.engine.commands`, and the events are folded with `OfficeState.apply`, exactly as the
hub does. So the simulator measures the product, not a model of it.

Randomness is drawn up front per visitor (arrival time, class, patience, presence, walking
and service-time quantiles) from one seeded generator, so two runs with the same seed and
different policies face the same visitors (common random numbers).
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import NormalDist

from hub.engine import (
    NORMAL,
    PRIORITY,
    CounterState,
    Event,
    OfficeState,
    Policy,
    TicketState,
    business_day,
    commands,
)
from hub.simulation.predictors import PREDICTORS, CallHistory, Prediction, Predictor
from hub.simulation.scenario import Scenario, ServiceDemand, seconds_of

FIRST_DAY = datetime(2026, 3, 2)  # a Monday: the simulated days follow it


@dataclass(slots=True)
class Visitor:
    """One arrival and everything random about it."""

    at: float
    service_id: str
    priority: str
    patience_s: float  # math.inf: never gives up
    absent: bool  # took a ticket and left without a trace
    cancels: bool  # when giving up, cancels at the kiosk (else a no-show when called)
    walk_u: float
    service_u: float


@dataclass(slots=True)
class TicketRecord:
    """One ticket's life as the benchmark and the tickets CSV see it."""

    ticket: str
    service_id: str
    priority: str
    day: int
    issued_at: float  # seconds after the day's midnight
    called_at: float | None = None
    outcome: str = "waiting"  # served, no_show, cancelled, expired
    predictions: dict[str, Prediction | None] = field(default_factory=dict)

    @property
    def actual_wait_s(self) -> float | None:
        """Seconds from the ticket to its first call, if it was called."""
        return None if self.called_at is None else self.called_at - self.issued_at


@dataclass(slots=True)
class RunResult:
    """Every ticket of every day, and each counter's open and busy seconds."""

    tickets: list[TicketRecord] = field(default_factory=list)
    open_s: dict[str, float] = field(default_factory=dict)
    busy_s: dict[str, float] = field(default_factory=dict)


def draw_visitors(scenario: Scenario, rng: random.Random) -> list[Visitor]:
    """One day's visitors: piecewise-constant Poisson arrivals per service, in time order."""
    sim = scenario.sim
    config = scenario.office.config
    opens, closes = seconds_of(sim.open), seconds_of(sim.close)
    visitors = []
    for service_id, demand in sim.services.items():
        service = config.service(service_id)
        priority_ok = service is not None and service.priority_allowed and \
            config.policy.knows_priority(PRIORITY)
        for start, end, rate in _segments(demand, opens, closes):
            t = start
            while rate > 0:
                t += rng.expovariate(rate / 3600.0)
                if t >= end:
                    break
                patience = (rng.expovariate(1.0 / (demand.patience_mean_min * 60))
                            if demand.patience_mean_min else math.inf)
                visitors.append(Visitor(
                    t, service_id,
                    PRIORITY if priority_ok and rng.random() < demand.priority_share else NORMAL,
                    patience, rng.random() < sim.no_show_share, rng.random() < sim.cancel_share,
                    rng.random(), rng.random()))
    visitors.sort(key=lambda v: v.at)
    return visitors


def _segments(demand: ServiceDemand, opens: float, closes: float
              ) -> list[tuple[float, float, float]]:
    starts = [seconds_of(t) for t, _ in demand.arrivals_per_hour] + [closes]
    out = []
    for (_, rate), a, b in zip(demand.arrivals_per_hour, starts, starts[1:], strict=False):
        lo, hi = max(a, opens), min(b, closes)
        if hi > lo:
            out.append((lo, hi, rate))
    return out


def service_time(demand: ServiceDemand, speed: float, u: float) -> float:
    """The service time at quantile `u` of the service's distribution, at a counter's speed."""
    mean = demand.service_mean_min * 60.0 * speed
    u = min(max(u, 1e-12), 1 - 1e-12)
    if demand.distribution == "exponential":
        return -mean * math.log1p(-u)
    s2 = math.log1p(demand.service_cv ** 2)
    return math.exp(math.log(mean) - s2 / 2 + math.sqrt(s2) * NormalDist().inv_cdf(u))


class OfficeSimulator:
    """Plays scenario days on a real `OfficeState`; one instance per run."""

    def __init__(self, scenario: Scenario, *, seed: int = 1, policy: Policy | None = None,
                 predictors: dict[str, Predictor] | None = None) -> None:
        self.scenario = scenario
        self.seed = seed
        self.rng = random.Random(seed)  # only for choices that policies may change
        config = scenario.office.config
        self.config = replace(config, policy=policy) if policy else config
        self.predictors = PREDICTORS if predictors is None else predictors
        self.result = RunResult()
        self.history = CallHistory()
        self.midnight = 0.0
        self.day = 0
        self.state = OfficeState(self.config, self._day_name(0))
        self._heap: list[tuple[float, int, str, tuple[str, ...]]] = []
        self._seq = 0
        self._visitors: dict[str, Visitor] = {}
        self._records: dict[str, TicketRecord] = {}
        self._closing: set[str] = set()  # counters that close once their visitor is done
        self._busy_since: dict[str, float] = {}
        self._open_since: dict[str, float] = {}

    def _day_name(self, day: int) -> str:
        office = self.scenario.office
        noon = (FIRST_DAY + timedelta(days=day, hours=12)).replace(tzinfo=office.timezone)
        return business_day(noon.timestamp(), office.timezone, office.day_start).isoformat()

    def run(self, days: int = 1) -> RunResult:
        """Play `days` office days in a row; returns every ticket and counter figure."""
        for day in range(days):
            self._play_day(day)
        return self.result

    # -- the day -----------------------------------------------------------------------------
    def _play_day(self, day: int) -> None:
        tz = self.scenario.office.timezone
        self.day = day
        self.midnight = (FIRST_DAY + timedelta(days=day)).replace(tzinfo=tz).timestamp()
        close = seconds_of(self.scenario.sim.close)
        for counter in self.config.counters:
            for a, b in self.scenario.counter_hours(counter.id):
                self._at(a, "open", counter.id)
                self._at(b, "close", counter.id, "drain" if b >= close else "")
        # Each day's visitors come from their own stream: the same whatever happened before.
        visitors = draw_visitors(self.scenario, random.Random(self.seed * 100_003 + day))
        for n, visitor in enumerate(visitors):
            ticket_id = f"d{day}-{n}"
            self._visitors[ticket_id] = visitor
            self._at(visitor.at, "arrive", ticket_id)
        now = self.midnight
        while self._heap:
            at, _, kind, args = heapq.heappop(self._heap)
            now = self.midnight + at
            getattr(self, f"_on_{kind}")(now, *args)
        for record in self._records.values():
            if record.outcome == "waiting":
                record.outcome = "expired"
        self.result.tickets.extend(self._records.values())
        self._records.clear()
        self._visitors.clear()
        self.history.clear()
        self._apply(commands.close_day(self.state, now, new_business_day=self._day_name(day + 1)))

    def _at(self, seconds: float, kind: str, *args: str) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (seconds, self._seq, kind, args))

    def _later(self, now: float, delay: float, kind: str, *args: str) -> None:
        self._at(now - self.midnight + delay, kind, *args)

    def _apply(self, events: list[Event]) -> None:
        for event in events:
            status = event.counter
            if status is not None:
                self._account(status.id, event.at, status.state is CounterState.OPEN,
                              status.ticket_id is not None)
            self.state.apply(event)

    def _account(self, counter_id: str, now: float, is_open: bool, busy: bool) -> None:
        for since, total, on in ((self._open_since, self.result.open_s, is_open),
                                 (self._busy_since, self.result.busy_s, busy)):
            start = since.pop(counter_id, None)
            if start is not None:
                total[counter_id] = total.get(counter_id, 0.0) + now - start
            if on:
                since[counter_id] = now

    # -- events ------------------------------------------------------------------------------
    def _on_arrive(self, now: float, ticket_id: str) -> None:
        visitor = self._visitors[ticket_id]
        (event,) = commands.issue_ticket(self.state, now, ticket_id=ticket_id,
                                         service_id=visitor.service_id, priority=visitor.priority)
        self._apply([event])
        ticket = self.state.tickets[ticket_id]
        record = TicketRecord(ticket.number, ticket.service_id, ticket.priority, self.day,
                              now - self.midnight)
        for name, predict in self.predictors.items():
            record.predictions[name] = predict(self.state, ticket, now, self.history)
        self._records[ticket_id] = record
        if math.isfinite(visitor.patience_s):
            self._later(now, visitor.patience_s, "give_up", ticket_id)
        idle = [c.id for c in self.config.counters if self._is_idle(c.id)]
        self.rng.shuffle(idle)
        for counter_id in idle:
            self._call(now, counter_id)
            if self.state.tickets[ticket_id].state is not TicketState.WAITING:
                break

    def _is_idle(self, counter_id: str) -> bool:
        status = self.state.counters[counter_id]
        return status.state is CounterState.OPEN and status.ticket_id is None

    def _on_give_up(self, now: float, ticket_id: str) -> None:
        ticket = self.state.tickets.get(ticket_id)
        if ticket is None or not ticket.is_queued:
            return
        visitor = self._visitors[ticket_id]
        visitor.absent = True
        if visitor.cancels:
            self._apply(commands.cancel_ticket(self.state, now, ticket_id=ticket_id))
            self._records[ticket_id].outcome = "cancelled"

    def _on_open(self, now: float, counter_id: str) -> None:
        self._closing.discard(counter_id)
        if self.state.counters[counter_id].ticket_id is not None:
            return  # a shift change at a busy counter: the clerk carries on
        self._apply(commands.open_counter(self.state, now, counter_id=counter_id))
        self._call(now, counter_id)

    def _on_close(self, now: float, counter_id: str, drain: str) -> None:
        self._closing.add(counter_id)
        status = self.state.counters[counter_id]
        if status.ticket_id is None and not (drain and self._call(now, counter_id)):
            self._close(now, counter_id)

    def _close(self, now: float, counter_id: str) -> None:
        self._closing.discard(counter_id)
        self._apply(commands.close_counter(self.state, now, counter_id=counter_id))

    def _call(self, now: float, counter_id: str) -> bool:
        """Press "call next" (finishing any visitor); True if someone was called."""
        events = commands.call_next(self.state, now, counter_id=counter_id)
        self._apply(events)
        for event in events:
            if event.type == "ticket.done" and event.ticket is not None:
                self._records[event.ticket.id].outcome = "served"
            if event.type == "ticket.called" and event.ticket is not None:
                self._called(now, counter_id, event.ticket.id, event.ticket.queued_at)
                return True
        return False

    def _called(self, now: float, counter_id: str, ticket_id: str, queued_at: float) -> None:
        record = self._records[ticket_id]
        record.called_at = now - self.midnight
        self.history.called(record.service_id, now - queued_at)
        visitor = self._visitors[ticket_id]
        self._later(now, self.scenario.sim.recall_after_s, "recall", counter_id, ticket_id)
        if not visitor.absent:
            walk = -self.scenario.sim.walk_s * math.log1p(-min(visitor.walk_u, 1 - 1e-12))
            self._later(now, walk, "reach", counter_id, ticket_id)

    def _on_reach(self, now: float, counter_id: str, ticket_id: str) -> None:
        ticket = self.state.tickets.get(ticket_id)
        if ticket is None or ticket.state is not TicketState.CALLED:
            return  # marked a no-show before they got there
        self._apply(commands.start(self.state, now, counter_id=counter_id))
        visitor = self._visitors[ticket_id]
        demand = self.scenario.sim.services[visitor.service_id]
        duration = service_time(demand, self.scenario.speed(counter_id), visitor.service_u)
        self._later(now, duration, "done", counter_id, ticket_id)

    def _on_done(self, now: float, counter_id: str, ticket_id: str) -> None:
        if counter_id in self._closing:
            self._apply(commands.finish(self.state, now, counter_id=counter_id))
            self._records[ticket_id].outcome = "served"
            self._on_close(now, counter_id, "drain" if self._drains(now) else "")
        else:
            self._call(now, counter_id)  # finishes this visitor, calls the next

    def _drains(self, now: float) -> bool:
        return now - self.midnight >= seconds_of(self.scenario.sim.close)

    def _on_recall(self, now: float, counter_id: str, ticket_id: str) -> None:
        ticket = self.state.tickets.get(ticket_id)
        if ticket is None or ticket.state is not TicketState.CALLED:
            return
        events = commands.recall(self.state, now, counter_id=counter_id)
        self._apply(events)
        if any(e.type == "ticket.no_show" for e in events):
            self._records[ticket_id].outcome = "no_show"
            if counter_id in self._closing:
                self._on_close(now, counter_id, "drain" if self._drains(now) else "")
            else:
                self._call(now, counter_id)
        else:
            self._later(now, self.scenario.sim.recall_after_s, "recall", counter_id, ticket_id)
