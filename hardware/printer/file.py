"""Printers reached through a device file (``/dev/usb/lp0``, a parallel port) or any path.

One-way: the kernel's usblp driver has no portable way to read DLE EOT replies, so status is
reported as unreadable. Writing to a regular file appends, which makes it a spool for tests.
"""

from __future__ import annotations

from pathlib import Path

from hardware.printer.base import TicketPrinter
from hardware.printer.options import TicketOptions


class PrinterFile(TicketPrinter):
    """Write each ticket to ``path`` (opened per ticket, so a replugged printer works)."""

    def __init__(self, path: str | Path, options: TicketOptions | None = None) -> None:
        super().__init__(f"file printer {path}", options)
        self.path = Path(path)


    def _write(self, data: bytes) -> None:
        with self.path.open("ab") as device:
            device.write(data)
            device.flush()
