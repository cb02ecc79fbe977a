"""The application layer: read the state, apply the pure engine, make the result durable.

One `HubService` per hub. Each command runs start to finish without yielding to the event
loop, so two counters pressing "call next" at once are served one after the other and can
never receive the same ticket. Events are handed to listeners only once they are durable.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

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

    def _commit(
        self, events: list[Event], response: tuple[str, str, StoredResponse] | None = None
    ) -> list[RecordedEvent]:
        try:
            recorded = self.store.append(events, response=response)
        except sqlite3.Error as exc:
            log.exception("store write failed; reloading state from the database")
            self._reload()
            raise StoreUnavailableError(str(exc)) from exc
        if recorded:
            for listener in list(self._listeners):
                try:
                    listener(recorded)
                except Exception:
                    log.exception("event listener failed")
        return recorded

    # -- commands --------------------------------------------------------------------------
    def perform(
        self, decide: Decide, render: Render, idempotency: Idempotency | None = None
    ) -> tuple[int, str]:
        """Run one command; returns the HTTP status and JSON body to answer with.

        With an Idempotency-Key the first answer is stored in the same transaction as the
        change, and a retry gets that answer back without changing anything.
        """
        if idempotency is not None:
            stored = self.store.stored_response(idempotency.principal, idempotency.key)
            if stored is not None:
                if (stored.method, stored.path) != (idempotency.method, idempotency.path):
                    raise IdempotencyMismatchError(
                        f"this Idempotency-Key was used for {stored.method} {stored.path}; "
                        "use a new key for a new request", field="Idempotency-Key")
                return stored.status, stored.body
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
            self._commit(events, response)
        return status, body

    def execute(self, decide: Decide) -> list[RecordedEvent]:
        """Run a command that needs no HTTP answer (day close, maintenance)."""
        now = self.clock()
        events = decide(self.state, now)
        for event in events:
            self.state.apply(event)
        return self._commit(events) if events else []

    def roll_day(self, now: float | None = None) -> list[RecordedEvent]:
        """Close the business day if the clock has passed the day start."""
        today = self.today(self.clock() if now is None else now)
        if today <= self.state.business_day:
            return []
        log.info("closing business day %s; new day %s", self.state.business_day, today)
        return self.execute(
            lambda state, at: commands.close_day(state, at, new_business_day=today)
        )
