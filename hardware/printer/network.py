"""Printers on the LAN, raw TCP port 9100 ("JetDirect"/"AppSocket").

One short connection per ticket or status query: many printers serve a single client at a
time, so holding the socket open would lock out a second kiosk or a setup tool.
"""

from __future__ import annotations

import logging
import socket
from typing import ClassVar

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.options import TicketOptions
from hardware.printer.status import read_status_reply, status_request

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT = 9100


class PrinterNetwork(TicketPrinter):
    """ESC/POS over TCP, with two-way status.

    ``timeout`` bounds connecting (default 3 s, so a switched-off printer is noticed fast);
    ``status_timeout`` bounds each status reply; ``write_timeout`` bounds sending a whole
    ticket, which a printer busy printing may accept slowly.
    """

    can_read_status: ClassVar[bool] = True

    def __init__(self, host: str, port: int = DEFAULT_PORT, *, timeout: float = 3.0,
                 status_timeout: float = 1.0, write_timeout: float = 20.0,
                 options: TicketOptions | None = None) -> None:
        super().__init__(f"network printer {host}:{port}", options)
        self.host = host
        self.port = port
        self.timeout = timeout
        self.status_timeout = status_timeout
        self.write_timeout = write_timeout
        self._sock: socket.socket | None = None


    def _connected(self) -> socket.socket:
        if self._sock is None:
            try:
                self._sock = socket.create_connection((self.host, self.port),
                                                      timeout=self.timeout)
            except TimeoutError as exc:
                raise PrinterError(f"{self.label}: no answer within {self.timeout:g} s"
                                   ) from exc
            except OSError as exc:
                raise PrinterError(f"{self.label}: {exc.strerror or exc}") from exc
        return self._sock

    def _write(self, data: bytes) -> None:
        sock = self._connected()
        sock.settimeout(self.write_timeout)
        sock.sendall(data)

    def _status_byte(self, n: int) -> int | None:
        sock = self._connected()
        self._drain(sock)
        sock.settimeout(self.timeout)
        sock.sendall(status_request(n))
        return read_status_reply(lambda seconds: self._recv(sock, seconds), self.status_timeout)

    def _recv(self, sock: socket.socket, seconds: float) -> bytes:
        sock.settimeout(seconds)
        try:
            data = sock.recv(64)
        except TimeoutError:
            return b""
        if not data:
            raise PrinterError(f"{self.label}: connection closed by the printer")
        return data

    @staticmethod
    def _drain(sock: socket.socket) -> None:
        """Discard bytes already received (stale replies), so close() sends no RST."""
        sock.setblocking(False)
        try:
            while sock.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            sock.setblocking(True)

    def _idle(self) -> None:
        self._reset()

    def _reset(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        try:
            self._drain(sock)
            sock.shutdown(socket.SHUT_WR)  # FIN after the queued ticket bytes
        except OSError:
            pass
        sock.close()
