"""Figures of a simulated run: waits per service and class, and predictor accuracy.

A visitor's wait is the time from taking the ticket to its first call. The service level
is the share of called visitors whose wait was within the service's target; abandonment is
the share of visitors who cancelled; visitors who gave up without cancelling show as
no-shows when called (the hub cannot tell them from other no-shows), counted apart.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from hub.engine import OfficeConfig
from hub.simulation.simulator import FIRST_DAY, RunResult, TicketRecord

CSV_FIELDS = ("ticket", "service", "priority", "issued_at", "called_at", "predicted_wait_s",
              "predicted_low_s", "predicted_high_s", "actual_wait_s")


def quantile(values: Sequence[float], q: float) -> float:
    """The `q` quantile of `values` (linear interpolation), NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float:
    """The mean, NaN when empty."""
    return sum(values) / len(values) if values else math.nan


@dataclass(frozen=True, slots=True)
class WaitSummary:
    """Waits of one group of tickets."""

    group: str
    tickets: int
    called: int
    mean_s: float
    p50_s: float
    p90_s: float
    p99_s: float
    within_target: float
    cancelled: float
    no_show: float


def summarize(group: str, records: Sequence[TicketRecord],
              targets: Mapping[str, float]) -> WaitSummary:
    """Wait figures of `records`; `targets` are target waits by service."""
    called = [r for r in records if r.actual_wait_s is not None]
    waits = [r.actual_wait_s for r in called if r.actual_wait_s is not None]
    n = len(records) or 1
    within = sum(w <= targets[r.service_id] for r, w in zip(called, waits, strict=True))
    return WaitSummary(
        group, len(records), len(waits), mean(waits), quantile(waits, 0.5),
        quantile(waits, 0.9), quantile(waits, 0.99),
        within / len(waits) if waits else math.nan,
        sum(r.outcome == "cancelled" for r in records) / n,
        sum(r.outcome == "no_show" for r in records) / n,
    )


def by_service_and_class(result: RunResult, config: OfficeConfig) -> list[WaitSummary]:
    """One summary per service and priority class, then per service, then the office."""
    targets = {s.id: float(s.target_wait_s) for s in config.services}
    out = []
    for service in config.services:
        records = [r for r in result.tickets if r.service_id == service.id]
        for priority in sorted({r.priority for r in records}):
            group = [r for r in records if r.priority == priority]
            out.append(summarize(f"{service.id}/{priority}", group, targets))
        out.append(summarize(service.id, records, targets))
    return [*out, summarize("all", result.tickets, targets)]


@dataclass(frozen=True, slots=True)
class Accuracy:
    """How well one predictor did on the tickets it answered and that were called."""

    predictor: str
    tickets: int
    mae_s: float
    rmse_s: float
    bias_s: float
    coverage: float  # share of actual waits inside the predictor's 80% range, all tickets
    coverage_ranged: float  # the same, on the tickets given a range (predicted to wait)
    ranged: int = 0  # how many tickets were given a range


def accuracy(result: RunResult, names: Iterable[str]) -> list[Accuracy]:
    """MAE, RMSE, bias and 80% coverage of each predictor, on the same tickets.

    Only tickets every predictor answered (a counter was staffed) and that were called.
    """
    names = list(names)
    rows = [r for r in result.tickets if r.actual_wait_s is not None
            and all(r.predictions.get(n) is not None for n in names)]
    out = []
    for name in names:
        errors, inside, waiting, inside_waiting = [], 0, 0, 0
        for r in rows:
            point, low, high = r.predictions[name]  # type: ignore[misc]
            actual = r.actual_wait_s
            assert actual is not None
            errors.append(point - actual)
            hit = low <= actual <= high
            inside += hit
            if point > 0:
                waiting += 1
                inside_waiting += hit
        out.append(Accuracy(
            name, len(rows), mean([abs(e) for e in errors]),
            math.sqrt(mean([e * e for e in errors])), mean(errors),
            inside / len(rows) if rows else math.nan,
            inside_waiting / waiting if waiting else math.nan, waiting))
    return out


def utilisation(result: RunResult) -> dict[str, float]:
    """Share of each counter's open time spent with a visitor (called to released)."""
    return {c: result.busy_s.get(c, 0.0) / s for c, s in sorted(result.open_s.items()) if s > 0}


def write_tickets_csv(result: RunResult, out: TextIO, predictor: str = "ours") -> None:
    """One row per ticket; predictions are those shown when the ticket was issued."""
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for r in result.tickets:
        p = r.predictions.get(predictor)
        wait = r.actual_wait_s
        writer.writerow([
            r.ticket, r.service_id, r.priority, _stamp(r.day, r.issued_at),
            "" if r.called_at is None else _stamp(r.day, r.called_at),
            *(["", "", ""] if p is None else list(p)),
            "" if wait is None else round(wait),
        ])


def _stamp(day: int, seconds: float) -> str:
    """Office-local date and time of day `day` of the run, e.g. `2026-03-03T09:14:05`."""
    return (FIRST_DAY + timedelta(days=day, seconds=round(seconds))).isoformat()
