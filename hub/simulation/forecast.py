"""Arrivals forecast per service, weekday and hour, from past ticket issue times.

Seasonal-naive with pooling: the rate for (service, weekday, hour) is the mean count of
that hour over the past days of that weekday; a weekday never seen borrows the mean over
all days. Pure functions over a list of past issues; `history_from_store` reads them from
the hub's database (`read_history_csv` from a CSV), in the office's local time.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from datetime import time as clock_time
from pathlib import Path

from hub.engine import PRIORITY
from hub.store import Store

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HISTORY_WEEKS = 8  # whole weeks, so every weekday is seen equally often


@dataclass(frozen=True, slots=True)
class PastIssue:
    """One ticket of the history: when (office-local), for what, of which class."""

    at: datetime
    service_id: str
    priority: str = "normal"


@dataclass(frozen=True, slots=True)
class Forecast:
    """Expected arrivals per hour by service, weekday (0 = Monday) and hour of day."""

    rates: dict[tuple[str, int, int], float] = field(default_factory=dict)
    priority_share: dict[str, float] = field(default_factory=dict)
    days_seen: dict[int, int] = field(default_factory=dict)

    def rate(self, service_id: str, weekday: int, hour: int) -> float:
        """Arrivals per hour expected in that hour."""
        return self.rates.get((service_id, weekday, hour), 0.0)

    def services(self) -> list[str]:
        """Services with any history."""
        return sorted({s for s, _, _ in self.rates})

    def day(self, service_id: str, weekday: int) -> list[tuple[int, float]]:
        """(hour, arrivals per hour) over the day, for hours with any arrivals expected."""
        return [(h, r) for h in range(24) if (r := self.rate(service_id, weekday, h)) > 0]


def forecast_arrivals(history: Iterable[PastIssue]) -> Forecast:
    """Mean arrivals per service, weekday and hour over the days in `history`."""
    issues = list(history)
    dates_by_weekday: dict[int, set[object]] = {}
    counts: Counter[tuple[str, int, int]] = Counter()
    per_service: Counter[str] = Counter()
    priority: Counter[str] = Counter()
    for issue in issues:
        weekday = issue.at.weekday()
        dates_by_weekday.setdefault(weekday, set()).add(issue.at.date())
        counts[(issue.service_id, weekday, issue.at.hour)] += 1
        per_service[issue.service_id] += 1
        priority[issue.service_id] += issue.priority == PRIORITY
    days_seen = {w: len(d) for w, d in dates_by_weekday.items()}
    all_days = sum(days_seen.values())
    rates: dict[tuple[str, int, int], float] = {}
    for (service, weekday, hour), n in counts.items():
        rates[(service, weekday, hour)] = n / days_seen[weekday]
    # Weekdays without history: the mean over every day seen.
    pooled: Counter[tuple[str, int]] = Counter()
    for (service, _, hour), n in counts.items():
        pooled[(service, hour)] += n
    for weekday in range(7):
        if weekday not in days_seen and all_days:
            for (service, hour), n in pooled.items():
                rates[(service, weekday, hour)] = n / all_days
    return Forecast(rates, {s: priority[s] / n for s, n in per_service.items()}, days_seen)


def read_history_csv(path: Path) -> list[PastIssue]:
    """Past issues from a CSV with `issued_at` (ISO local time), `service`, `priority`.

    The simulator's `--tickets-csv` output has these columns, so a simulated month can
    stand in for the store's history until the hub exports its own.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        try:
            return [PastIssue(datetime.fromisoformat(row["issued_at"]), row["service"],
                              row.get("priority") or "normal")
                    for row in csv.DictReader(handle)]
        except KeyError as exc:
            msg = f"{path}: a history CSV needs the columns issued_at, service (and priority)"
            raise ValueError(msg) from exc


def history_window(tz: tzinfo, now: float, weeks: int = HISTORY_WEEKS) -> tuple[float, float]:
    """[start, end) of the `weeks` whole local days before today, as POSIX seconds.

    Today is left out: a day not over yet would count as a whole day of its weekday and
    pull that weekday's rates down. Local midnights, so a DST change moves no hour.
    """
    today = datetime.fromtimestamp(now, tz).date()
    start = today - timedelta(weeks=weeks)
    return (datetime.combine(start, clock_time(), tzinfo=tz).timestamp(),
            datetime.combine(today, clock_time(), tzinfo=tz).timestamp())


def history_from_store(store: Store, tz: tzinfo, since: float | None = None, *,
                       now: float | None = None) -> list[PastIssue]:
    """Past issues from the hub's database, in the office's local time (zone `tz`).

    From `since` (default: the last `HISTORY_WEEKS` weeks) up to today's local midnight.
    Every ticket counts, served or not: the forecast is of arrivals, not of service.
    """
    start, end = history_window(tz, time.time() if now is None else now)
    return [PastIssue(datetime.fromtimestamp(t.issued_at, tz), t.service_id, t.priority)
            for t in store.issued_since(start if since is None else since, end)]


def arrivals_table(forecast: Forecast, service_id: str, weekday: int,
                   opens: int, closes: int) -> Sequence[tuple[str, float]]:
    """The day's forecast as a scenario's `arrivals_per_hour`, hour by hour."""
    return [(f"{h:02d}:00", round(forecast.rate(service_id, weekday, h), 2))
            for h in range(opens, closes)]
