"""A printer that keeps every byte in memory and plays any status: for tests and demos.

Selectable from config like OctoPrint's ``VIRTUAL`` port: ``{"transport": "fake",
"status": "paper_out"}``. Status goes through the same ``DLE EOT`` parsing as a real
printer: the fake answers with the bytes an Epson printer sends in that state.
"""

from __future__ import annotations

from typing import ClassVar, Literal, get_args

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.options import TicketOptions

FakeState = Literal["ok", "paper_near_end", "paper_out", "offline", "cover_open",
                    "disconnected"]
FAKE_STATES: tuple[str, ...] = get_args(FakeState)

# Replies to DLE EOT 1, 2, 3, 4 in each state (Epson ESC/POS reference, DLE EOT).
_REPLIES: dict[str, dict[int, int]] = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},  # n=4 bits 2-3
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},  # offline, paper-end stop, no paper
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},  # n=1 bit 3
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},  # offline, n=2 bit 2
}


class PrinterFake(TicketPrinter):
    """Record tickets in :attr:`jobs`; report the state set in config or by :meth:`set_state`.

    ``disconnected`` behaves like an unplugged printer: status offline, printing raises.
    """

    can_read_status: ClassVar[bool] = True

    def __init__(self, state: str = "ok", options: TicketOptions | None = None) -> None:
        super().__init__("fake printer", options)
        self.jobs: list[bytes] = []
        self.state = self._checked(state)

    @staticmethod
    def _checked(state: str) -> str:
        if state not in FAKE_STATES:
            raise ValueError(f"status must be one of {', '.join(FAKE_STATES)}, got {state!r}")
        return state

    def set_state(self, state: str) -> None:
        """Change what the fake printer reports from now on."""
        with self._lock:
            self.state = self._checked(state)

    @property
    def output(self) -> bytes:
        """Return every byte received so far, all jobs joined."""
        return b"".join(self.jobs)


    def _write(self, data: bytes) -> None:
        if self.state == "disconnected":
            raise PrinterError("fake printer is disconnected")
        self.jobs.append(bytes(data))

    def _status_byte(self, n: int) -> int | None:
        if self.state == "disconnected":
            raise PrinterError("fake printer is disconnected")
        return _REPLIES[self.state][n]
