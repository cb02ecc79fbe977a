"""The application layer: read the state, apply the pure engine, make the result durable.

One `HubService` per hub. Each command is decided and applied to the in-memory state start
to finish without yielding to the event loop, so two counters pressing "call next" at once
are served one after the other and can never receive the same ticket.

Durability uses group commit: the commands decided during one turn of the event loop are
written together in one SQLite transaction (each command's events and its idempotent answer
are all-or-nothing), and every caller is answered only after that commit. If the commit
fails, the state is reloaded from the database and every caller in the batch gets an error:
nothing half-done survives. Listeners get events only once they are durable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hub.config import Office
from hub.engine import EngineError, Event, OfficeState, RecordedEvent, business_day, commands
from hub.store import Store, StoredResponse

log = logging.getLogger(__name__)

Decide = Callable[[OfficeState, float], list[Event]]
Render = Callable[[list[Event]], tuple[int, str]]
Listener = Callable[[list[RecordedEvent]], None]


class StoreUnavailableError(Exception):
    """The database refused a write (disk full, I/O error); nothing was changed."""


class IdempotencyMismatchError(EngineError):
    """An Idempotency-Key was reused for a different request."""


@dataclass(frozen=True, slots=True)
class Idempotency:
    """A client's Idempotency-Key, scoped to the client that sent it."""

    principal: str
    key: str
    method: str
    path: str


@dataclass(slots=True)
class _Pending:
    """A decided command waiting for the group commit."""

    events: list[Event]
    response: tuple[str, str, StoredResponse] | None
    done: asyncio.Future[None] | None = None
    recorded: list[RecordedEvent] = field(default_factory=list)


def new_ticket_id() -> str:
    """An unguessable ticket id: it is also the capability to see the ticket's page."""
    return secrets.token_urlsafe(12)


class HubService:
    """Commands and queries of one office, on top of its store."""

    def __init__(
        self,
        store: Store,
        office: Office,
        *,
        clock: Callable[[], float] = time.time,
        new_id: Callable[[], str] = new_ticket_id,
    ) -> None:
        self.store = store
        self.office = office
        self.clock = clock
        self.new_id = new_id
        self._listeners: list[Listener] = []
        self._pending: list[_Pending] = []
        self._pending_keys: dict[tuple[str, str], _Pending] = {}
        self._flush_scheduled = False
        today = self.today(clock())
        store.set_business_day(today)
        self.state = store.load_state(office.config, today)
        self.roll_day()

    # -- plumbing --------------------------------------------------------------------------
    def today(self, now: float) -> str:
        """The business day `now` belongs to, as an ISO date."""
        return business_day(now, self.office.timezone, self.office.day_start).isoformat()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with each batch of durable events; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _reload(self) -> None:
        self.state = self.store.load_state(self.office.config, self.state.business_day)

    def flush(self) -> list[RecordedEvent]:
        """Commit every decided command in one transaction, then answer and notify."""
        self._flush_scheduled = False
        batch, self._pending = self._pending, []
        self._pending_keys.clear()
        if not batch:
            return []
        try:
            written = self.store.append_batch([(p.events, p.response) for p in batch])
        except sqlite3.Error as exc:
            log.exception("store write failed; reloading state from the database")
            self._reload()
            error = StoreUnavailableError(str(exc))
            for pending in batch:
                if pending.done is not None and not pending.done.done():
                    pending.done.set_exception(error)
            raise error from exc
        recorded = [r for records in written for r in records]
        for pending, records in zip(batch, written, strict=True):
            pending.recorded = records
            if pending.done is not None and not pending.done.done():
                pending.done.set_result(None)
        if recorded:
            for listener in list(self._listeners):
                try:
                    listener(recorded)
                except Exception:
                    log.exception("event listener failed")
        return recorded

    def _schedule_flush(self) -> None:
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_soon)

    def _flush_soon(self) -> None:
        with contextlib.suppress(StoreUnavailableError):
            self.flush()  # on failure every waiting caller already has the error

    # -- commands --------------------------------------------------------------------------
    async def perform(
        self, decide: Decide, render: Render, idempotency: Idempotency | None = None
    ) -> tuple[int, str]:
        """Run one command; returns the HTTP status and JSON body, once durable.

        With an Idempotency-Key the first answer is stored in the same transaction as the
        change, and a retry gets that answer back without changing anything.
        """
        if idempotency is not None:
            known = self._known_answer(idempotency)
            if isinstance(known, _Pending):
                assert known.done is not None and known.response is not None
                await asyncio.shield(known.done)
                return known.response[2].status, known.response[2].body
            if known is not None:
                return known.status, known.body
        now = self.clock()
        self.roll_day(now)
        events = decide(self.state, now)
        for event in events:
            self.state.apply(event)
        try:
            status, body = render(events)
        except Exception:
            self._reload()
            raise
        response = None
        if idempotency is not None:
            response = (idempotency.principal, idempotency.key,
                        StoredResponse(idempotency.method, idempotency.path, status, body))
        if events or response:
            pending = _Pending(events, response, asyncio.get_running_loop().create_future())
            self._pending.append(pending)
            if idempotency is not None:
                self._pending_keys[(idempotency.principal, idempotency.key)] = pending
            self._schedule_flush()
            assert pending.done is not None
            await asyncio.shield(pending.done)
        return status, body

    def _known_answer(self, idem: Idempotency) -> StoredResponse | _Pending | None:
        pending = self._pending_keys.get((idem.principal, idem.key))
        stored = pending.response[2] if pending and pending.response else None
        if stored is None:
            stored = self.store.stored_response(idem.principal, idem.key)
        if stored is None:
            return None
        if (stored.method, stored.path) != (idem.method, idem.path):
            raise IdempotencyMismatchError(
                f"this Idempotency-Key was used for {stored.method} {stored.path}; "
                "use a new key for a new request", field="Idempotency-Key")
        return pending or stored

    def execute(self, decide: Decide) -> list[RecordedEvent]:
        """Run a command now and commit it (with anything pending) before returning."""
        now = self.clock()
        events = decide(self.state, now)
        for event in events:
            self.state.apply(event)
        if not events:
            return []
        pending = _Pending(events, None)
        self._pending.append(pending)
        self.flush()
        return pending.recorded

    def roll_day(self, now: float | None = None) -> list[RecordedEvent]:
        """Close the business day if the clock has passed the day start."""
        today = self.today(self.clock() if now is None else now)
        if today <= self.state.business_day:
            return []
        log.info("closing business day %s; new day %s", self.state.business_day, today)
        return self.execute(
            lambda state, at: commands.close_day(state, at, new_business_day=today)
        )
