"""`nowserving simulate`: play scenario days on the real engine and print what happened.

nowserving simulate bank_branch --days 5 --seed 7
nowserving simulate my_office.toml --tickets-csv tickets.csv
nowserving simulate sample_office --what-if history.csv --weekday mon
nowserving simulate --what-if                  # the hub's office and database, today
nowserving simulate --list
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from hub.config import ConfigError, Office, load_office
from hub.engine import OfficeConfig
from hub.simulation.forecast import (
    HISTORY_WEEKS,
    WEEKDAYS,
    Forecast,
    PastIssue,
    forecast_arrivals,
    history_from_store,
    read_history_csv,
)
from hub.simulation.metrics import accuracy, by_service_and_class, utilisation, write_tickets_csv
from hub.simulation.policies import POLICIES, variant
from hub.simulation.predictors import PREDICTORS
from hub.simulation.scenario import Scenario, bundled, load_scenario
from hub.simulation.simulator import OfficeSimulator, RunResult
from hub.simulation.staffing import (
    SERVICE_LEVEL,
    arrivals_in,
    counters_needed,
    simulated_staffing,
)
from hub.simulation.what_if import forecast_scenario, office_scenario, with_extra_counter
from hub.store import Store

FROM_STORE = "<the hub's database>"  # --what-if without a file: the store's history
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ADVICE_DAYS = 3  # simulated days per staffing check: a few seconds for a busy office


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
    parser.add_argument("--what-if", nargs="?", const=FROM_STORE, metavar="HISTORY_CSV",
                        help="play the forecast's arrivals: from the hub's database (no file; "
                             f"its last {HISTORY_WEEKS} weeks) or from a history CSV (issued_at, "
                             "service, priority; e.g. an earlier --tickets-csv); without a "
                             "scenario, on the hub's office with every counter staffed")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="the hub's database for --what-if (default: the one the hub "
                             "opens: --config's [hub] database, else the hub's default)")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help="the hub's office file for --what-if without a scenario "
                             "(default: the embedded sample office)")
    parser.add_argument("--weekday", metavar="DAY",
                        help="weekday of the forecast, mon..sun (default: today's)")
    parser.add_argument("--extra-counter", metavar="SERVICES@HH:MM-HH:MM", action="append",
                        default=[], help="add a counter serving these services (weight 1), "
                        "e.g. 'general,payments@10:00-17:00'; repeatable")
    parser.add_argument("--policy", choices=POLICIES, default="office",
                        help="call-order policy: the office's (default), first-come-first-"
                             "served (without or with the counters' weights), strict "
                             "priority, or protected (docs/queue-policy.md)")
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
    if args.scenario is None and args.what_if not in {None, FROM_STORE} and (
            args.what_if in bundled() or args.what_if.endswith(".toml")):
        # `--what-if passport_office`: the optional value took the scenario.
        args.scenario, args.what_if = args.what_if, FROM_STORE
    if (args.scenario is None and args.what_if is None) or args.days < 1:
        parser.print_usage(sys.stderr)
        return 2
    try:
        scenario = (_what_if(args) if args.what_if is not None
                    else load_scenario(args.scenario))
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


def _what_if(args: argparse.Namespace) -> Scenario:
    """The scenario (or the hub's office) facing the forecast; prints forecast and advice."""
    given = load_scenario(args.scenario) if args.scenario is not None else None
    needs_hub = given is None or args.what_if == FROM_STORE  # its office or its database
    hub_office = load_office(args.config) if needs_hub else None
    office = given.office if given is not None else hub_office
    assert office is not None
    weekday = (_weekday(args.weekday) if args.weekday
               else datetime.now(office.timezone).weekday())
    if args.what_if == FROM_STORE:
        assert hub_office is not None
        source = args.db or _hub_database(hub_office)
        history = _store_history(source, office)
    else:
        source = Path(args.what_if)
        history = read_history_csv(source)
        if not history:
            msg = f"{source}: no tickets in this history"
            raise ValueError(msg)
    forecast = forecast_arrivals(history)
    ids = [s.id for s in office.config.services]
    if not set(forecast.services()) & set(ids):
        msg = f"{source}: no tickets for the services of {office.source} ({', '.join(ids)})"
        raise ValueError(msg)
    seen = forecast.days_seen.get(weekday, 0)
    if not seen and args.what_if == FROM_STORE:
        msg = (f"no tickets on a {DAY_NAMES[weekday]} in the last {HISTORY_WEEKS} weeks in "
               f"{source}: is the office closed that day? Give another --weekday")
        raise ValueError(msg)
    scenario = (forecast_scenario(given, forecast, weekday) if given is not None
                else office_scenario(office, forecast, weekday))
    days = (f"{seen} past {DAY_NAMES[weekday]}(s)" if seen else
            f"no {DAY_NAMES[weekday]}: the mean of all {sum(forecast.days_seen.values())} days")
    print(f"what-if for {DAY_NAMES[weekday]}: forecast from {source} ({days})")
    _print_advice(scenario, forecast, args.seed)
    return scenario


def _weekday(text: str) -> int:
    """`mon`, `Mon` or `monday` as 0."""
    key = text.strip().lower()
    for number, name in enumerate(DAY_NAMES):
        if len(key) >= 3 and name.lower().startswith(key):
            return number
    msg = f"--weekday {text!r}: not a weekday (give one of {', '.join(WEEKDAYS)})"
    raise ValueError(msg)


def _hub_database(office: Office) -> Path:
    """The database the hub itself would open for `office`."""
    return office.database_path()


def _store_history(path: Path, office: Office) -> list[PastIssue]:
    """The last weeks' tickets in the hub database at `path`, in the office's local time."""
    if not path.is_file():
        msg = f"{path}: no such database (run the hub, give --db PATH, or a history CSV)"
        raise ValueError(msg)
    try:
        store = Store(path)
    except (sqlite3.Error, RuntimeError) as exc:
        msg = f"{path}: not a hub database we can read ({exc})"
        raise ValueError(msg) from exc
    try:
        history = history_from_store(store, office.timezone, now=time.time())
    finally:
        store.close()
    if not history:
        msg = (f"no tickets in the last {HISTORY_WEEKS} weeks in {path}: run the hub for a few "
               "days first, or give a history CSV")
        raise ValueError(msg)
    return history


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
          f"{'80% cover':>9} {'all':>6}   (estimate shown at issue vs wait to first call; "
          "cover: tickets given a range)")
    for a in accuracy(result, PREDICTORS):
        ranged = a.predictor == "ours"  # the others give a point, no range
        cover = _pct(a.coverage_ranged) if ranged else "-"
        every = _pct(a.coverage) if ranged else "-"
        print(f"{a.predictor:10} {a.tickets:7d} {a.mae_s:7.0f} {a.rmse_s:7.0f} {a.bias_s:7.0f} "
              f"{cover:>9} {every:>6}")


def _print_advice(scenario: Scenario, forecast: Forecast, seed: int) -> None:
    """Arrivals per hour and service, and the counters needed: Erlang C and simulated."""
    config = scenario.office.config
    services = [s for s in config.services if s.id in scenario.sim.services]
    started = time.perf_counter()
    plan = simulated_staffing(scenario, replications=ADVICE_DAYS, seed=seed)
    took = time.perf_counter() - started
    heads = [s.id + ("" if s.id in forecast.services() else "*") for s in services]
    width = max(8, *(len(h) + 1 for h in heads))
    print(f"arrivals per hour, and counters needed for {100 * SERVICE_LEVEL:.0f}% of each "
          f"service's visitors to be called within its target\n{'hour':5}"
          + "".join(f"{h:>{width}}" for h in heads) + f"  {'Erlang C':>12}  simulated")
    for hour in plan:
        rates = arrivals_in(scenario, hour.start, hour.end)
        erlang = [counters_needed(rates[s.id] / 3600,
                                  scenario.sim.services[s.id].service_mean_min * 60,
                                  s.target_wait_s) for s in services]
        summed = "+".join(map(str, erlang)) + f"={sum(erlang)}"
        short = "" if hour.met else "!  short: " + ", ".join(
            f"{s} {100 * v:.0f}%" for s, v in sorted(hour.within_target.items())
            if v < SERVICE_LEVEL)
        numbers = ",".join(c.number for c in config.counters if c.id in hour.counters)
        print(f"{_clock(hour.start):5}" + "".join(f"{rates[s.id]:>{width}.1f}" for s in services)
              + f"  {summed:>12}  {len(hour.counters)} ({numbers}){short}")
    print("Erlang C: each service alone on counters of its own (a counter serving several is "
          "counted for each).\nsimulated: the fewest counters (their numbers) meeting every "
          "target on the real engine, those serving\n  the hour's services first, in office "
          f"order; {ADVICE_DAYS} days, seed {seed}, {took:.1f} s. '!': all "
          f"{len(config.counters)} counters fall short.")
    if any(h.endswith("*") for h in heads):
        print("*: no history for this service, the scenario's own arrivals.")
    print()


def _clock(seconds: float) -> str:
    return f"{int(seconds // 3600):02d}:{int(seconds % 3600 // 60):02d}"
