"""Follow the hub's event stream reliably: snapshot, then every event exactly once, in order.

The hub replays everything after the `seq` a client asks for, so resuming is just
reconnecting with the last `seq` processed. What this module adds is the judgement around
that: back off with full jitter while the hub is away, treat a silent connection as dead,
notice a hub whose database was replaced (different `hub_id`, `stream.reset`, a gap in
`seq`) and answer it with a fresh snapshot the app can redraw from, and stop for good when
the token is revoked.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

import aiohttp
from pydantic import ValidationError

from hub.api.schemas import EventMessage, StateView
from hub.client.api import HubClient
from hub.client.backoff import Backoff, RetryPolicy
from hub.client.errors import HubError, HubUnreachable, TokenRevoked
from hub.client.state import ConnectionState, ConnectionStatus

log = logging.getLogger(__name__)

CLOSE_REVOKED = 4001
HEARTBEAT_S = 15.0  # the hub's heartbeat interval (docs/api.md)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The whole office at `state.seq`: redraw from it. `resync` follows a lost history."""

    state: StateView
    reason: Literal["initial", "resync"] = "initial"


StreamItem = Snapshot | EventMessage


@dataclass
class FollowerStats:
    """What happened to the stream, for logs, tests and the status screen."""

    connects: int = 0
    resyncs: int = 0
    outages_s: list[float] = field(default_factory=list)  # loss -> next stream open


class EventFollower:
    """Turns `/state` + `/events` into one gap-free stream of `StreamItem`s."""

    def __init__(
        self,
        client: HubClient,
        *,
        status: ConnectionStatus | None = None,
        backoff: Backoff | None = None,
        heartbeat_s: float = HEARTBEAT_S,
        missed_heartbeats: float = 2.5,
        ping_s: float | None = 10.0,
        since: int | None = None,
        hub_id: str | None = None,
    ) -> None:
        """Start from a snapshot, or with `since` (and its `hub_id`) resume without one."""
        self.client = client
        self._probe: HubClient | None = None  # `client` with single attempts, made in the loop
        self.status = status or ConnectionStatus()
        self.backoff = backoff or Backoff(initial=0.2, maximum=10.0)
        self.idle_timeout = heartbeat_s * missed_heartbeats
        self.ping_s = ping_s
        self.last_seq = since
        self.hub_id = hub_id
        self.stats = FollowerStats()
        self._lost_at: float | None = None
        self._verify_hub = since is not None and hub_id is not None

    def __aiter__(self) -> AsyncIterator[StreamItem]:
        return self.items()

    async def items(self) -> AsyncIterator[StreamItem]:
        """Yield a `Snapshot`, then events; raises `TokenRevoked` when the hub disowns us.

        Close the iterator (`contextlib.aclosing`) to stop: the WebSocket closes with it.
        """
        if self.last_seq is None:
            yield Snapshot(await self._snapshot(), "initial")
        resync = False
        while True:
            if resync:
                self.stats.resyncs += 1
                yield Snapshot(await self._snapshot(), "resync")
                resync = False
            try:
                verify = self._verify_hub or self._lost_at is not None
                if verify and await self._hub_replaced():
                    resync = True
                    continue
                ws = await self.client.connect_events(self._since, ping_s=self.ping_s)
            except HubUnreachable as exc:
                await self._pause(exc)
                continue
            except HubError as exc:
                self._refused(exc)
            self._connected()
            try:
                async with contextlib.aclosing(self._read(ws)) as stream:
                    async for item in stream:
                        if item is None:
                            resync = True
                            break
                        yield item
            finally:
                await ws.close()
            if ws.close_code == CLOSE_REVOKED:
                self._revoked("the hub closed the stream: token revoked")
            self._lost(f"stream ended (close code {ws.close_code})")
            if not resync:
                await self._pause(None)

    @property
    def probe(self) -> HubClient:
        """`client` without its own retries: the follower's backoff paces every attempt."""
        if self._probe is None:
            self._probe = self.client.with_retry(RetryPolicy(attempts=1))
        return self._probe

    @property
    def _since(self) -> int:
        assert self.last_seq is not None
        return self.last_seq

    async def _read(self, ws: aiohttp.ClientWebSocketResponse
                    ) -> AsyncIterator[EventMessage | None]:
        """New events from one connection; `None` means "history lost, resync"."""
        while True:
            try:
                msg = await ws.receive(timeout=self.idle_timeout)
            except TimeoutError:
                log.warning("no message from the hub for %.1fs: reconnecting", self.idle_timeout)
                return
            if msg.type != aiohttp.WSMsgType.TEXT:
                if msg.type == aiohttp.WSMsgType.ERROR:
                    log.info("event stream error: %s", ws.exception())
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING,
                                aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return
                continue
            self.backoff.reset()  # the hub is talking to us again
            try:
                event = EventMessage.model_validate_json(msg.data)
            except ValidationError:
                # A later event will show the gap if this one mattered.
                log.exception("unreadable event message: %.200s", msg.data)
                continue
            last = self._since
            if event.type == "heartbeat":
                if event.seq > last:
                    log.info("heartbeat says seq %d, we have %d: resuming", event.seq, last)
                    return
                continue
            if event.type == "stream.reset":
                log.warning("hub reset the stream (%s): resync", json.dumps(event.data))
                yield None
                return
            if event.seq <= last:
                continue
            if event.seq > last + 1:
                log.warning("gap in the stream (%d after %d): resync", event.seq, last)
                yield None
                return
            self.last_seq = event.seq
            yield event

    async def _snapshot(self) -> StateView:
        """The office from `/state`, retried until the hub answers."""
        while True:
            try:
                state = await self.probe.state()
            except HubUnreachable as exc:
                await self._pause(exc)
                continue
            except HubError as exc:
                self._refused(exc)
            self.last_seq, self.hub_id = state.seq, state.hub_id
            self._verify_hub = False
            return state

    async def _hub_replaced(self) -> bool:
        """Tell whether the hub answering now has another database than our `seq` is from."""
        health = await self.probe.health()
        if health.hub_id != self.hub_id:
            log.warning("hub id changed (%s -> %s): resync", self.hub_id, health.hub_id)
            return True
        return False

    def _connected(self) -> None:
        self.stats.connects += 1
        self._verify_hub = False
        if self._lost_at is not None:
            outage = time.monotonic() - self._lost_at
            self.stats.outages_s.append(outage)
            log.info("event stream back after %.2fs, resuming after seq %s", outage,
                     self.last_seq)
            self._lost_at = None
        self.status.set(ConnectionState.CONNECTED)

    def _lost(self, why: str) -> None:
        if self._lost_at is None:
            self._lost_at = time.monotonic()
            log.info("event stream lost: %s", why)

    async def _pause(self, exc: BaseException | None) -> None:
        """Back off before the next attempt, saying so in the connection state."""
        self._lost(str(exc) if exc else "no connection")
        ever = self.stats.connects > 0
        self.status.set(ConnectionState.RECONNECTING if ever else ConnectionState.SEARCHING)
        delay = self.backoff.next_delay()
        log.debug("next attempt in %.2fs", delay)
        await asyncio.sleep(delay)

    def _refused(self, exc: HubError) -> None:
        if exc.status == 401:
            self._revoked(exc.detail)
        raise exc

    def _revoked(self, why: str) -> None:
        self.status.set(ConnectionState.REVOKED)
        raise TokenRevoked(why)


def follow(
    client: HubClient,
    *,
    status: ConnectionStatus | None = None,
    backoff: Backoff | None = None,
    heartbeat_s: float = HEARTBEAT_S,
    ping_s: float | None = 10.0,
) -> AsyncIterator[StreamItem]:
    """A snapshot, then every event once and in order (see `EventFollower`)."""
    return EventFollower(client, status=status, backoff=backoff, heartbeat_s=heartbeat_s,
                         ping_s=ping_s).items()
