"""The kiosk's side of the hub: connection state, the office snapshot, commands, staff status.

Wraps the shared client's `DeviceConnection` (pairing, events, heartbeats) and adds what a
kiosk needs on top: a command client that gives up sooner (a visitor is waiting), queue
figures re-read after events, a grace period before "out of service", printer changes
pushed at once, and the cancelling of unseen tickets whenever the hub is back.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from hub.api.schemas import EventMessage, PairingCreated, StateView
from hub.client import (
    ConnectionState,
    DeviceConnection,
    HubClient,
    HubError,
    HubUnreachable,
    RetryPolicy,
    Snapshot,
    StreamItem,
)
from kiosk.config import KioskConfig
from kiosk.journal import Journal
from kiosk.recovery import settle_unseen
from kiosk.tasks import TaskGroup
from kiosk.timers import Timers

_LOGGER = logging.getLogger(__name__)

# A visitor is waiting in front of the screen: give up on the hub sooner than the default.
COMMAND_RETRY = RetryPolicy(attempts=3, initial=0.2, maximum=1.0)
COMMAND_TIMEOUT_S = 4.0
STARTUP_GRACE_S = 20.0  # "starting" turns into "out of service" after this long
REFRESH_DELAY_S = 0.3  # queue figures are re-read this long after an event (coalesced)
SETTLE_RETRY_S = 10.0


class HubLink:
    """What the kiosk knows about its hub; calls `changed()` whenever that changes."""

    def __init__(self, config: KioskConfig, journal: Journal, *, app_version: str,
                 changed: Callable[[], None], status: Callable[[], Mapping[str, Any]],
                 busy_keys: Callable[[], set[str]], tasks: TaskGroup) -> None:
        self.config = config
        self.journal = journal
        self.app_version = app_version
        self.connection: DeviceConnection | None = None
        self.state: StateView | None = None
        self.hub = ConnectionState.SEARCHING
        self.pairing_code: str | None = None
        self.startup_over = False  # "starting" has lasted too long
        self.lost = False  # the stream was lost after having been connected
        self.lost_over = False  # ... for longer than the grace period
        self._changed = changed
        self._status = status
        self._busy_keys = busy_keys
        self._tasks = tasks
        self._timers = Timers()
        self._client: HubClient | None = None
        self._stopping = False

    async def start(self, connection: DeviceConnection) -> None:
        """Start following the hub through `connection`."""
        self.connection = connection
        self._timers.start("startup", STARTUP_GRACE_S, self._startup_expired)
        connection.status.subscribe(self._on_connection)
        await connection.start()

    async def stop(self) -> None:
        """Stop the connection and close the command client."""
        self._stopping = True
        self._timers.cancel_all()
        if self.connection is not None:
            await self.connection.stop()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def connected(self) -> bool:
        """Following the hub's live stream right now."""
        return self.hub is ConnectionState.CONNECTED

    # -- from the connection -----------------------------------------------------------------
    def on_item(self, item: StreamItem) -> None:
        """A snapshot or an event (DeviceConnection's `on_item`)."""
        if isinstance(item, Snapshot):
            self.state = item.state
            self._changed()
        elif isinstance(item, EventMessage) and item.type.startswith(("ticket.", "counter.",
                                                                      "day.")):
            self._timers.start_once("refresh", REFRESH_DELAY_S,
                                    lambda: self._tasks.spawn(self._refresh(), "refresh"))

    def on_code(self, ticket: PairingCreated) -> None:
        """Pairing: show this code until staff approve it (DeviceConnection's `on_code`)."""
        self.pairing_code = ticket.code
        self._changed()

    async def _refresh(self) -> None:
        """Re-read the queue figures (events carry tickets, not per-service totals)."""
        client = self.client()
        if client is not None:
            with contextlib.suppress(HubUnreachable, HubError):
                self.state = await client.state()
                self._changed()

    def _on_connection(self, state: ConnectionState) -> None:
        previous, self.hub = self.hub, state
        if self._stopping:
            return
        if state is ConnectionState.CONNECTED:
            self.lost = self.lost_over = False
            self.pairing_code = None
            self._timers.cancel("grace")
            self._timers.cancel("startup")
            self.settle_soon(0)
        elif previous is ConnectionState.CONNECTED:
            self.lost = True
            self._timers.start("grace", self.config.kiosk.out_of_service_after_s,
                               self._grace_expired)
        if state is ConnectionState.REVOKED:
            _LOGGER.error("the hub refused this kiosk's token: pairing again")
            self._timers.start("repair", 2.0, lambda: self._tasks.spawn(self._restart(),
                                                                        "repair"))
        self._changed()

    def _startup_expired(self) -> None:
        self.startup_over = True
        self._changed()

    def _grace_expired(self) -> None:
        self.lost_over = self.lost
        self._changed()

    async def _restart(self) -> None:
        if self.connection is not None:
            await self.connection.stop()
            await self.connection.start()

    # -- commands ----------------------------------------------------------------------------
    def client(self) -> HubClient | None:
        """A client for commands with the connection's URL and token (None before pairing)."""
        base = self.connection.client if self.connection is not None else None
        if base is None:
            return None
        current = self._client
        if current is None or (current.base_url, current.token) != (base.base_url, base.token):
            if current is not None:
                self._tasks.spawn(current.aclose(), "client-close")
            self._client = HubClient(base.base_url, base.token, timeout=COMMAND_TIMEOUT_S,
                                     retry=COMMAND_RETRY)
        return self._client

    def settle_soon(self, delay: float = SETTLE_RETRY_S) -> None:
        """Cancel unseen tickets in `delay` seconds (and keep at it while some are left)."""
        self._timers.start("settle", delay,
                           lambda: self._tasks.spawn(self._settle(), "settle"))

    async def _settle(self) -> None:
        client = self.client()
        if client is None:
            return
        left = await settle_unseen(client, self.journal,
                                   skip=frozenset(self._busy_keys()))
        self._changed()
        if left:
            self.settle_soon()

    def push_status(self) -> None:
        """Tell the hub about a hardware change now, not at the next heartbeat."""
        client = self.client()
        if client is None or not self.connected:
            return

        async def push() -> None:
            with contextlib.suppress(HubUnreachable, HubError):
                await client.heartbeat(self.app_version, dict(self._status()))

        self._tasks.spawn(push(), "status")
