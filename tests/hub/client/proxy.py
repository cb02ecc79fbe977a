"""A tiny 127.0.0.1 TCP proxy in front of a real hub that can lose answers or go silent.

It forwards bytes both ways and records each HTTP request head it forwards. Faults:
- `drop_responses[marker] = n`: the next n requests whose head contains `marker` reach
  the hub, but the connection is cut as soon as the hub starts answering (the answer is lost);
- `fake_503[marker] = n`: answer the next n matching requests with a 503 without forwarding;
- `delay_responses[marker] = (n, seconds)`: hold the answer to n matching requests;
- `blackhole = True`: stop forwarding in both directions without closing anything
  (a hub whose power or cable went, as seen from the device).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field


@dataclass
class _Conn:
    drop_response: bool = False
    delay: float = 0.0


@dataclass
class LossyProxy:
    target_port: int
    port: int = 0
    drop_responses: dict[bytes, int] = field(default_factory=dict)
    fake_503: dict[bytes, int] = field(default_factory=dict)
    delay_responses: dict[bytes, tuple[int, float]] = field(default_factory=dict)
    blackhole: bool = False
    requests: list[bytes] = field(default_factory=list)
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()  # both pumps see the end and return
        if self._tasks:
            _, stuck = await asyncio.wait(list(self._tasks), timeout=2)
            for task in stuck:
                task.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    def keys(self, marker: bytes) -> list[str]:
        """The Idempotency-Keys of recorded requests whose head contains `marker`."""
        out = []
        for head in self.requests:
            if marker in head:
                found = re.search(rb"(?im)^idempotency-key:\s*(\S+)", head)
                out.append(found.group(1).decode() if found else "")
        return out

    def _take(self, faults: dict[bytes, int], head: bytes) -> bool:
        for marker, left in faults.items():
            if left > 0 and marker in head:
                faults[marker] = left - 1
                return True
        return False

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        upstream_writer = None
        try:
            up_reader, upstream_writer = await asyncio.open_connection("127.0.0.1",
                                                                       self.target_port)
            self._writers.add(upstream_writer)
            conn = _Conn()
            await asyncio.gather(self._pump_up(reader, upstream_writer, writer, conn),
                                 self._pump_down(up_reader, writer, conn))
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for w in (writer, upstream_writer):
                if w is not None:
                    w.close()
                    self._writers.discard(w)
            self._tasks.discard(task)

    async def _pump_up(self, reader: asyncio.StreamReader, upstream: asyncio.StreamWriter,
                       client: asyncio.StreamWriter, conn: _Conn) -> None:
        while data := await reader.read(65536):
            if self.blackhole:
                continue
            if re.match(rb"(GET|POST|PUT|DELETE) ", data):
                self.requests.append(data)
                if self._take(self.fake_503, data):
                    body = b'{"title":"Storage unavailable","status":503,"detail":"later"}'
                    client.write(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\n"
                                 b"Content-Type: application/problem+json\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
                                 + body)
                    await client.drain()
                    client.close()
                    return
                conn.drop_response = self._take(self.drop_responses, data)
                for marker, (left, seconds) in self.delay_responses.items():
                    if left > 0 and marker in data:
                        self.delay_responses[marker] = (left - 1, seconds)
                        conn.delay = seconds
            upstream.write(data)
            await upstream.drain()
        upstream.close()

    async def _pump_down(self, upstream: asyncio.StreamReader, client: asyncio.StreamWriter,
                         conn: _Conn) -> None:
        while data := await upstream.read(65536):
            if self.blackhole:
                continue
            if conn.drop_response:
                client.transport.abort()  # the hub answered; the device never hears it
                return
            if conn.delay:
                await asyncio.sleep(conn.delay)
                conn.delay = 0.0
            client.write(data)
            await client.drain()
        client.close()
