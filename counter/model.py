"""The counter terminal's model: one counter as its clerk sees it, and what they may do.

Qt-free: it follows the hub through a `DeviceConnection`, mirrors the office, derives
which actions are possible (counter.actions) and runs them (counter.commands). Widgets
subscribe to `changed` and call `request`; tests drive it with plain asyncio.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter.actions import Action, Situation, Why, availability, why_not
from counter.commands import Outcome, Result, Target, perform
from counter.day_stats import DayStats, save_stats
from counter.led_feed import LedFeed
from counter.office import OfficeMirror
from counter.stats_sync import catch_up
from hub.api.schemas import (
    CounterView,
    EventMessage,
    PairingCreated,
    ServiceView,
    TicketSnapshot,
)
from hub.client import (
    ConnectionState,
    DeviceConnection,
    HubClient,
    HubError,
    HubUnreachable,
    Snapshot,
    StreamItem,
)

log = logging.getLogger(__name__)
Listener = Callable[[], None]


@dataclass(frozen=True, slots=True)
class Notice:
    """The last thing the terminal has to tell the clerk (translated by the UI)."""

    kind: str  # "ok" | "info" | "error"
    outcome: Outcome


class CounterModel:
    """One counter: its state, its visitor, its queue, its actions, its day."""

    def __init__(self, counter_id: str, *, next_count: int = 4, stats_dir: Path | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.counter_id = counter_id
        self.next_count = next_count
        self.stats_dir = stats_dir
        self.clock = clock
        self.mirror_loaded = False
        self.mirror = OfficeMirror()
        self.connection: DeviceConnection | None = None
        self.connection_state = ConnectionState.SEARCHING
        self.pairing_code: str | None = None
        self.busy: Action | None = None
        self.notice: Notice | None = None
        self.stats = DayStats(counter_id)
        self.stats_complete = False  # the morning was replayed from the hub's log
        self.led: LedFeed | None = None
        self.device_status: dict[str, object] = {}
        self._listeners: list[Listener] = []
        self._stats_task: asyncio.Task[None] | None = None
        self._pending_stats: list[EventMessage] | None = None

    # -- observing ----------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener()` after every change; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def changed(self) -> None:
        """Tell every listener that something changed."""
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("model listener failed")

    # -- the hub -----------------------------------------------------------------------------
    def attach(self, connection: DeviceConnection) -> None:
        """Follow `connection`: its stream items, its state and its pairing codes."""
        self.connection = connection
        connection.on_item = self.on_item
        connection.on_code = self.on_code
        connection.status.subscribe(self.on_connection_state)
        self.connection_state = connection.status.state

    def on_connection_state(self, state: ConnectionState) -> None:
        """The link to the hub changed: actions are enabled only while connected."""
        self.connection_state = state
        if state is ConnectionState.CONNECTED:
            self.pairing_code = None
        self.changed()

    def on_code(self, ticket: PairingCreated) -> None:
        """Show this pairing code until an admin approves it."""
        self.pairing_code = ticket.code
        self.changed()

    async def on_item(self, item: StreamItem) -> None:
        """Apply a snapshot or an event from the hub."""
        if isinstance(item, Snapshot):
            self._adopt_paired_counter()
            self.mirror.load(item.state)
            self.mirror_loaded = True
            await self._fetch_missing()
            if self.led is not None:
                self.led.on_snapshot(self.mirror)
            self._start_stats(item.state.seq)
        else:
            self.mirror.apply(item)
            if self.led is not None:
                self.led.on_event(item, self.mirror)
            self._count(item)
        self.changed()

    def _adopt_paired_counter(self) -> None:
        credentials = self.connection.credentials if self.connection else None
        if credentials and credentials.counter_id and credentials.counter_id != self.counter_id:
            log.info("this terminal is paired with %s (config said %s)",
                     credentials.counter_id, self.counter_id)
            self.counter_id = credentials.counter_id
            self.stats = DayStats(self.counter_id)
            if self.led is not None:
                self.led.counter_id = self.counter_id

    async def _fetch_missing(self) -> None:
        client = self.connection.client if self.connection else None
        current = self.counter
        if client is None or current is None or current.ticket_id is None:
            return
        if current.ticket_id in self.mirror.tickets:
            return
        with contextlib.suppress(HubError, HubUnreachable):
            self.mirror.put_ticket(await client.get_ticket(current.ticket_id))

    # -- the clerk's day ---------------------------------------------------------------------
    def _start_stats(self, seq: int) -> None:
        if self._stats_task is not None and not self._stats_task.done():
            return
        client = self.connection.client if self.connection else None
        if client is None:
            return
        self._pending_stats = []
        self._stats_task = asyncio.get_running_loop().create_task(
            self._catch_up(client, seq), name="day-stats")

    async def _catch_up(self, client: HubClient, seq: int) -> None:
        path = self._stats_path()
        try:
            self.stats, self.stats_complete = await catch_up(
                client, self.counter_id, self.mirror.hub_id, self.mirror.business_day, seq,
                path)
        finally:
            pending, self._pending_stats = self._pending_stats or [], None
        for event in pending:
            self._count(event)
        self._save_stats()
        self.changed()

    def _count(self, event: EventMessage) -> None:
        if self._pending_stats is not None:
            self._pending_stats.append(event)
        elif self.stats.apply(event):
            self._save_stats()

    def _stats_path(self) -> Path | None:
        return self.stats_dir / f"day-{self.counter_id}.json" if self.stats_dir else None

    def _save_stats(self) -> None:
        path = self._stats_path()
        if path is not None and self.stats.hub_id:
            try:
                save_stats(path, self.stats)
            except OSError as exc:
                log.warning("could not save the day's figures: %s", exc)

    async def aclose(self) -> None:
        """Stop background work (the connection is stopped by its owner)."""
        if self._stats_task is not None:
            self._stats_task.cancel()
            try:
                await self._stats_task
            except asyncio.CancelledError:
                pass
            except Exception as exc:  # the replay is abandoned either way
                # Stopping the connection first closes the replay's HTTP session under
                # it (aiohttp then fails an internal assert): closing must not fail.
                log.info("day figures: replay ended while closing: %r", exc)
        if self.led is not None:
            self.led.close()

    # -- what the screen shows ------------------------------------------------------------
    @property
    def connected(self) -> bool:
        """True while the live event stream runs (actions need it)."""
        return self.connection_state is ConnectionState.CONNECTED

    @property
    def needs_pairing(self) -> bool:
        """True while the screen must show the pairing page (a code, or a revoked token)."""
        return not self.connected and (self.pairing_code is not None
                                       or self.connection_state is ConnectionState.REVOKED)

    @property
    def counter(self) -> CounterView | None:
        """The counter as the hub sees it (None before the first snapshot)."""
        return self.mirror.counters.get(self.counter_id)

    @property
    def ticket(self) -> TicketSnapshot | None:
        """The visitor at the counter: called or being served."""
        return self.mirror.current_ticket(self.counter_id)

    def situation(self) -> Situation:
        """What the action rules need to know."""
        counter, ticket = self.counter, self.ticket
        ticket_state = ticket.state if ticket else (
            "called" if counter is not None and counter.ticket_id else None)
        return Situation(counter.state if counter else "closed", ticket_state,
                         connected=self.connected and counter is not None,
                         busy=self.busy is not None)

    def availability(self) -> dict[Action, Why | None]:
        """Every action and why it is unavailable (None: available now)."""
        return availability(self.situation())

    def waited_s(self, now: float | None = None) -> float | None:
        """How long the current visitor waited before being called."""
        t = self.ticket
        if t is None:
            return None
        end = t.called_at if t.called_at is not None else (now or self.clock())
        return max(0.0, end - t.issued_at)

    def at_counter_s(self, now: float | None = None) -> float | None:
        """Seconds since service started (serving) or since the call (called)."""
        t = self.ticket
        since = None if t is None else (t.started_at if t.state == "serving" else t.called_at)
        return None if since is None else max(0.0, (now or self.clock()) - since)

    def services(self) -> list[ServiceView]:
        """The services this counter serves, strongest skill first."""
        ids = self.mirror.served_services(self.counter_id)
        return [self.mirror.services[s] for s in ids if s in self.mirror.services]

    def waiting_counts(self) -> dict[str, int]:
        """How many this counter could call, per service it serves.

        Tickets sent to another counter are left out: they will not come here.
        """
        counts = dict.fromkeys((s.id for s in self.services()), 0)
        for ticket in self.mirror.waiting_for(self.counter_id, self.clock()):
            if ticket.service_id in counts:
                counts[ticket.service_id] += 1
        return counts

    def next_numbers(self, now: float | None = None) -> list[TicketSnapshot]:
        """The next few tickets this counter will probably call."""
        return self.mirror.waiting_for(self.counter_id, now or self.clock())[:self.next_count]

    def other_counters(self) -> list[CounterView]:
        """Counters a visitor can be transferred to."""
        return [c for c in self.mirror.counters.values() if c.id != self.counter_id]

    def all_services(self) -> list[ServiceView]:
        """Every service of the office (transfer targets)."""
        return list(self.mirror.services.values())

    # -- acting -------------------------------------------------------------------------------
    async def perform(self, action: Action, *, key: str | None = None, reason: str = "",
                      target: Target | None = None) -> Outcome:
        """Run `action` now if it is possible, else refuse it without asking the hub."""
        why = why_not(action, self.situation())
        client = self.connection.client if self.connection else None
        if why is Why.OFFLINE or client is None:
            outcome = Outcome(action, Result.UNREACHABLE, detail="offline")
        elif why is not None:
            outcome = Outcome(action, Result.REFUSED, detail=why.value)
        elif action is Action.TRANSFER and target is None:
            outcome = Outcome(action, Result.REFUSED, detail="no_target")
        else:
            self.busy = action
            self.changed()
            try:
                outcome = await perform(client, self.counter_id, action, key=key,
                                        reason=reason, target=target)
            finally:
                self.busy = None
        self.notice = Notice("ok" if outcome.ok else "error", outcome)
        self.changed()
        return outcome

    def request(self, action: Action, *, reason: str = "",
                target: Target | None = None) -> asyncio.Task[Outcome] | None:
        """Start `action` from a button or shortcut; None if it is not possible now."""
        if why_not(action, self.situation()) is not None:
            return None
        if action is Action.TRANSFER and target is None:
            return None
        return asyncio.get_running_loop().create_task(
            self.perform(action, reason=reason, target=target), name=f"action-{action}")
