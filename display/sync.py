"""What the event stream does not carry, fetched beside it: the hub's clock and wait estimates.

- Clock: whether a call is too old to announce is judged on the hub's clock, so each time
  the stream (re)connects the display measures the offset from a heartbeat answer
  (``server_time``), halving the round trip.
- Estimates: events change the waiting counts (the board counts them itself) but not the
  estimated waits, which the hub computes; ``/state`` is read a moment after queue changes
  (debounced) and every ``refresh_s`` anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from display.model import DisplayModel
from hub.client import ConnectionState, DeviceConnection, HubClient, HubError, HubUnreachable

log = logging.getLogger(__name__)


class HubSync:
    """Side tasks of one display's connection; run ``run()`` as a task beside it."""

    def __init__(self, connection: DeviceConnection, model: DisplayModel, *,
                 refresh_s: float = 30.0, debounce_s: float = 2.0) -> None:
        self.connection = connection
        self.model = model
        self.refresh_s = refresh_s
        self.debounce_s = debounce_s
        self._poked = asyncio.Event()
        self._reconnected = True
        self._unsubscribe = connection.status.subscribe(self._state_changed)

    def poke(self) -> None:
        """Something changed the queues: refresh the estimates soon."""
        self._poked.set()

    def _state_changed(self, state: ConnectionState) -> None:
        if state is not ConnectionState.CONNECTED:
            self._reconnected = True

    async def run(self) -> None:
        """Until cancelled: measure the clock after each connect, refresh estimates."""
        try:
            while True:
                await self.connection.status.wait_for(ConnectionState.CONNECTED)
                client = self.connection.client
                if client is None:
                    await asyncio.sleep(0.5)
                    continue
                if self._reconnected:
                    self._reconnected = False
                    await self._measure_clock(client)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.refresh_s):
                        await self._poked.wait()
                await asyncio.sleep(self.debounce_s)
                self._poked.clear()
                await self._refresh(client)
        finally:
            self._unsubscribe()

    async def _measure_clock(self, client: HubClient) -> None:
        try:
            sent = time.time()
            ack = await client.heartbeat(self.connection.app_version, self.model.status())
            received = time.time()
        except (HubUnreachable, HubError) as exc:
            log.info("could not read the hub's clock: %s", exc)
            return
        if ack.server_time is not None:
            self.model.hub_offset_s = ack.server_time - (sent + received) / 2
            offset = self.model.hub_offset_s
            if abs(offset) > 5:
                log.warning("this display's clock is %.1f s %s the hub's (using the hub's)",
                            abs(offset), "behind" if offset > 0 else "ahead of")

    async def _refresh(self, client: HubClient) -> None:
        if self.connection.status.state is not ConnectionState.CONNECTED:
            return
        try:
            state = await client.state()
        except (HubUnreachable, HubError) as exc:
            log.info("could not refresh wait estimates: %s", exc)
            return
        self.model.refresh_estimates(state)
