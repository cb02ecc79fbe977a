"""Printers behind a CUPS raw queue: ``lp -d QUEUE -o raw`` with the ticket on stdin.

Use it when CUPS already owns the device (shared printer, USB claimed by CUPS). One-way:
CUPS does not pass DLE EOT replies back, so status is unreadable.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.options import TicketOptions


class PrinterCups(TicketPrinter):
    """Submit each ticket as a raw job to ``queue``.

    ``command`` is the ``lp`` program (a path or argv prefix); ``timeout`` bounds the
    submission, not the printing, which CUPS does in the background.
    """

    def __init__(self, queue: str, *, command: Sequence[str] = ("lp",), timeout: float = 15.0,
                 options: TicketOptions | None = None) -> None:
        super().__init__(f"CUPS queue {queue}", options)
        if not queue:
            raise ValueError("queue must not be empty")
        self.queue = queue
        self.command = tuple(command)
        self.timeout = timeout


    def _write(self, data: bytes) -> None:
        argv = [*self.command, "-d", self.queue, "-o", "raw"]
        try:
            result = subprocess.run(argv, input=data, capture_output=True,
                                    timeout=self.timeout, check=False)
        except FileNotFoundError as exc:
            raise PrinterError(f"{self.label}: {self.command[0]} not found "
                               "(install cups-client)") from exc
        except subprocess.TimeoutExpired as exc:
            raise PrinterError(f"{self.label}: lp did not finish within "
                               f"{self.timeout:g} s") from exc
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip() or f"exit {result.returncode}"
            raise PrinterError(f"{self.label}: {message}")
