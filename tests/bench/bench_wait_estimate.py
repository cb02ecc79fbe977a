"""Wait-estimate benchmark: QL, LES, rolling mean and the hub's estimator on the same tickets.

    .venv/bin/python -m tests.bench.bench_wait_estimate [--days 10] [--seed 1]

Every predictor is asked when the ticket is issued (the figure the kiosk prints); the
actual wait is the time to the ticket's first call. Scored on the tickets that every
predictor answered (a counter was staffed) and that were called. Goal (issue 8), on the
multi-skill scenarios: our MAE at least 25% below QL and 35% below LES, and our 80% range
covering 75-85% of actual waits. "80% cover" is measured on the tickets given a range: those
predicted to wait. A ticket predicted to be called at once (a counter is free) gets the
exact answer 0-0, no range, and was called at once every time in these runs; "all" counts
them as covered too, which is why it reads higher.
"""

from __future__ import annotations

import argparse
import time

from hub.simulation import OfficeSimulator, load_scenario
from hub.simulation.metrics import accuracy
from hub.simulation.predictors import PREDICTORS

SCENARIOS = ("sample_office", "bank_branch", "passport_office", "clinic")


def main() -> None:
    """Print one block per scenario and the goal check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"wait-estimate benchmark: {args.days} days per scenario, seed {args.seed}")
    print(f"{'scenario':16} {'predictor':9} {'tickets':>7} {'MAE s':>6} {'RMSE s':>6} "
          f"{'bias s':>6} {'80% cover':>9} {'all':>6} {'ranged':>7}")
    for name in SCENARIOS:
        scenario = load_scenario(name)
        multi_skill = any(len(c.skills) > 1 for c in scenario.office.config.counters)
        start = time.perf_counter()
        result = OfficeSimulator(scenario, seed=args.seed).run(args.days)
        elapsed = time.perf_counter() - start
        rows = {a.predictor: a for a in accuracy(result, PREDICTORS)}
        for a in rows.values():
            ranged = a.predictor == "ours"
            cover = f"{a.coverage_ranged:.1%}" if ranged else "-"
            every = f"{a.coverage:.1%}" if ranged else "-"
            shown = f"{a.ranged:7d}" if ranged else f"{'-':>7}"
            print(f"{name:16} {a.predictor:9} {a.tickets:7d} {a.mae_s:6.0f} {a.rmse_s:6.0f} "
                  f"{a.bias_s:6.0f} {cover:>9} {every:>6} {shown}")
        ours, ql, les = rows["ours"], rows["ql"], rows["les"]
        vs_ql, vs_les = 1 - ours.mae_s / ql.mae_s, 1 - ours.mae_s / les.mae_s

        def verdict(ok: bool) -> str:
            return "met" if ok else "NOT met"

        print(f"{'':16} ours vs QL {-vs_ql:+.0%}, vs LES {-vs_les:+.0%}: MAE goal "
              f"{verdict(vs_ql >= 0.25 and vs_les >= 0.35)}; 80% range covers 75-85%: "
              f"{verdict(0.75 <= ours.coverage_ranged <= 0.85)}"
              f"{' (multi-skill)' if multi_skill else ''}  [{elapsed:.1f} s]")


if __name__ == "__main__":
    main()
