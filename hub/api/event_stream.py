"""`GET /events?since=SEQ` over WebSocket: replay from the store, then live, no gaps, no repeats.

Each connection has its own bounded queue; the broadcaster serialises each event once and
puts it in every queue. A connection first reads the backlog from the store in chunks,
then drains its queue, skipping what the backlog already sent, so a client that comes back
with its last `seq` misses nothing and sees nothing twice. A client too slow to keep up is
disconnected (close code 1013) and simply resumes from its last `seq`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field

from aiohttp import WSCloseCode, web

from hub.api.serialize import event_message
from hub.engine import RecordedEvent
from hub.store import Store

log = logging.getLogger(__name__)

BACKLOG_CHUNK = 500
QUEUE_LIMIT = 5000
CLOSE_TOO_SLOW = 1013
CLOSE_REVOKED = 4001


@dataclass(eq=False)
class Subscriber:
    """One live WebSocket connection following the stream."""

    ws: web.WebSocketResponse
    token_id: str
    queue: asyncio.Queue[tuple[int, str] | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False


class EventStream:
    """Fans durable events out to every connected WebSocket."""

    def __init__(self, store: Store, heartbeat_s: float = 15.0) -> None:
        self.store = store
        self.heartbeat_s = heartbeat_s
        self.subscribers: set[Subscriber] = set()

    def publish(self, recorded: list[RecordedEvent]) -> None:
        """Queue durable events for every subscriber (called right after the commit)."""
        if not self.subscribers:
            return
        messages = [(r.seq, event_message(r).model_dump_json()) for r in recorded]
        for sub in list(self.subscribers):
            if sub.overflowed:
                continue
            try:
                for message in messages:
                    sub.queue.put_nowait(message)
            except asyncio.QueueFull:
                sub.overflowed = True  # the sender is not waiting: its queue is full

    async def disconnect_token(self, token_id: str) -> int:
        """Close every stream opened with a token (it was revoked); returns how many."""
        closing = [s for s in self.subscribers if s.token_id == token_id]
        for sub in closing:
            await sub.ws.close(code=CLOSE_REVOKED, message=b"token revoked")
        return len(closing)

    async def close_all(self) -> None:
        """Close every stream (the hub is stopping)."""
        for sub in list(self.subscribers):
            await sub.ws.close(code=WSCloseCode.GOING_AWAY, message=b"hub stopping")

    async def serve(self, request: web.Request, token_id: str, since: int) -> web.WebSocketResponse:
        """Run one connection until the client or the hub closes it."""
        ws = web.WebSocketResponse(heartbeat=self.heartbeat_s, max_msg_size=64 * 1024)
        await ws.prepare(request)
        sub = Subscriber(ws, token_id)
        self.subscribers.add(sub)  # from here on live events queue up while we replay
        reader = asyncio.create_task(self._read_until_closed(sub))
        try:
            last = await self._replay(ws, since)
            await self._follow(sub, last, reader)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.subscribers.discard(sub)
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
            if not ws.closed:
                await ws.close()
        return ws

    async def _replay(self, ws: web.WebSocketResponse, since: int) -> int:
        last = since
        if since > self.store.last_seq:
            # The client knows events this hub never had (database replaced): start over.
            last = self.store.last_seq
            await ws.send_str(json.dumps({"seq": last, "type": "stream.reset", "at": time.time(),
                                          "data": {"reason": "unknown_seq", "since": since}}))
            return last
        while True:
            chunk = self.store.events_since(last, limit=BACKLOG_CHUNK)
            for recorded in chunk:
                await ws.send_str(event_message(recorded).model_dump_json())
                last = recorded.seq
            if len(chunk) < BACKLOG_CHUNK:
                return last

    async def _follow(self, sub: Subscriber, last: int, reader: asyncio.Task[None]) -> None:
        ws = sub.ws
        while not ws.closed and not reader.done():
            if sub.overflowed:
                await ws.close(code=CLOSE_TOO_SLOW, message=b"too slow; resume from seq")
                return
            try:
                item = await asyncio.wait_for(sub.queue.get(), timeout=self.heartbeat_s)
            except TimeoutError:
                await ws.send_str(json.dumps({"seq": last, "type": "heartbeat",
                                              "at": time.time(), "data": {}}))
                continue
            if item is None:
                return  # the client went away
            seq, message = item
            if seq <= last:
                continue
            await ws.send_str(message)
            last = seq

    async def _read_until_closed(self, sub: Subscriber) -> None:
        # The client sends nothing we need; reading notices its close (and answers pings).
        async for _ in sub.ws:
            pass
        with contextlib.suppress(asyncio.QueueFull):
            sub.queue.put_nowait(None)  # wake the sender so it stops
