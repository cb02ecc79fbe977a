"""A "printer" that saves each ticket as a PNG in a folder: the demo needs no hardware.

The PNG comes from the same blocks and bitmaps as the ESC/POS bytes (see ``image.py``).
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import ClassVar

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.content import TicketContent
from hardware.printer.image import save_ticket_png
from hardware.printer.options import TicketOptions
from hardware.printer.status import PrinterStatus


class PrinterPreview(TicketPrinter):
    """Write ``0001-A042-en.png``, ``0002-...`` into ``directory``; keeps numbering on restart.

    Its status is known exactly, so it is readable: online while the folder is writable.
    """

    can_read_status: ClassVar[bool] = True

    def __init__(self, directory: str | Path, options: TicketOptions | None = None) -> None:
        super().__init__(f"preview printer {directory}", options)
        self.directory = Path(directory)
        self.last_path: Path | None = None
        self._counter: itertools.count[int] | None = None


    def print_ticket(self, ticket: TicketContent) -> None:
        """Save the ticket as the next numbered PNG."""
        safe_number = re.sub(r"[^A-Za-z0-9_-]+", "_", ticket.number)
        with self._lock:
            try:
                path = self._next_path(f"{safe_number}-{ticket.language}.png")
                save_ticket_png(ticket, path, self.options)
            except OSError as exc:
                raise PrinterError(f"{self.label}: {exc}") from exc
            self.last_path = path

    def status(self) -> PrinterStatus:
        """Report online when the folder exists (or can be made) and is writable."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return PrinterStatus.failed(f"{self.label}: {exc}", online=False)
        writable = os.access(self.directory, os.W_OK)
        return PrinterStatus(online=writable, paper="ok", cover_open=False, readable=True,
                             error=None if writable else f"{self.directory} is not writable")

    def _write(self, data: bytes) -> None:
        """Keep raw ESC/POS sent with ``send()`` next to the PNGs, as ``.bin``."""
        self._next_path("raw.bin").write_bytes(data)

    def _next_path(self, suffix: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._counter is None:
            taken = [int(match.group(1)) for path in self.directory.iterdir()
                     if (match := re.match(r"(\d{4,})-", path.name))]
            self._counter = itertools.count(max(taken, default=0) + 1)
        return self.directory / f"{next(self._counter):04d}-{suffix}"
