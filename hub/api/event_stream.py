"""`GET /events?since=SEQ` over WebSocket: replay from the store, then live, no gaps, no repeats.

A new connection first replays the backlog from the store in chunks while live events
wait in its own buffer; then, in one step with no await, it sends what the buffer holds
beyond the replay and turns live. From then on each durable event is serialised and framed
once (RFC 6455 text frame) and written to every live connection's transport, so a
broadcast to 1,000 displays costs 1,000 buffer appends, not 1,000 encodings. A client
that reconnects with its last `seq` misses nothing and sees nothing twice; one that cannot
keep up (its socket buffer passes a limit) is closed with 1013 and resumes from its `seq`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import struct
import time
from dataclasses import dataclass, field

from aiohttp import WSCloseCode, web

from hub.api.serialize import event_message
from hub.engine import RecordedEvent
from hub.store import Store

log = logging.getLogger(__name__)

BACKLOG_CHUNK = 500
BUFFER_LIMIT = 5000  # events buffered for a connection still replaying
WRITE_BUFFER_LIMIT = 4 * 1024 * 1024  # bytes unsent to one client before we give up on it
CLOSE_TOO_SLOW = 1013
CLOSE_REVOKED = 4001

Frame = tuple[int, bytes]  # (seq, encoded WebSocket frame)


def text_frame(payload: bytes) -> bytes:
    """An unmasked, unfragmented server-to-client text frame (RFC 6455, section 5.2)."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


def _control(seq: int, type_: str, data: dict[str, object]) -> str:
    return json.dumps({"seq": seq, "type": type_, "at": time.time(), "data": data})


@dataclass(eq=False)
class Subscriber:
    """One WebSocket connection following the stream."""

    ws: web.WebSocketResponse
    transport: asyncio.Transport
    token_id: str
    last_seq: int = 0
    live: bool = False
    buffered: list[Frame] = field(default_factory=list)
    overflowed: bool = False
    # A close the hub asks for (revocation, too slow, shutdown) is carried out by the
    # connection's own handler: with no concurrent reader, aiohttp completes the closing
    # handshake before the socket goes, so the client reliably reads the close code.
    close_request: tuple[int, bytes] | None = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    def close(self, code: int, message: bytes) -> None:
        """Ask the handler to close the connection with `code` (the first request wins)."""
        if self.close_request is None:
            self.close_request = (code, message)
        self.stop.set()


class EventStream:
    """Fans durable events out to every connected WebSocket."""

    def __init__(self, store: Store, heartbeat_s: float = 15.0) -> None:
        self.store = store
        self.heartbeat_s = heartbeat_s
        self.subscribers: set[Subscriber] = set()
        self._heartbeat_task: asyncio.Task[None] | None = None

    # -- fan-out ---------------------------------------------------------------------------
    def publish(self, recorded: list[RecordedEvent]) -> None:
        """Send durable events to every subscriber (called right after the commit)."""
        if not self.subscribers:
            return
        frames = [(r.seq, text_frame(event_message(r).model_dump_json().encode()))
                  for r in recorded]
        for sub in list(self.subscribers):
            if sub.live:
                self._write(sub, frames)
            elif len(sub.buffered) + len(frames) > BUFFER_LIMIT:
                sub.overflowed = True
            else:
                sub.buffered.extend(frames)

    def _write(self, sub: Subscriber, frames: list[Frame]) -> None:
        if sub.transport.is_closing() or sub.overflowed:
            return
        fresh = [frame for seq, frame in frames if seq > sub.last_seq]
        if fresh:
            sub.transport.write(b"".join(fresh))  # one write per client per commit
            sub.last_seq = frames[-1][0]
        if sub.transport.get_write_buffer_size() > WRITE_BUFFER_LIMIT:
            sub.overflowed = True
            sub.close(CLOSE_TOO_SLOW, b"too slow; resume from seq")

    async def _heartbeats(self) -> None:
        # One timer for all connections: a frame every `heartbeat_s` tells clients the hub
        # is alive and where the stream stands, even when the office is quiet.
        while True:
            await asyncio.sleep(self.heartbeat_s)
            seq = self.store.last_seq
            frame = text_frame(_control(seq, "heartbeat", {}).encode())
            for sub in list(self.subscribers):
                if sub.live and not sub.transport.is_closing():
                    sub.transport.write(frame)

    # -- connections -------------------------------------------------------------------------
    async def disconnect_token(self, token_id: str) -> int:
        """Close every stream opened with a token (it was revoked); returns how many."""
        closing = [s for s in self.subscribers if s.token_id == token_id]
        for sub in closing:
            sub.close(CLOSE_REVOKED, b"token revoked")  # its handler sends the close now
        return len(closing)

    async def close_all(self) -> None:
        """Close every stream (the hub is stopping)."""
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
        closing = list(self.subscribers)
        for sub in closing:
            sub.close(WSCloseCode.GOING_AWAY, b"hub stopping")
        for sub in closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sub.finished.wait(), timeout=2.0)

    async def serve(self, request: web.Request, token_id: str, since: int) -> web.WebSocketResponse:
        """Run one connection until the client or the hub closes it."""
        if self._heartbeat_task is None:
            self._heartbeat_task = asyncio.get_running_loop().create_task(self._heartbeats())
        ws = web.WebSocketResponse(heartbeat=max(self.heartbeat_s, 5.0), compress=False,
                                   max_msg_size=64 * 1024)
        await ws.prepare(request)
        transport = request.transport
        assert transport is not None
        sub = Subscriber(ws, transport, token_id, last_seq=since)  # type: ignore[arg-type]
        self.subscribers.add(sub)  # from here on, live events are buffered for it
        reader: asyncio.Task[None] | None = None
        try:
            await self._replay(sub, since)
            if not sub.overflowed:
                # No await from here to `live`: nothing published can fall in between.
                self._write(sub, sub.buffered)
                sub.buffered = []
                sub.live = True
                reader = asyncio.create_task(self._read_until_closed(ws))
                stop = asyncio.create_task(sub.stop.wait())
                await asyncio.wait({reader, stop}, return_when=asyncio.FIRST_COMPLETED)
                stop.cancel()
            else:
                sub.close(CLOSE_TOO_SLOW, b"too slow; resume from seq")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.subscribers.discard(sub)
            if reader is not None and not reader.done():
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader
            code, message = sub.close_request or (WSCloseCode.OK, b"")
            if not ws.closed:
                with contextlib.suppress(ConnectionResetError):
                    await ws.close(code=code, message=message)
            sub.finished.set()
        return ws

    @staticmethod
    async def _read_until_closed(ws: web.WebSocketResponse) -> None:
        # The client sends nothing we need; reading notices its close and answers pings.
        async for _ in ws:
            pass

    async def _replay(self, sub: Subscriber, since: int) -> None:
        if since > self.store.last_seq:
            # The client knows events this hub never had (database replaced): start over.
            sub.last_seq = self.store.last_seq
            await sub.ws.send_str(_control(sub.last_seq, "stream.reset",
                                           {"reason": "unknown_seq", "since": since}))
            return
        while not sub.overflowed:
            chunk = self.store.events_since(sub.last_seq, limit=BACKLOG_CHUNK)
            for recorded in chunk:
                await sub.ws.send_str(event_message(recorded).model_dump_json())
                sub.last_seq = recorded.seq
            if len(chunk) < BACKLOG_CHUNK:
                return
