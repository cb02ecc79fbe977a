"""The one interface the kiosk uses for every kind of ticket printer.

A transport only moves bytes (``_write``) and, if the link is two-way, answers one status
query (``_status_byte``); layout, status parsing and locking live here once.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from typing import ClassVar

from hardware.printer.content import TicketContent, self_test_ticket
from hardware.printer.fonts import FontNotFoundError
from hardware.printer.layout import ticket_bytes
from hardware.printer.options import TicketOptions
from hardware.printer.status import PrinterStatus, query_status

_LOGGER = logging.getLogger(__name__)


class PrinterError(Exception):
    """A ticket could not be handed to the printer (no device, refused, timed out)."""


class TicketPrinter(ABC):
    """A thermal ticket printer behind some transport.

    Thread-safe: a status poller thread and the kiosk's print worker may call in at the same
    time; one lock keeps a status query from landing in the middle of a ticket. Every call
    blocks until the bytes are out (seconds for a raster-heavy ticket on serial), so call
    from a worker thread, never from the UI thread.
    """

    can_read_status: ClassVar[bool] = False
    """True for transports with a back channel (network, serial, USB, fake)."""

    def __init__(self, label: str, options: TicketOptions | None = None) -> None:
        self.label = label
        """Short name for logs and error messages, e.g. ``network printer 10.0.0.5:9100``."""
        self.options = options or TicketOptions()
        self._lock = threading.RLock()

    def print_ticket(self, ticket: TicketContent) -> None:
        """Print one ticket; raise :class:`PrinterError` if it could not be sent."""
        try:
            data = ticket_bytes(ticket, self.options)
        except FontNotFoundError as exc:  # one exception type for the kiosk to handle
            raise PrinterError(f"{self.label}: {exc}") from exc
        self.send(data)

    def test_print(self) -> None:
        """Print a self-test ticket that exercises text, code page and raster lines."""
        self.print_ticket(self_test_ticket())

    def send(self, data: bytes) -> None:
        """Send raw ESC/POS bytes; raise :class:`PrinterError` on any transport failure."""
        with self._lock:
            try:
                self._write(data)
            except PrinterError:
                self._reset()
                raise
            except (OSError, ValueError) as exc:
                self._reset()
                raise PrinterError(f"{self.label}: {exc}") from exc
            finally:
                self._idle()

    def status(self) -> PrinterStatus:
        """Ask the printer for its status, within the transport's short timeouts.

        Never raises for a dead or silent printer: the answer then has ``online`` False
        (link down) or None (no reply) and an ``error`` text.
        """
        if not self.can_read_status:
            return PrinterStatus.unreadable()
        with self._lock:
            try:
                return query_status(self._status_byte)
            except PrinterError as exc:
                self._reset()
                return PrinterStatus.failed(str(exc), online=False)
            except (OSError, ValueError) as exc:
                self._reset()
                return PrinterStatus.failed(f"{self.label}: {exc}", online=False)
            finally:
                self._idle()

    def close(self) -> None:
        """Release the device or connection; the printer may be used again afterwards."""
        with self._lock:
            self._reset()

    def __enter__(self) -> TicketPrinter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @abstractmethod
    def _write(self, data: bytes) -> None:
        """Deliver ``data`` to the printer (called with the lock held)."""

    def _status_byte(self, n: int) -> int | None:
        """Send ``DLE EOT n`` and return the reply byte, None if none came in time."""
        raise NotImplementedError

    def _idle(self) -> None:  # noqa: B027 - optional hook, most transports need nothing
        """Finish an operation: transports that connect per job disconnect here (lock held)."""

    def _reset(self) -> None:  # noqa: B027 - optional hook, most transports need nothing
        """Drop any open connection so the next call starts fresh (lock held)."""
