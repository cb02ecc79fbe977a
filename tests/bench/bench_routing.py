"""Routing benchmark: the office policy against FCFS and strict priority, same visitors.

    .venv/bin/python -m tests.bench.bench_routing [--days 20] [--seed 1]

Each policy plays the same simulated days (common random numbers: the same arrivals,
classes, patience and service-time draws) on the real engine. Policies differ only in
`Policy` fields (hub/simulation/policies.py): plain fcfs (skill weights off), fcfs with the
office's skill weights (the same office without priority), strict priority and the office's
own policy. Goal (issue 8): priority visitors' mean wait at least 55% below FCFS, while
normal visitors' p99 wait stays within 1.15x FCFS (plain FCFS, as the issue defines it; the
FCFS+w columns show what priority alone costs, the weights' own effect set aside).
"""

from __future__ import annotations

import argparse

from hub.engine import NORMAL, PRIORITY, Policy
from hub.simulation import OfficeSimulator, load_scenario
from hub.simulation.metrics import mean, quantile
from hub.simulation.policies import variant
from hub.simulation.scenario import Scenario

SCENARIOS = ("sample_office", "bank_branch", "passport_office", "clinic")


def variants(policy: Policy) -> dict[str, Policy]:
    """The policies compared, all derived from the scenario's own."""
    return {name: variant(policy, name) for name in ("fcfs", "fcfs_weights", "strict", "office")}


def measure(scenario: Scenario, policy: Policy, days: int, seed: int) -> dict[str, float]:
    """Mean wait by class and normal visitors' p90/p99 (seconds), over the called tickets."""
    result = OfficeSimulator(scenario, seed=seed, policy=policy, predictors={}).run(days)
    waits: dict[str, list[float]] = {NORMAL: [], PRIORITY: []}
    for r in result.tickets:
        if r.actual_wait_s is not None:
            waits.setdefault(r.priority, []).append(r.actual_wait_s)
    return {"priority_mean": mean(waits[PRIORITY]), "normal_mean": mean(waits[NORMAL]),
            "normal_p90": quantile(waits[NORMAL], 0.9),
            "normal_p99": quantile(waits[NORMAL], 0.99)}


def main() -> None:
    """Print the table, one block per scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"routing benchmark: {args.days} days per scenario and policy, seed {args.seed}")
    print(f"{'scenario':16} {'policy':12} {'prio mean s':>11} {'norm mean s':>11} "
          f"{'norm p90 s':>10} {'norm p99 s':>10} {'prio vs FCFS':>12} {'p99 vs FCFS':>11} "
          f"{'vs FCFS+w':>9} {'p99 vs FCFS+w':>13}")
    for name in SCENARIOS:
        scenario = load_scenario(name)
        figures = {label: measure(scenario, policy, args.days, args.seed)
                   for label, policy in variants(scenario.office.config.policy).items()}
        base, base_w = figures["fcfs"], figures["fcfs_weights"]
        for label, f in figures.items():
            print(f"{name:16} {label:12} {f['priority_mean']:11.0f} {f['normal_mean']:11.0f} "
                  f"{f['normal_p90']:10.0f} {f['normal_p99']:10.0f} "
                  f"{f['priority_mean'] / base['priority_mean'] - 1:+12.0%} "
                  f"{f['normal_p99'] / base['normal_p99']:10.2f}x "
                  f"{f['priority_mean'] / base_w['priority_mean'] - 1:+9.0%} "
                  f"{f['normal_p99'] / base_w['normal_p99']:12.2f}x")
        f = figures["office"]
        ok = (1 - f["priority_mean"] / base["priority_mean"] >= 0.55
              and f["normal_p99"] / base["normal_p99"] <= 1.15)
        print(f"{'':16} goal (priority -55%, normal p99 <= 1.15x FCFS): office "
              f"{'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
