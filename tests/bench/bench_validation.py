"""Simulator validation: canonical queues against 20 Ciw replications and Erlang C.

    .venv/bin/python -m tests.bench.bench_validation [--days 40]

The office simulator (real engine) runs `--days` office days per case; Ciw runs 20
replications of the same day. Our pooled mean must fall inside Ciw's 95% confidence
interval; for pooled M/M/c the long-run mean wait and waiting probability are set against
Erlang C.
"""

from __future__ import annotations

import argparse

from tests.hub.simulation.canonical import CASES, Case


def main() -> None:
    """Print one line per case and figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"validation: ours {args.days} days per case (seed {args.seed}); Ciw 20 replications")
    print(f"{'case':24} {'figure':9} {'ours':>8} {'Ciw 95% CI':>20} {'inside':>6}")
    for case in CASES:
        ours = case.ours(args.days, seed=args.seed)
        for figure, (low, high) in case.ciw_ci(20).items():
            if figure in ours:
                inside = "yes" if low <= ours[figure] <= high else "NO"
                print(f"{case.name:24} {figure:9} {ours[figure]:8.3f} "
                      f"{f'[{low:.3f}, {high:.3f}]':>20} {inside:>6}")
    steady = Case("M/M/3 steady (16 h)", counters=3, arrivals_per_min=1.4, service_min=1.5,
                  hours=16)
    ours = steady.ours(args.days, seed=args.seed, warmup_min=60)
    theory = steady.erlang_c()
    print(f"\nErlang C, M/M/3 at rho 0.70 (after 1 h warm-up, {args.days} days of 16 h):")
    print(f"  mean wait   ours {ours['all']:.3f} min   Erlang C {theory['all']:.3f} min   "
          f"({ours['all'] / theory['all'] - 1:+.1%})")
    print(f"  P(wait > 0) ours {ours['waited']:.3f}       Erlang C {theory['waited']:.3f}")


if __name__ == "__main__":
    main()
