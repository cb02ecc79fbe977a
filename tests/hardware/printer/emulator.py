"""A tiny ESC/POS printer for tests: records bytes and answers DLE EOT like an Epson.

Reply bytes are written out literally from the Epson ESC/POS reference (DLE EOT), not taken
from the driver, so the driver's parser is checked against the spec.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable

# DLE EOT 1, 2, 4 replies per printer state (bit meanings in hardware/printer/status.py).
OK = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
NEAR_END = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}
PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}
OFFLINE = {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12}
COVER_OPEN = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}
AUTOCUTTER_ERROR = {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12}
SILENT: dict[int, int] = {}


class PrinterEmulator:
    """Feed it what the host sent; it returns what a printer would answer."""

    def __init__(self, replies: dict[int, int], noise: bytes = b"") -> None:
        self.replies = replies
        self.noise = noise  # sent before every reply, e.g. XOFF, to test skipping
        self.received = bytearray()
        self.queries: list[int] = []
        self._scanned = 0

    def feed(self, data: bytes) -> bytes:
        self.received += data
        answer = bytearray()
        while (at := self.received.find(b"\x10\x04", self._scanned)) != -1:
            if at + 2 >= len(self.received):
                break
            n = self.received[at + 2]
            self._scanned = at + 3
            self.queries.append(n)
            if n in self.replies:
                answer += self.noise + bytes((self.replies[n],))
        return bytes(answer)


class TcpPrinter:
    """A port-9100 printer on 127.0.0.1 served by one thread; ``close()`` joins it."""

    def __init__(self, replies: dict[int, int], noise: bytes = b"") -> None:
        self.replies = replies
        self.noise = noise
        self.connections: list[PrinterEmulator] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="tcp-printer", daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        return b"".join(bytes(c.received) for c in self.connections)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            emulator = PrinterEmulator(self.replies, self.noise)
            self.connections.append(emulator)
            with conn:
                conn.settimeout(0.05)
                while not self._stop.is_set():
                    try:
                        data = conn.recv(65536)
                    except TimeoutError:
                        continue
                    if not data:
                        break
                    if answer := emulator.feed(data):
                        conn.sendall(answer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()


class PtyPrinter:
    """A serial printer on one end of a pty pair, served by one thread."""

    def __init__(self, path: str, replies: dict[int, int]) -> None:
        self.emulator = PrinterEmulator(replies)
        self._fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="pty-printer", daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        return bytes(self.emulator.received)

    def _serve(self) -> None:
        import select

        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                continue
            if answer := self.emulator.feed(data):
                os.write(self._fd, answer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        os.close(self._fd)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``predicate`` until true or ``timeout``; return its last value."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
