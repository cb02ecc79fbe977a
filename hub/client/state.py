"""The device's connection state, observable by the app (status bar, pairing screen).

A small observer instead of Qt signals keeps the client usable without Qt; the Qt bridge
turns these callbacks into signals. `wait_for` also sees states that last only an instant
(a waiter is resolved inside `set`, not when it next gets to run).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from enum import StrEnum

log = logging.getLogger(__name__)


class ConnectionState(StrEnum):
    """Where a device stands with its hub."""

    SEARCHING = "searching"  # looking for the hub (mDNS) or waiting for it to answer
    PAIRING = "pairing"  # showing a code, waiting for an admin to approve it
    CONNECTED = "connected"  # following the live event stream
    RECONNECTING = "reconnecting"  # lost the hub; retrying with backoff
    REVOKED = "revoked"  # the hub refused our token: pair again
    STOPPED = "stopped"  # the app stopped the connection


Listener = Callable[[ConnectionState], None]


class ConnectionStatus:
    """The current `ConnectionState`, change callbacks and an awaitable `wait_for`."""

    def __init__(self, initial: ConnectionState = ConnectionState.SEARCHING) -> None:
        self._state = initial
        self._listeners: list[Listener] = []
        self._waiters: list[tuple[frozenset[ConnectionState],
                                  asyncio.Future[ConnectionState]]] = []
        self.history: list[ConnectionState] = [initial]

    @property
    def state(self) -> ConnectionState:
        """The state right now."""
        return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(new_state)` on every change; returns the unsubscribe function."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def set(self, state: ConnectionState) -> None:
        """Move to `state`; listeners hear only real changes."""
        if state == self._state:
            return
        log.info("connection: %s -> %s", self._state, state)
        self._state = state
        self.history.append(state)
        for listener in list(self._listeners):
            try:
                listener(state)
            except Exception:
                log.exception("connection state listener failed")
        for wanted, future in list(self._waiters):
            if state in wanted and not future.done():
                future.set_result(state)

    async def wait_for(self, *states: ConnectionState) -> ConnectionState:
        """Wait until the state is one of `states` and return it (bound it with asyncio.timeout)."""
        if self._state in states:
            return self._state
        entry = (frozenset(states), asyncio.get_running_loop().create_future())
        self._waiters.append(entry)
        try:
            return await entry[1]
        finally:
            self._waiters.remove(entry)
