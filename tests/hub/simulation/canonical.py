"""Canonical queues, run on the office simulator and on Ciw, with the figures to compare.

Each case is one office day: Poisson arrivals from opening to closing, exponential service,
no walking and no no-shows, counters that serve until the queue is empty. In Ciw the same
day is arrivals on [0, T] (PoissonIntervals, minutes) and a horizon long enough to drain.
Waits are the time from arrival to the first call (Ciw: to service start), of visitors
who were served. Shared by the tests (short days) and tests/bench (full runs).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import ciw

from hub.simulation import OfficeSimulator, parse_scenario
from hub.simulation.staffing import erlang_c, mean_wait_s

T_START = 8 * 60  # the office opens at 08:00; Ciw's clock starts there (minutes)


@dataclass(frozen=True)
class Case:
    """One canonical configuration (times in minutes)."""

    name: str
    counters: int
    arrivals_per_min: float
    service_min: float
    hours: float = 4.0
    priority_share: float = 0.0  # of class "priority" (strict, non-preemptive)
    patience_min: float | None = None  # exponential; who gives up leaves at once
    late_counters: int = 0  # counters joining after `late_after_min`
    late_after_min: float = 0.0

    def scenario_toml(self) -> str:
        close = _clock(T_START + self.hours * 60)
        counters = "\n".join(
            f'[[office.counters]]\nid = "c{i}"\nnumber = "{i}"\nskills = {{ s = 1.0 }}\n'
            for i in range(1, self.counters + self.late_counters + 1))
        hours = "\n".join(
            f'[simulation.counters.c{i}]\nhours = [["{_clock(T_START + self.late_after_min)}", '
            f'"{close}"]]\n'
            for i in range(self.counters + 1, self.counters + self.late_counters + 1))
        patience = f"patience_mean_min = {self.patience_min}" if self.patience_min else ""
        return f'''
name = "{self.name}"
[office.site]
name = "Canonical"
[office.queue]
max_number = 9999
max_wait_min = 100000
priority_boost_min = {{ normal = 0, priority = 1000000 }}
[[office.services]]
id = "s"
prefix = "A"
expected_service_min = {self.service_min}
names = {{ en = "S" }}
{counters}
[simulation]
open = "{_clock(T_START)}"
close = "{close}"
walk_s = 0
no_show_share = 0
cancel_share = 1
[simulation.services.s]
arrivals_per_hour = [["{_clock(T_START)}", {self.arrivals_per_min * 60}]]
service_mean_min = {self.service_min}
distribution = "exponential"
priority_share = {self.priority_share}
{patience}
{hours}'''

    def ours(self, days: int, seed: int = 1, warmup_min: float = 0.0) -> dict[str, float]:
        """Mean wait (minutes) per class and overall, pooled over `days` simulated days.

        With `warmup_min`, only visitors arriving that long after opening count.
        """
        scenario = parse_scenario(self.scenario_toml(), self.name, None)
        result = OfficeSimulator(scenario, seed=seed, predictors={}).run(days)
        start = (T_START + warmup_min) * 60
        served = [r for r in result.tickets if r.outcome == "served" and r.issued_at >= start]
        out = {"all": statistics.fmean(r.actual_wait_s or 0.0 for r in served) / 60}
        for cls in ("normal", "priority") if self.priority_share else ():
            waits = [r.actual_wait_s or 0.0 for r in served if r.priority == cls]
            out[cls] = statistics.fmean(waits) / 60
        if self.patience_min:
            out["gave_up"] = sum(r.outcome == "cancelled" for r in result.tickets) / len(
                result.tickets)
        out["waited"] = sum((r.actual_wait_s or 0.0) > 0 for r in served) / len(served)
        return out

    def erlang_c(self) -> dict[str, float]:
        """Steady-state M/M/c figures: mean wait (minutes) and the share who wait at all."""
        load = self.arrivals_per_min * self.service_min
        wait_s = mean_wait_s(self.counters, self.arrivals_per_min / 60, self.service_min * 60)
        return {"all": wait_s / 60, "waited": erlang_c(self.counters, load)}

    def ciw_replication(self, seed: int) -> dict[str, float]:
        """One Ciw day: mean wait (minutes) per class and overall."""
        ciw.seed(seed)
        horizon = self.hours * 60
        classes = {"normal": 1.0 - self.priority_share, "priority": self.priority_share}
        classes = {c: s for c, s in classes.items() if s > 0}
        arrivals = {c: [ciw.dists.PoissonIntervals([self.arrivals_per_min * s], [horizon],
                                                   horizon)] for c, s in classes.items()}
        servers: int | ciw.Schedule = self.counters
        if self.late_counters:
            servers = ciw.Schedule(
                numbers_of_servers=[self.counters, self.counters + self.late_counters],
                shift_end_dates=[self.late_after_min, 10**7])
        params: dict[str, object] = {
            "arrival_distributions": arrivals,
            "service_distributions": {c: [ciw.dists.Exponential(1 / self.service_min)]
                                      for c in classes},
            "number_of_servers": [servers],
            "priority_classes": {c: i for i, c in enumerate(sorted(classes, reverse=True))},
        }
        if self.patience_min:
            params["reneging_time_distributions"] = {
                c: [ciw.dists.Exponential(1 / self.patience_min)] for c in classes}
        sim = ciw.Simulation(ciw.create_network(**params))
        sim.simulate_until_max_time(horizon * 6 + 600)
        records = sim.get_all_records()
        served = [r for r in records if r.record_type == "service"]
        out = {"all": statistics.fmean(r.waiting_time for r in served)}
        for cls in classes:
            waits = [r.waiting_time for r in served if r.customer_class == cls]
            if waits:
                out[cls] = statistics.fmean(waits)
        reneged = sum(1 for r in records if r.record_type == "renege")
        out["gave_up"] = reneged / (len(served) + reneged)
        return out

    def ciw_ci(self, replications: int = 20, seed: int = 1) -> dict[str, tuple[float, float]]:
        """95% confidence interval (t) of each figure over `replications` Ciw days."""
        runs = [self.ciw_replication(seed + i) for i in range(replications)]
        t = T975[replications - 1]
        out = {}
        for key in runs[0]:
            values = [r[key] for r in runs if key in r]
            mean = statistics.fmean(values)
            half = t * statistics.stdev(values) / math.sqrt(len(values))
            out[key] = (mean - half, mean + half)
        return out


# Student t 97.5% quantiles by degrees of freedom (for 95% two-sided intervals).
T975 = {9: 2.262, 14: 2.145, 19: 2.093, 29: 2.045, 39: 2.023}

CASES = (
    Case("M/M/3 pooled", counters=3, arrivals_per_min=1.4, service_min=1.5),
    Case("two priority classes", counters=2, arrivals_per_min=1.0, service_min=1.5,
         priority_share=0.3),
    Case("abandonment", counters=2, arrivals_per_min=1.5, service_min=1.5, patience_min=5.0),
    Case("time-varying staffing", counters=2, arrivals_per_min=1.6, service_min=1.5,
         late_counters=2, late_after_min=120),
)


def _clock(minutes: float) -> str:
    return f"{int(minutes // 60):02d}:{int(minutes % 60):02d}"
