"""The arrivals history the forecast reads: tickets issued since a time, live and archived."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hub.config import load_office
from hub.engine import commands
from hub.service import HubService
from hub.store import Store
from hub.store.store import IssuedTicket

LONDON = ZoneInfo("Europe/London")


def _at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON).timestamp()


def test_issued_since_reads_live_and_archived_tickets_in_order(tmp_path: Path) -> None:
    now = [_at(2, 9, 0)]
    service = HubService(Store(tmp_path / "hub.db"), load_office(), clock=lambda: now[0])

    def issue(at: float, service_id: str, priority: str = "normal") -> None:
        now[0] = at
        ticket_id = service.new_id()
        service.execute(lambda s, t: commands.issue_ticket(
            s, t, ticket_id=ticket_id, service_id=service_id, priority=priority))

    issue(_at(2, 9, 0), "general")
    issue(_at(2, 9, 30), "payments", "priority")
    issue(_at(2, 15, 0), "documents")
    now[0] = _at(3, 8, 0)
    assert [e.event.type for e in service.roll_day()][-1] == "day.closed"
    issue(_at(3, 8, 30), "general")
    issue(_at(3, 10, 0), "payments")

    with sqlite3.connect(tmp_path / "hub.db") as db:  # the query really spans both tables
        assert db.execute("SELECT COUNT(*) FROM ticket_archive").fetchone() == (3,)
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone() == (2,)

    store = service.store
    assert store.issued_since(0.0) == [
        IssuedTicket(_at(2, 9, 0), "general", "normal"),
        IssuedTicket(_at(2, 9, 30), "payments", "priority"),
        IssuedTicket(_at(2, 15, 0), "documents", "normal"),
        IssuedTicket(_at(3, 8, 30), "general", "normal"),
        IssuedTicket(_at(3, 10, 0), "payments", "normal"),
    ]
    # `since` is inclusive, `until` exclusive.
    assert [t.issued_at for t in store.issued_since(_at(2, 9, 30))] == [
        _at(2, 9, 30), _at(2, 15, 0), _at(3, 8, 30), _at(3, 10, 0)]
    assert [t.service_id for t in store.issued_since(_at(2, 9, 30), _at(3, 8, 30))] == [
        "payments", "documents"]
    assert store.issued_since(_at(3, 10, 1)) == []
    store.close()
