"""The clerk's day at one counter, counted from the hub's events: served, no-shows, times.

Counting events (rather than asking the hub for a report) works offline from the stream
the counter follows anyway. A restarted terminal must not forget the morning, so the
figures are saved with the `seq` they cover and the gap is replayed from the hub's event
log on start (`catch_up` in the model). Pure: no I/O here except the small JSON file.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from hub.api.schemas import EventMessage

log = logging.getLogger(__name__)


@dataclass
class DayStats:
    """One counter's figures for one business day, as of event `seq`."""

    counter_id: str
    hub_id: str = ""
    business_day: str = ""
    seq: int = 0
    calls: int = 0
    served: int = 0
    no_shows: int = 0
    transferred: int = 0
    service_total_s: float = 0.0
    longest_service_s: float = 0.0
    wait_total_s: float = 0.0  # how long the visitors called here had waited

    @property
    def average_service_s(self) -> float | None:
        """Mean time from call (or start) to done; None before the first visitor."""
        return self.service_total_s / self.served if self.served else None

    @property
    def average_wait_s(self) -> float | None:
        """Mean wait of the visitors this counter called; None before the first call."""
        return self.wait_total_s / self.calls if self.calls else None

    def new_day(self, business_day: str) -> None:
        """Start from zero for `business_day` (keeps identity and `seq`)."""
        keep = {"counter_id": self.counter_id, "hub_id": self.hub_id, "seq": self.seq}
        for f in fields(self):
            setattr(self, f.name, f.default)  # type: ignore[arg-type]
        self.counter_id, self.hub_id, self.seq = keep["counter_id"], keep["hub_id"], keep["seq"]
        self.business_day = business_day

    def apply(self, event: EventMessage) -> bool:
        """Count one event; True if a figure changed. Events at or below `seq` are skipped."""
        if event.seq <= self.seq:
            return False
        self.seq = event.seq
        if event.type == "day.closed":
            self.new_day(str(event.data.get("new_business_day", "")))
            return True
        ticket = event.data.get("ticket")
        if not isinstance(ticket, dict) or ticket.get("business_day") != self.business_day:
            return False
        data = event.data
        if event.type == "ticket.called" and data.get("counter_id") == self.counter_id:
            self.calls += 1
            called, issued = ticket.get("called_at"), ticket.get("issued_at")
            if isinstance(called, int | float) and isinstance(issued, int | float):
                self.wait_total_s += max(0.0, called - issued)
            return True
        if event.type == "ticket.done" and data.get("counter_id") == self.counter_id:
            start, end = ticket.get("started_at") or ticket.get("called_at"), ticket.get(
                "finished_at")
            duration = max(0.0, end - start) if isinstance(start, int | float) and isinstance(
                end, int | float) else 0.0
            self.served += 1
            self.service_total_s += duration
            self.longest_service_s = max(self.longest_service_s, duration)
            return True
        if event.type == "ticket.no_show" and data.get("counter_id") == self.counter_id:
            self.no_shows += 1
            return True
        if event.type == "ticket.transferred" and data.get("from_counter_id") == self.counter_id:
            self.transferred += 1
            return True
        return False


def load_stats(path: Path, counter_id: str, hub_id: str) -> DayStats | None:
    """The saved figures of `counter_id` at hub `hub_id`, or None (other hub, unreadable)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        stats = DayStats(**{f.name: raw[f.name] for f in fields(DayStats) if f.name in raw})
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        log.warning("ignoring unreadable day figures in %s: %s", path, exc)
        return None
    if stats.counter_id != counter_id or stats.hub_id != hub_id:
        return None
    return stats


def save_stats(path: Path, stats: DayStats) -> None:
    """Write the figures atomically (a torn file would cost the clerk their morning)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(stats), indent=1), encoding="utf-8")
    tmp.replace(path)
