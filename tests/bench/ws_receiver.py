"""A lean WebSocket load client: many raw sockets on one epoll loop, in its own process.

An aiohttp client spends ~40 us of Python per message per socket; with 1,000 sockets on the
same 2 cores that, not the hub, would be what a latency benchmark measures. This client
does the RFC 6455 handshake by hand, then only `recv`s and scans the bytes for the calls it
is told to time (server frames are unmasked, so the JSON text is in the stream as is).
"""

from __future__ import annotations

import base64
import os
import re
import select
import socket
import time
from multiprocessing.connection import Connection

CALLED = re.compile(rb'"type":"ticket\.called".*?"number":"([A-Z]+\d+)"')


def _handshake(host: str, port: int, path: str, token: str) -> socket.socket:
    sock = socket.create_connection((host, port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Authorization: Bearer {token}\r\n\r\n").encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed during handshake")
        reply += chunk
    if not reply.startswith(b"HTTP/1.1 101"):
        raise ConnectionError(reply.split(b"\r\n", 1)[0].decode())
    sock.setblocking(False)
    return sock


def receive_calls(host: str, port: int, path: str, token: str, clients: int, calls: int,
                  limit_s: float, pipe: Connection) -> None:
    """Open `clients` streams, report 'ready', then time each `ticket.called` per socket."""
    sockets = [_handshake(host, port, path, token) for _ in range(clients)]
    poller = select.epoll()
    tails = {s.fileno(): b"" for s in sockets}
    seen = {s.fileno(): 0 for s in sockets}
    for sock in sockets:
        poller.register(sock.fileno(), select.EPOLLIN)
    by_fd = {s.fileno(): s for s in sockets}
    pipe.send("ready")
    arrivals: list[tuple[bytes, float]] = []
    deadline = time.monotonic() + limit_s
    pending = clients
    while pending and time.monotonic() < deadline:
        for fd, _ in poller.poll(0.5):
            data = by_fd[fd].recv(1 << 16)
            now = time.perf_counter()
            if not data:
                poller.unregister(fd)
                pending -= 1
                continue
            buf = tails[fd] + data
            end = 0
            for match in CALLED.finditer(buf):
                arrivals.append((match.group(1), now))
                end = match.end()
                seen[fd] += 1
                if seen[fd] == calls:
                    pending -= 1
            tails[fd] = buf[max(end, len(buf) - 4096):]
    pipe.send(arrivals)
    for sock in sockets:
        sock.close()
