"""Wait estimates: the figures the hub shows and the day's observations behind them.

The hub's estimate is the look-ahead of `hub.engine.wait_model`; this module keeps what it
learns from (counter occupancy per service and counter, arrival rates per class) and the
simple queue-length formula (`estimate_wait`: people ahead / service capacity, the "QL"
predictor), which the look-ahead falls back to beyond its horizon and which the
simulator's benchmark compares against (docs/queue-science.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hub.engine.events import Event
from hub.engine.models import (
    Counter,
    CounterState,
    CounterStatus,
    Policy,
    Service,
    Ticket,
)
from hub.engine.routing import service_order_key

# How many observed services the prior counts as; after ~10 real ones the data dominate.
PRIOR_WEIGHT = 3.0


@dataclass(frozen=True, slots=True)
class ServiceTimes:
    """Running totals of today's completed services of one service."""

    count: int = 0
    total_s: float = 0.0

    def add(self, duration_s: float) -> ServiceTimes:
        """These totals with one more observed service."""
        return ServiceTimes(self.count + 1, self.total_s + max(0.0, duration_s))

    def mean(self, prior_s: float) -> float:
        """Mean service time, shrunk toward `prior_s` while few services were observed."""
        return (self.total_s + PRIOR_WEIGHT * prior_s) / (self.count + PRIOR_WEIGHT)


# Prior spread of a counter occupancy (coefficient of variation) until data arrive.
PRIOR_CV = 0.8
# Arrival rates forget with this time constant: a morning peak shows within half an hour.
ARRIVAL_WINDOW_S = 1800.0


@dataclass(frozen=True, slots=True)
class Durations:
    """Running count, sum and sum of squares of durations: mean and spread without a list."""

    count: int = 0
    total_s: float = 0.0
    total_sq: float = 0.0

    def add(self, duration_s: float) -> Durations:
        """These totals with one more observed duration."""
        d = max(0.0, duration_s)
        return Durations(self.count + 1, self.total_s + d, self.total_sq + d * d)

    def moments(self, prior_mean: float, prior_cv: float = PRIOR_CV,
                weight: float = PRIOR_WEIGHT) -> tuple[float, float]:
        """Mean and variance, shrunk toward a prior worth `weight` observations."""
        n = self.count + weight
        mean = (self.total_s + weight * prior_mean) / n
        second = (self.total_sq + weight * prior_mean * prior_mean * (1 + prior_cv ** 2)) / n
        return mean, max(second - mean * mean, 0.0)


@dataclass(frozen=True, slots=True)
class ArrivalRate:
    """Exponentially forgetting count of arrivals of one service and class."""

    level: float = 0.0
    at: float = 0.0

    def add(self, now: float) -> ArrivalRate:
        """The rate with one more arrival at `now`."""
        return ArrivalRate(self._decayed(now) + 1.0, now)

    def _decayed(self, now: float) -> float:
        return self.level * math.exp(-max(0.0, now - self.at) / ARRIVAL_WINDOW_S)

    def per_s(self, now: float, since: float) -> float:
        """Arrivals per second lately; the window is shortened while the day is young.

        `since` is when the day's first ticket (of any service) was issued.
        """
        window = ARRIVAL_WINDOW_S * -math.expm1(-max(now - since, 600.0) / ARRIVAL_WINDOW_S)
        return self._decayed(now) / window


# Until the day shows otherwise, visitors are assumed to stay: no leaver in this much waiting.
PRIOR_EXPOSURE_S = 4 * 3600.0
NO_SHOW_PRIOR_S = 60.0  # a counter's time lost on a visitor who does not come


@dataclass(slots=True)
class Observations:
    """What the wait estimate learns during the day, folded from events by `OfficeState`."""

    # Call to release of visitors who came, by (service, counter).
    occupancy: dict[tuple[str, str], Durations] = field(default_factory=dict)
    no_show: dict[str, Durations] = field(default_factory=dict)  # call to no-show, by service
    arrivals: dict[tuple[str, str], ArrivalRate] = field(default_factory=dict)  # (svc, class)
    left: dict[str, int] = field(default_factory=dict)  # cancelled while waiting, or no-show
    cancelled: dict[str, int] = field(default_factory=dict)
    waited_s: dict[str, float] = field(default_factory=dict)  # by tickets no longer waiting
    first_issued_at: float | None = None

    def observe(self, event: Event, previous: Ticket | None,
                counters: Mapping[str, CounterStatus]) -> None:
        """Learn from one event (before the counters it changes are updated)."""
        ticket = event.ticket
        if ticket is None:
            return
        service_id = previous.service_id if previous else ticket.service_id
        if event.type == "ticket.issued":
            if self.first_issued_at is None:
                self.first_issued_at = event.at
            key = (ticket.service_id, ticket.priority)
            self.arrivals[key] = self.arrivals.get(key, ArrivalRate()).add(event.at)
            return
        if previous is not None and previous.is_queued and not ticket.is_queued:
            self.waited_s[service_id] = (self.waited_s.get(service_id, 0.0)
                                         + event.at - previous.queued_at)
            if event.type == "ticket.cancelled":
                self.left[service_id] = self.left.get(service_id, 0) + 1
                self.cancelled[service_id] = self.cancelled.get(service_id, 0) + 1
        counter_id = event.data.get("counter_id") or event.data.get("from_counter_id")
        status = counters.get(str(counter_id)) if counter_id else None
        if previous is None or status is None or status.ticket_id != previous.id:
            return
        held = event.at - status.changed_at
        if event.type == "ticket.no_show":
            self.left[service_id] = self.left.get(service_id, 0) + 1
            self.no_show[service_id] = self.no_show.get(service_id, Durations()).add(held)
        elif event.type in ("ticket.done", "ticket.transferred"):
            key = (service_id, status.id)
            self.occupancy[key] = self.occupancy.get(key, Durations()).add(held)

    def arrival_rates(self, now: float) -> dict[tuple[str, str], float]:
        """Recent arrivals per second by (service, class)."""
        since = now if self.first_issued_at is None else self.first_issued_at
        return {key: rate.per_s(now, since) for key, rate in self.arrivals.items()}

    def leave_rates(self, now: float, queued: Iterable[Ticket]) -> dict[str, float]:
        """Per second of waiting, the chance a visitor gives up, by service.

        Leavers (cancelled while waiting, or absent when called) over all waiting done
        today, including that of the tickets still waiting, plus a prior of no leavers.
        """
        exposure = dict(self.waited_s)
        for t in queued:
            exposure[t.service_id] = exposure.get(t.service_id, 0.0) + max(now - t.queued_at, 0)
        return {s: n / (exposure.get(s, 0.0) + PRIOR_EXPOSURE_S) for s, n in self.left.items()}

    def absent_share(self, service_id: str) -> float:
        """Of the visitors who give up, the share still called (then a no-show)."""
        left = self.left.get(service_id, 0)
        return (left - self.cancelled.get(service_id, 0) + 1) / (left + 1)

    def __deepcopy__(self, memo: dict[int, object]) -> Observations:
        # Keys are strings and values immutable: copying the tables is a deep copy.
        return Observations(dict(self.occupancy), dict(self.no_show), dict(self.arrivals),
                            dict(self.left), dict(self.cancelled), dict(self.waited_s),
                            self.first_issued_at)

    def clear(self) -> None:
        """Forget the day."""
        for table in (self.occupancy, self.no_show, self.arrivals, self.left, self.cancelled,
                      self.waited_s):
            table.clear()
        self.first_issued_at = None


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """People ahead and estimated seconds until called, with an 80% range.

    Seconds are None if no counter serves the service. The range is the 10th to 90th
    percentile of the wait as the estimator sees it (equal to the point when certain).
    """

    people_ahead: int
    estimated_wait_s: int | None
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None


def capacity(
    service_id: str, counters: Iterable[Counter], statuses: dict[str, CounterStatus]
) -> tuple[float, int]:
    """Counters' worth of service capacity for `service_id`, and how many are free now.

    A counter shares its time among its services in proportion to its weights. Open
    counters count; if none is open, paused ones do (they are expected back).
    """
    def share(c: Counter) -> float:
        return c.skills[service_id] / sum(w for w in c.skills.values() if w > 0)

    serving = [c for c in counters if c.serves(service_id)]
    open_ = [c for c in serving if statuses[c.id].state is CounterState.OPEN]
    pool = open_ or [c for c in serving if statuses[c.id].state is CounterState.PAUSED]
    free = sum(1 for c in open_ if statuses[c.id].ticket_id is None)
    return sum(share(c) for c in pool), free


def estimate_wait(
    people_ahead: int, mean_service_s: float, capacity_counters: float, free_counters: int
) -> int | None:
    """Seconds until a visitor with `people_ahead` before them is called."""
    if capacity_counters <= 0:
        return None
    if people_ahead < free_counters:
        return 0
    in_line = people_ahead - free_counters + 1
    return round(in_line * mean_service_s / capacity_counters)


def people_ahead(ticket: Ticket, queued: Iterable[Ticket], policy: Policy, now: float) -> int:
    """How many tickets of the same service would be called before `ticket`."""
    key = service_order_key(ticket, policy, now)
    return sum(
        1
        for other in queued
        if other.id != ticket.id
        and other.service_id == ticket.service_id
        and other.is_queued
        and service_order_key(other, policy, now) < key
    )


def mean_service_s(service: Service, times: ServiceTimes | None) -> float:
    """Today's mean service time for `service`, with the prior blended in."""
    return (times or ServiceTimes()).mean(service.expected_service_s)
