"""The application layer on a real SQLite file: durability, rebuild, day close, rollback."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hub.config import load_office
from hub.engine import ConflictError, commands
from hub.service import HubService, StoreUnavailableError
from hub.store import Store

LONDON = ZoneInfo("Europe/London")


class Clock:
    def __init__(self, when: datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _service(path: Path, clock: Clock) -> HubService:
    return HubService(Store(path), load_office(), clock=clock)


def _issue(service: HubService, service_id: str = "general") -> str:
    ticket_id = service.new_id()
    service.execute(lambda s, now: commands.issue_ticket(
        s, now, ticket_id=ticket_id, service_id=service_id))
    return service.state.tickets[ticket_id].number


def test_state_is_rebuilt_identically_after_restart(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=LONDON))
    first = _service(tmp_path / "hub.db", clock)
    for service_id in ("general", "general", "payments"):
        _issue(first, service_id)
    first.execute(lambda s, now: commands.open_counter(s, now, counter_id="counter-1"))
    clock.advance(60)
    first.execute(lambda s, now: commands.call_next(s, now, counter_id="counter-1"))
    clock.advance(200)
    first.execute(lambda s, now: commands.finish(s, now, counter_id="counter-1"))
    before = (dict(first.state.tickets), dict(first.state.counters),
              dict(first.state.last_seq_no), dict(first.state.service_times),
              list(first.state.recent_calls))
    first.store.close()

    second = _service(tmp_path / "hub.db", clock)
    after = (dict(second.state.tickets), dict(second.state.counters),
             dict(second.state.last_seq_no), dict(second.state.service_times),
             list(second.state.recent_calls))
    assert after == before
    assert _issue(second) == "A003"
    second.store.close()


def test_day_close_archives_and_restarts_numbering(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 2, 16, 0, tzinfo=LONDON))
    service = _service(tmp_path / "hub.db", clock)
    served = _issue(service)
    left = _issue(service)
    service.execute(lambda s, now: commands.open_counter(s, now, counter_id="counter-2"))
    service.execute(lambda s, now: commands.call_next(s, now, counter_id="counter-2"))
    service.execute(lambda s, now: commands.finish(s, now, counter_id="counter-2"))
    assert (served, left) == ("A001", "A002")
    yesterday_ids = set(service.state.tickets)

    clock.now = datetime(2026, 3, 3, 4, 59, tzinfo=LONDON).timestamp()
    assert service.roll_day() == []  # 04:59 still belongs to the 2nd (day starts 05:00)
    clock.now = datetime(2026, 3, 3, 5, 0, tzinfo=LONDON).timestamp()
    closed = service.roll_day()
    assert [e.event.type for e in closed] == ["ticket.expired", "day.closed"]
    assert service.state.business_day == "2026-03-03"
    assert service.state.tickets == {}
    assert _issue(service) == "A001"

    with sqlite3.connect(tmp_path / "hub.db") as db:
        archived = dict(db.execute("SELECT id, state FROM ticket_archive").fetchall())
        current = db.execute("SELECT business_day FROM tickets").fetchall()
        day = db.execute("SELECT issued, expired FROM days WHERE business_day = '2026-03-02'")
        assert day.fetchone() == (2, 1)
    assert set(archived) == yesterday_ids
    assert sorted(archived.values()) == ["done", "expired"]
    assert current == [("2026-03-03",)]
    # History stays queryable through the store.
    old = service.store.ticket(next(iter(yesterday_ids)))
    assert old is not None
    assert old.business_day == "2026-03-02"

    # A restart on the new day keeps the new numbering.
    service.store.close()
    again = _service(tmp_path / "hub.db", clock)
    assert _issue(again) == "A002"
    again.store.close()


def test_hub_closes_the_day_on_start_after_a_night_off(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON))
    service = _service(tmp_path / "hub.db", clock)
    _issue(service)
    service.store.close()
    clock.now = datetime(2026, 3, 4, 8, 0, tzinfo=LONDON).timestamp()
    morning = _service(tmp_path / "hub.db", clock)
    assert morning.state.business_day == "2026-03-04"
    assert _issue(morning) == "A001"
    morning.store.close()


def test_a_refused_command_changes_nothing(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON))
    service = _service(tmp_path / "hub.db", clock)
    _issue(service)
    seq = service.store.last_seq
    with pytest.raises(ConflictError):
        service.execute(lambda s, now: commands.finish(s, now, counter_id="counter-1"))
    assert service.store.last_seq == seq
    service.store.close()


def test_failed_write_rolls_back_state_and_database(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON))
    service = _service(tmp_path / "hub.db", clock)
    _issue(service)
    tickets_before = dict(service.state.tickets)
    # Make the next write fail inside its transaction, as a full disk would.
    with sqlite3.connect(tmp_path / "hub.db") as db:
        db.execute("CREATE TRIGGER fail BEFORE INSERT ON events "
                   "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END")
    with pytest.raises(StoreUnavailableError):
        _issue(service)
    assert service.state.tickets == tickets_before
    with sqlite3.connect(tmp_path / "hub.db") as db:
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone() == (1,)
        db.execute("DROP TRIGGER fail")
    assert _issue(service) == "A002"
    service.store.close()


def test_schema_is_versioned(tmp_path: Path) -> None:
    store = Store(tmp_path / "hub.db")
    assert store.schema_version == 2
    hub_id = store.hub_id
    store.close()
    with sqlite3.connect(tmp_path / "hub.db") as db:
        assert db.execute("PRAGMA user_version").fetchone() == (2,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(RuntimeError, match="newer than this hub"):
        Store(tmp_path / "hub.db")
    with sqlite3.connect(tmp_path / "hub.db") as db:
        db.execute("PRAGMA user_version = 2")
    reopened = Store(tmp_path / "hub.db")
    assert reopened.hub_id == hub_id
    reopened.close()
