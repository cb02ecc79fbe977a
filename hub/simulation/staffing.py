"""Staffing advice: counters needed per hour to meet each service's target wait.

Two answers. Erlang C (`advise`) treats each service as its own M/M/c queue for the hour
(stationary within the hour), so a counter shared by several services is counted once per
service: quick, but it overstates what a multi-skill office needs. `simulated_staffing`
plays the day on the real engine instead, hour by hour, with the office's own counters
(skills, weights, speeds, call order) and finds the fewest that meet every target.
Erlang C is also the reference the simulator is validated against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import pairwise

from hub.engine import OfficeConfig
from hub.simulation.forecast import Forecast
from hub.simulation.scenario import CounterPlan, Scenario, seconds_of
from hub.simulation.simulator import OfficeSimulator, RunResult

SERVICE_LEVEL = 0.8  # share of visitors to be called within the service's target wait
SLACK = 0.05  # how far an earlier hour may dip under the level when later staffing changes


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


@dataclass(frozen=True, slots=True)
class HourStaffing:
    """The fewest counters that meet every service's target in one hour, and which.

    `met` is False when even every counter leaves some service short; `within_target` is
    the simulated share of each service's visitors of the hour called within its target.
    """

    start: float  # seconds after midnight
    end: float
    counters: tuple[str, ...]  # counter ids
    met: bool
    within_target: dict[str, float]


def simulated_staffing(scenario: Scenario, *, replications: int = 3, seed: int = 1,
                       level: float = SERVICE_LEVEL) -> list[HourStaffing]:
    """Counters needed per hour, checked on the real engine with the office's own counters.

    Each hour takes the first k counters of an order: those that serve a service with
    visitors that hour, then the others, each group in the office's order (so a counter
    that could serve nobody is not opened before one that can). Hour by hour, with the
    earlier hours' plan fixed and k counters from this hour to closing, k is the fewest for
    which `level` of this hour's visitors of every service are called within the service's
    target, and no earlier hour that met its targets falls more than `SLACK` under `level`
    (fewer counters must not strand a backlog; a smaller dip is the noise of a few days, as
    changing counters reshuffles who calls whom). The search steps down or up from the
    previous hour's figure. Each check plays `replications` whole days of the same visitors
    (common random numbers, fixed `seed`), so the answer is deterministic.
    """
    config = scenario.office.config
    slots = hour_slots(scenario)
    targets = {s.id: float(s.target_wait_s) for s in config.services}
    demand = [{s for s, r in arrivals_in(scenario, a, b).items() if r > 0} for a, b in slots]
    orders = [_order(config, services) for services in demand]
    runs: dict[tuple[int, ...], dict[tuple[int, str], float]] = {}

    def shares(plan: tuple[int, ...]) -> dict[tuple[int, str], float]:
        if plan not in runs:
            staffed = _staffed(scenario, [o[:k] for o, k in zip(orders, plan, strict=True)],
                               slots)
            result = OfficeSimulator(staffed, seed=seed, predictors={}).run(replications)
            runs[plan] = _shares(result, slots, targets)
        return runs[plan]

    plan: list[int] = []
    out: list[HourStaffing] = []
    for hour, (start, end) in enumerate(slots):
        def meets(k: int, hour: int = hour) -> bool:
            got = shares((*plan, *[k] * (len(slots) - hour)))
            return all(got[h, s] >= (level if h == hour else level - SLACK)
                       for h, s in got if h == hour or (h < hour and out[h].met))

        fewest = _covering(config, orders[hour], demand[hour])
        k = min(max(fewest, plan[-1] if plan else fewest), len(config.counters))
        if meets(k):
            while k > fewest and meets(k - 1):
                k -= 1
        else:
            while k < len(config.counters) and not meets(k):
                k += 1
        met = meets(k)
        got = shares((*plan, *[k] * (len(slots) - hour)))
        plan.append(k)
        out.append(HourStaffing(start, end, orders[hour][:k], met,
                                {s: v for (h, s), v in got.items() if h == hour}))
    return out


def _order(config: OfficeConfig, services: set[str]) -> tuple[str, ...]:
    """Counter ids: those serving any of `services` first, each group in office order."""
    serving = [c.id for c in config.counters if services & set(c.skills)]
    return (*serving, *(c.id for c in config.counters if c.id not in serving))


def _covering(config: OfficeConfig, order: tuple[str, ...], services: set[str]) -> int:
    """The fewest first counters of `order` that serve all `services` (all, if none do)."""
    missing = set(services)
    for k, counter_id in enumerate(order):
        if not missing:
            return k
        counter = config.counter(counter_id)
        missing -= set(counter.skills) if counter else set()
    return len(order)


def hour_slots(scenario: Scenario) -> list[tuple[float, float]]:
    """The scenario's day cut at whole hours: [(09:30, 10:00), (10:00, 11:00), ...]."""
    opens, closes = seconds_of(scenario.sim.open), seconds_of(scenario.sim.close)
    cuts = [opens, *range(int(opens // 3600 + 1) * 3600, int(closes), 3600), closes]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def arrivals_in(scenario: Scenario, start: float, end: float) -> dict[str, float]:
    """Mean arrivals per hour of each service over [start, end) (seconds after midnight)."""
    out = {}
    for service_id, demand in scenario.sim.services.items():
        table = demand.arrivals_per_hour
        starts = [seconds_of(t) for t, _ in table] + [math.inf]
        visitors = sum(rate * max(0.0, min(b, end) - max(a, start))
                       for (_, rate), a, b in zip(table, starts, starts[1:], strict=False))
        out[service_id] = visitors / (end - start)
    return out


def _clock(seconds: float) -> str:
    return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}"


def _staffed(scenario: Scenario, staff: list[tuple[str, ...]],
             slots: list[tuple[float, float]]) -> Scenario:
    """`scenario` with exactly the counters `staff[j]` open in hour slot j."""
    config = scenario.office.config
    kept, plans = [], {}
    for counter in config.counters:
        hours: list[tuple[float, float]] = []
        for (a, b), ids in zip(slots, staff, strict=True):
            if counter.id not in ids:
                continue
            if hours and hours[-1][1] == a:
                hours[-1] = (hours[-1][0], b)
            else:
                hours.append((a, b))
        if hours:
            kept.append(counter)
            plans[counter.id] = CounterPlan(hours=[(_clock(a), _clock(b)) for a, b in hours],
                                            speed=scenario.speed(counter.id))
    office = replace(scenario.office, config=replace(config, counters=tuple(kept)))
    return replace(scenario, office=office,
                   sim=scenario.sim.model_copy(update={"counters": plans}))


def _shares(result: RunResult, slots: list[tuple[float, float]],
            targets: dict[str, float]) -> dict[tuple[int, str], float]:
    """Share of each (hour, service)'s visitors called within target, over every day.

    A visitor who gave up and cancelled counts as missed: they were not called in time.
    """
    called: dict[tuple[int, str], list[bool]] = {}
    for record in result.tickets:
        hour = next((h for h, (a, b) in enumerate(slots) if a <= record.issued_at < b), None)
        if hour is None:
            continue
        wait = record.actual_wait_s
        called.setdefault((hour, record.service_id), []).append(
            wait is not None and wait <= targets[record.service_id])
    return {key: sum(hits) / len(hits) for key, hits in called.items()}
