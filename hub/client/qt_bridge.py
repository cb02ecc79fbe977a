"""Qt signals for the apps: run the hub connection in Qt's event loop (qasync), emit signals.

Widgets connect to `HubBridge` signals and never touch asyncio. All of it runs in one
thread: qasync drives asyncio from Qt's own loop, so a signal is emitted on the GUI thread
and a slot may update widgets directly.

Tests: pytest-qt's `qtbot.waitSignal` spins a nested Qt loop, which also runs qasync's
timers and socket notifiers; create the loop with `qasync.QEventLoop(app,
already_running=True)` so asyncio code finds it, and reset the running loop afterwards
(tests/hub/client/test_qt_bridge.py shows both this and `run_qt_app`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QCoreApplication, QObject, Signal

from hub.api.schemas import EventMessage, PairingCreated
from hub.client.device import DeviceConnection
from hub.client.events import EventFollower, Snapshot, StreamItem
from hub.client.state import ConnectionState

log = logging.getLogger(__name__)
T = TypeVar("T")


class HubBridge(QObject):
    """Emits what a `DeviceConnection` (or a bare `EventFollower`) sees, as Qt signals."""

    snapshot = Signal(object)  # Snapshot: redraw everything
    event = Signal(object)  # EventMessage: apply one change
    connectionStateChanged = Signal(str)  # a ConnectionState value (Qt naming)
    pairingCode = Signal(str)  # the six digits to show

    def __init__(self, source: DeviceConnection | EventFollower,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe = source.status.subscribe(self._state_changed)
        if isinstance(source, DeviceConnection):
            previous_item, previous_code = source.on_item, source.on_code

            async def on_item(item: StreamItem) -> None:
                self.dispatch(item)
                if previous_item is not None:
                    result = previous_item(item)
                    if result is not None:
                        await result

            async def on_code(ticket: PairingCreated) -> None:
                self.pairingCode.emit(ticket.code)
                if previous_code is not None:
                    result = previous_code(ticket)
                    if result is not None:
                        await result

            source.on_item, source.on_code = on_item, on_code

    @property
    def state(self) -> ConnectionState:
        """The connection state right now."""
        return self.source.status.state

    def dispatch(self, item: StreamItem) -> None:
        """Emit `snapshot` or `event` for one stream item."""
        if isinstance(item, Snapshot):
            self.snapshot.emit(item)
        elif isinstance(item, EventMessage):
            self.event.emit(item)

    def _state_changed(self, state: ConnectionState) -> None:
        self.connectionStateChanged.emit(str(state))

    def start(self) -> None:
        """Start the source on the running (qasync) loop."""
        loop = asyncio.get_running_loop()
        if isinstance(self.source, DeviceConnection):
            self._task = loop.create_task(self.source.start())
        else:
            self._task = loop.create_task(self._follow(self.source))

    async def _follow(self, follower: EventFollower) -> None:
        async with contextlib.aclosing(follower.items()) as items:
            async for item in items:
                self.dispatch(item)

    async def stop(self) -> None:
        """Stop the source and wait until nothing of it runs."""
        task, self._task = self._task, None
        if task is not None and isinstance(self.source, EventFollower):
            task.cancel()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if isinstance(self.source, DeviceConnection):
            await self.source.stop()
        else:
            self.source.status.set(ConnectionState.STOPPED)
        self._unsubscribe()


def run_qt_app(app: QCoreApplication, main: Coroutine[Any, Any, T]) -> T | None:
    """Run `main` inside `app`'s event loop; returns its result, or None if the app quit first.

    When the app quits first (last window closed), `main` is cancelled and its cleanup
    (`finally: await bridge.stop()`) still runs before this returns.
    """
    quitting = False

    def mark_quit() -> None:
        nonlocal quitting
        quitting = True

    app.aboutToQuit.connect(mark_quit)
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            try:
                return runner.run(main)
            except RuntimeError:
                # qasync: "Event loop stopped before Future completed" (the app quit).
                # Leaving the Runner cancels `main` and runs its cleanup.
                if quitting:
                    log.info("application quit; stopping")
                    return None
                raise
    finally:
        app.aboutToQuit.disconnect(mark_quit)
