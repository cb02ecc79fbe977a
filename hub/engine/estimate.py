"""Wait estimates: people ahead and seconds, from today's observed service times.

Deliberately simple and honest (a better estimator is queue-science work): the mean
service time of the service today, blended with the configured prior so the first
tickets of the morning get a sensible figure, divided among the counters open for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """People ahead and estimated seconds until called; seconds is None if no counter serves."""

    people_ahead: int
    estimated_wait_s: int | None


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
