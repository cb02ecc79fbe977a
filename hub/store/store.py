"""The hub's SQLite database: the only place SQL is written.

Every state change is one transaction that appends its events (numbered with a strictly
increasing `seq`) and updates the current-state tables, so the two never disagree, even
after a power cut. WAL mode with `synchronous=FULL`: a commit is on disk when it returns.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from hub.engine import Device, Event, OfficeConfig, OfficeState, RecordedEvent, Ticket
from hub.store.codec import (
    counter_from_dict,
    event_from_row,
    event_payload,
    ticket_from_dict,
    ticket_to_dict,
)
from hub.store.migrations import TICKET_COLUMNS, migrate
from hub.store.pairing import PairingStore
from hub.store.tokens import TokenStore

log = logging.getLogger(__name__)

_TICKET_COLS = list(TICKET_COLUMNS)
_UPSERT_TICKET = (
    f"INSERT OR REPLACE INTO tickets ({', '.join(_TICKET_COLS)}) "
    f"VALUES ({', '.join('?' for _ in _TICKET_COLS)})"
)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The first answer to a request carrying an Idempotency-Key."""

    method: str
    path: str
    status: int
    body: str


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    """When a ticket was issued (POSIX seconds), for which service, of which class."""

    issued_at: float
    service_id: str
    priority: str


class Store:
    """Durable state of one hub. Not thread-safe: the hub uses it from one thread."""

    def __init__(self, path: Path, *, synchronous: str = "FULL") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Autocommit mode: transactions are explicit (`BEGIN IMMEDIATE` ... `COMMIT`), so a
        # failure rolls back everything (sqlite-utils' own `with db.conn` would not).
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db = sqlite_utils.Database(self._conn)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(f"PRAGMA synchronous={synchronous}")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.schema_version = migrate(self.db)
        self.tokens = TokenStore(self.db, self.transaction)
        self.pairing = PairingStore(self.db, self.transaction, self.tokens)
        self._last_seq = int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events")
                             .fetchone()[0])
        if self.meta("hub_id") is None:
            with self.transaction():
                self._set_meta("hub_id", secrets.token_hex(8))

    def close(self) -> None:
        """Checkpoint and close the database."""
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic, durable unit: all of it is written, or none of it."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- meta ------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        """A stored hub setting (hub id, current business day)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @property
    def hub_id(self) -> str:
        """The hub's permanent random id (advertised over mDNS, used in pairing)."""
        value = self.meta("hub_id")
        assert value is not None
        return value

    @property
    def last_seq(self) -> int:
        """The `seq` of the newest durable event (0 when there is none)."""
        return self._last_seq

    # -- state -----------------------------------------------------------------------------
    def load_state(self, config: OfficeConfig, today: str) -> OfficeState:
        """Rebuild the office state: counters from their table, the day from its events."""
        day = self.meta("business_day") or today
        state = OfficeState(config=config, business_day=day)
        known = {c.id for c in config.counters}
        for row in self.db.query("SELECT * FROM counters"):
            if row["id"] in known:
                state.counters[row["id"]] = counter_from_dict(row)
        for row in self.db.query("SELECT * FROM devices"):
            row["status"] = json.loads(row["status"] or "{}")
            row["online"] = bool(row["online"])
            state.devices[row["token_id"]] = Device.from_dict(row)
        closed = self._conn.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE type = 'day.closed'"
        ).fetchone()[0]
        for recorded in self.events_since(int(closed)):
            state.apply(recorded.event)
        return state

    def append(
        self,
        events: Sequence[Event],
        *,
        response: tuple[str, str, StoredResponse] | None = None,
    ) -> list[RecordedEvent]:
        """Write `events` (and the idempotent response, if any) in one durable transaction."""
        return self.append_batch([(events, response)])[0]

    def append_batch(
        self, commands: Sequence[tuple[Sequence[Event], tuple[str, str, StoredResponse] | None]]
    ) -> list[list[RecordedEvent]]:
        """Write several commands' events and answers in one transaction (group commit).

        All of it is written or none of it; `seq` numbers follow the order given.
        """
        written: list[list[RecordedEvent]] = []
        seq = self._last_seq
        with self.transaction():
            for events, response in commands:
                recorded = []
                for event in events:
                    seq += 1
                    recorded.append(RecordedEvent(seq, event))
                    self._write_event(seq, event)
                if response is not None:
                    principal, key, stored = response
                    self._conn.execute(
                        "INSERT INTO idempotency (principal, key, method, path, status, body, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, strftime('%s','now'))",
                        (principal, key, stored.method, stored.path, stored.status,
                         stored.body),
                    )
                written.append(recorded)
        self._last_seq = seq
        return written

    def _write_event(self, seq: int, event: Event) -> None:
        ticket, counter = event.ticket, event.counter
        day = ticket.business_day if ticket else self.meta("business_day")
        self._conn.execute(
            "INSERT INTO events (seq, type, at, business_day, ticket_id, counter_id, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (seq, event.type, event.at, day, ticket.id if ticket else None,
             counter.id if counter else event.data.get("counter_id"), event_payload(event)),
        )
        if ticket is not None:
            row = ticket_to_dict(ticket) | {"updated_seq": seq}
            self._conn.execute(_UPSERT_TICKET, [row[c] for c in _TICKET_COLS])
            if self.meta("business_day") is None:
                self._set_meta("business_day", ticket.business_day)
        if counter is not None:
            self._conn.execute(
                "INSERT OR REPLACE INTO counters (id, state, ticket_id, pause_reason, changed_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (counter.id, counter.state.value, counter.ticket_id, counter.pause_reason,
                 counter.changed_at),
            )
        if event.type == "day.closed":
            self._archive_day(seq, event)
        elif event.type == "device.changed":
            device = event.data["device"]
            self._conn.execute(
                "INSERT OR REPLACE INTO devices (token_id, kind, name, online, last_seen, "
                "app_version, counter_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (device["token_id"], device["kind"], device["name"], int(device["online"]),
                 device["last_seen"], device["app_version"], device["counter_id"],
                 json.dumps(device["status"], ensure_ascii=False)),
            )

    def _archive_day(self, seq: int, event: Event) -> None:
        closed_day = str(event.data["business_day"])
        columns = ", ".join(_TICKET_COLS)
        self._conn.execute(
            f"INSERT OR REPLACE INTO ticket_archive ({columns}) SELECT {columns} FROM tickets "
            "WHERE business_day <= ?", (closed_day,),
        )
        self._conn.execute("DELETE FROM tickets WHERE business_day <= ?", (closed_day,))
        self._conn.execute(
            "INSERT OR REPLACE INTO days (business_day, closed_at, closed_seq, issued, expired) "
            "VALUES (?, ?, ?, ?, ?)",
            (closed_day, event.at, seq, event.data.get("issued", 0),
             event.data.get("expired", 0)),
        )
        self._set_meta("business_day", str(event.data["new_business_day"]))

    def set_business_day(self, day: str) -> None:
        """Record the day a fresh database starts in."""
        if self.meta("business_day") is None:
            with self.transaction():
                self._set_meta("business_day", day)

    # -- reading ---------------------------------------------------------------------------
    def events_since(self, seq: int, limit: int | None = None) -> list[RecordedEvent]:
        """Durable events with `seq` greater than `seq`, oldest first."""
        sql = "SELECT seq, type, at, payload FROM events WHERE seq > ? ORDER BY seq"
        params: list[Any] = [seq]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            RecordedEvent(row[0], event_from_row(row[1], row[2], row[3]))
            for row in self._conn.execute(sql, params)
        ]

    def ticket(self, ticket_id: str) -> Ticket | None:
        """A ticket of any day, current or archived."""
        for table in ("tickets", "ticket_archive"):
            rows = list(self.db.query(f"SELECT * FROM {table} WHERE id = ?", [ticket_id]))
            if rows:
                return ticket_from_dict(rows[0])
        return None

    def tickets(self, business_day: str | None = None) -> list[Ticket]:
        """Tickets of one business day (or all), current and archived, oldest first."""
        out: list[Ticket] = []
        for table in ("tickets", "ticket_archive"):
            sql = f"SELECT * FROM {table}"
            params: list[Any] = []
            if business_day is not None:
                sql += " WHERE business_day = ?"
                params.append(business_day)
            out += [ticket_from_dict(row) for row in self.db.query(sql, params)]
        return sorted(out, key=lambda t: (t.issued_at, t.number))

    def issued_since(self, since: float, until: float | None = None) -> list[IssuedTicket]:
        """Tickets issued in [`since`, `until`), current and archived, oldest first.

        The arrivals history of the forecast: every ticket counts, whatever became of it.
        Day close moves tickets to the archive, so both tables are read.
        """
        where = "issued_at >= ?" + ("" if until is None else " AND issued_at < ?")
        params: list[Any] = [since] if until is None else [since, until]
        sql = " UNION ALL ".join(
            f"SELECT issued_at, service_id, priority, id FROM {table} WHERE {where}"
            for table in ("tickets", "ticket_archive")
        ) + " ORDER BY issued_at, id"
        return [IssuedTicket(float(row[0]), str(row[1]), str(row[2]))
                for row in self._conn.execute(sql, params * 2)]

    def count_tickets(self) -> dict[str, int]:
        """Tickets per state over current and archived days (for checks and statistics)."""
        counts: dict[str, int] = {}
        for table in ("tickets", "ticket_archive"):
            for state, n in self._conn.execute(
                f"SELECT state, COUNT(*) FROM {table} GROUP BY state"
            ):
                counts[state] = counts.get(state, 0) + n
        return counts

    def stored_response(self, principal: str, key: str) -> StoredResponse | None:
        """The answer first given to (`principal`, `key`), if any."""
        row = self._conn.execute(
            "SELECT method, path, status, body FROM idempotency WHERE principal = ? AND key = ?",
            (principal, key),
        ).fetchone()
        return None if row is None else StoredResponse(row[0], row[1], row[2], row[3])
