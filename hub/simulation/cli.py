"""`nowserving simulate`: play scenario days on the real engine and print what happened.

nowserving simulate bank_branch --days 5 --seed 7
nowserving simulate my_office.toml --tickets-csv tickets.csv
nowserving simulate sample_office --what-if history.csv --weekday mon
nowserving simulate --list
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from hub.config import ConfigError
from hub.engine import OfficeConfig
from hub.simulation.forecast import WEEKDAYS, Forecast, forecast_arrivals, read_history_csv
from hub.simulation.metrics import accuracy, by_service_and_class, utilisation, write_tickets_csv
from hub.simulation.policies import POLICIES, variant
from hub.simulation.predictors import PREDICTORS
from hub.simulation.scenario import Scenario, bundled, load_scenario
from hub.simulation.simulator import OfficeSimulator, RunResult
from hub.simulation.staffing import advise
from hub.simulation.what_if import forecast_scenario, with_extra_counter


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nowserving simulate",
        description="Simulate office days on the real queue engine (docs/queue-science.md).")
    parser.add_argument("scenario", nargs="?",
                        help="scenario file, or a bundled one: " + ", ".join(sorted(bundled())))
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--days", type=int, default=1, help="office days to play (default 1)")
    parser.add_argument("--tickets-csv", type=Path, metavar="FILE",
                        help="write one row per ticket, with the estimate shown at issue")
    parser.add_argument("--what-if", type=Path, metavar="HISTORY_CSV",
                        help="replace the scenario's arrivals by the forecast from this history "
                             "(issued_at, service, priority; e.g. an earlier --tickets-csv)")
    parser.add_argument("--weekday", choices=WEEKDAYS,
                        help="weekday of the forecast (default: today's)")
    parser.add_argument("--extra-counter", metavar="SERVICES@HH:MM-HH:MM", action="append",
                        default=[], help="add a counter serving these services (weight 1), "
                        "e.g. 'general,payments@10:00-17:00'; repeatable")
    parser.add_argument("--policy", choices=POLICIES, default="office",
                        help="call-order policy: the office's (default), first-come-first-"
                             "served, strict priority, or protected (docs/queue-policy.md)")
    parser.add_argument("--list", action="store_true", help="list the bundled scenarios")
    return parser


def main(argv: Sequence[str]) -> int:
    """Run `nowserving simulate`."""
    parser = _parser()
    args = parser.parse_args(list(argv))
    if args.list:
        for name in sorted(bundled()):
            print(f"{name:16} {load_scenario(name).name}")
        return 0
    if args.scenario is None or args.days < 1:
        parser.print_usage(sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.scenario)
        if args.what_if is not None:
            weekday = (WEEKDAYS.index(args.weekday) if args.weekday
                       else date.today().weekday())
            forecast = forecast_arrivals(read_history_csv(args.what_if))
            scenario = forecast_scenario(scenario, forecast, weekday)
            _print_advice(scenario, forecast, weekday)
        for spec in args.extra_counter:
            scenario = with_extra_counter(scenario, spec)
        policy = variant(scenario.office.config.policy, args.policy)
    except (ConfigError, OSError, ValueError, KeyError) as exc:
        print(f"nowserving simulate: {exc}", file=sys.stderr)
        return 2
    result = OfficeSimulator(scenario, seed=args.seed, policy=policy).run(args.days)
    print(f"{scenario.name}: {args.days} day(s), seed {args.seed}, policy {args.policy}, "
          f"{len(result.tickets)} tickets\n")
    print_summary(result, scenario.office.config)
    if args.tickets_csv is not None:
        with args.tickets_csv.open("w", newline="", encoding="utf-8") as out:
            write_tickets_csv(result, out)
        print(f"\nwrote {len(result.tickets)} tickets to {args.tickets_csv}")
    return 0


def _fmt(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds / 60:6.1f}"


def _pct(share: float) -> str:
    return "-" if math.isnan(share) else f"{100 * share:5.1f}%"


def print_summary(result: RunResult, config: OfficeConfig) -> None:
    """Waits per service and class (minutes), counter utilisation, estimate accuracy."""
    print(f"{'service/class':22} {'tickets':>7} {'mean':>6} {'p50':>6} {'p90':>6} {'p99':>6} "
          f"{'in target':>9} {'cancel':>6} {'no-show':>7}   (waits in minutes)")
    for s in by_service_and_class(result, config):
        print(f"{s.group:22} {s.tickets:7d} {_fmt(s.mean_s)} {_fmt(s.p50_s)} {_fmt(s.p90_s)} "
              f"{_fmt(s.p99_s)} {_pct(s.within_target):>9} {_pct(s.cancelled):>6} "
              f"{_pct(s.no_show):>7}")
    print("\ncounter utilisation: " + ", ".join(
        f"{c} {_pct(u).strip()}" for c, u in utilisation(result).items()))
    print(f"\n{'estimator':10} {'tickets':>7} {'MAE s':>7} {'RMSE s':>7} {'bias s':>7} "
          f"{'80% cover':>9} {'if > 0':>7}   (estimate shown at issue vs wait to first call)")
    for a in accuracy(result, PREDICTORS):
        ranged = a.predictor == "ours"  # the others give a point, no range
        cover = _pct(a.coverage) if ranged else "-"
        nonzero = _pct(a.coverage_nonzero) if ranged else "-"
        print(f"{a.predictor:10} {a.tickets:7d} {a.mae_s:7.0f} {a.rmse_s:7.0f} {a.bias_s:7.0f} "
              f"{cover:>9} {nonzero:>7}")


def _print_advice(scenario: Scenario, forecast: Forecast, weekday: int) -> None:
    print(f"forecast for {WEEKDAYS[weekday]} from {sum(forecast.days_seen.values())} past "
          "day(s); counters needed (Erlang C, 80% within target, per service):")
    for a in advise(forecast, scenario.office.config, weekday):
        print(f"  {a.hour:02d}:00  {a.service_id:14} {a.arrivals_per_hour:6.1f}/h  "
              f"{a.counters} counter(s)")
    print()
