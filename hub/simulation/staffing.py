"""Staffing advice: counters needed per hour to meet each service's target wait (Erlang C).

Each service is treated as its own M/M/c queue for the hour (stationary within the hour),
so counters shared by several services are counted once per service: the advice is an
upper bound for multi-skill offices, and `nowserving simulate --what-if` checks a plan on
the real engine. Erlang C is also the reference the simulator is validated against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hub.engine import OfficeConfig
from hub.simulation.forecast import Forecast

SERVICE_LEVEL = 0.8  # share of visitors to be called within the service's target wait


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival waits in M/M/c with `servers` and offered `load` (λ/μ)."""
    if servers <= 0 or load >= servers:
        return 1.0
    if load <= 0:
        return 0.0
    term, total = 1.0, 1.0  # a^k / k! summed for k < c, computed stably
    for k in range(1, servers):
        term *= load / k
        total += term
    last = term * load / servers * servers / (servers - load)
    return last / (total + last)


def mean_wait_s(servers: int, arrivals_per_s: float, mean_service_s: float) -> float:
    """Mean wait in queue of M/M/c (infinite when overloaded)."""
    load = arrivals_per_s * mean_service_s
    if load >= servers:
        return math.inf
    return erlang_c(servers, load) * mean_service_s / (servers - load)


def within_target(servers: int, arrivals_per_s: float, mean_service_s: float,
                  target_s: float) -> float:
    """Share of M/M/c visitors called within `target_s`."""
    load = arrivals_per_s * mean_service_s
    if load >= servers:
        return 0.0
    rate = (servers - load) / mean_service_s
    return 1.0 - erlang_c(servers, load) * math.exp(-rate * target_s)


def counters_needed(arrivals_per_s: float, mean_service_s: float, target_s: float,
                    level: float = SERVICE_LEVEL) -> int:
    """The fewest counters that call `level` of visitors within `target_s`."""
    if arrivals_per_s <= 0:
        return 0
    servers = max(1, math.ceil(arrivals_per_s * mean_service_s))
    while within_target(servers, arrivals_per_s, mean_service_s, target_s) < level:
        servers += 1
    return servers


@dataclass(frozen=True, slots=True)
class HourAdvice:
    """Counters needed in one hour for one service."""

    hour: int
    service_id: str
    arrivals_per_hour: float
    counters: int


def advise(forecast: Forecast, config: OfficeConfig, weekday: int,
           mean_service_s: dict[str, float] | None = None) -> list[HourAdvice]:
    """Counters needed per hour and service for `weekday`, from the forecast."""
    out = []
    for service in config.services:
        mean = (mean_service_s or {}).get(service.id, float(service.expected_service_s))
        for hour, rate in forecast.day(service.id, weekday):
            out.append(HourAdvice(hour, service.id, rate,
                                  counters_needed(rate / 3600, mean, service.target_wait_s)))
    return sorted(out, key=lambda a: (a.hour, a.service_id))
