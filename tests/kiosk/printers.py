"""Printers for kiosk tests: the driver's fake, one that holds a ticket until released."""

from __future__ import annotations

import threading

from hardware.printer import PrinterFake


class GatedPrinter(PrinterFake):
    """A fake printer whose tickets wait at the gate: lets a test see the "printing" screen."""

    def __init__(self, state: str = "ok") -> None:
        super().__init__(state)
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()

    def hold(self) -> None:
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()

    def _write(self, data: bytes) -> None:
        self.waiting.set()
        if not self.gate.wait(30):
            raise AssertionError("the test never released the printer")
        self.waiting.clear()
        super()._write(data)
