"""Printer status and the parsing of real-time status replies (ESC/POS ``DLE EOT n``).

We send ``DLE EOT n`` ourselves instead of calling python-escpos ``is_online()`` and
``paper_status()`` because, in escpos 3.1, those:

* read with the transport's own timeout (60 s on Network; ``Serial.read(16)`` always waits the
  full timeout because it asks for 16 bytes while the printer sends one),
* report an empty reply as paper "ok" (2) and a malformed byte as "no paper" (0),
* never ask ``DLE EOT 2``, so an open cover cannot be seen.

Bit meanings follow the Epson ESC/POS Command Reference, "DLE EOT: Transmit real-time
status" (https://download4.epson.biz/sec_pubs/pos/reference_en/escpos/dle_eot.html).
Every reply byte has bit 0 = 0, bit 1 = 1, bit 4 = 1 and bit 7 = 0; :func:`is_status_byte`
uses that to skip bytes that are not status replies (XON 0x11 / XOFF 0x13, stale data).

=====  ==================================================================================
n      bits (value 1 means...)
=====  ==================================================================================
1      2: drawer kick-out connector pin 3 HIGH; 3: offline; 5: waiting for online
       recovery; 6: paper feed button pressed
2      2: cover open; 3: paper being fed by the feed button; 5: printing stopped by paper
       end; 6: an error occurred
3      3: autocutter error; 5: unrecoverable error; 6: automatically recoverable error
4      2-3: roll paper near-end sensor (11 = near end); 5-6: roll paper end sensor
       (11 = paper not present)
=====  ==================================================================================

Example: a printer out of paper answers 1 -> 0x1A, 2 -> 0x32, 4 -> 0x7E.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

PaperState = Literal["ok", "near_end", "out", "unknown"]

DLE_EOT = b"\x10\x04"
PRINTER_STATUS = 1  #: n=1, printer status
OFFLINE_CAUSE = 2  #: n=2, offline cause status
ERROR_CAUSE = 3  #: n=3, error cause status
PAPER_SENSOR = 4  #: n=4, roll paper sensor status

_FIXED_MASK = 0b1001_0011  # bits 0, 1, 4, 7
_FIXED_VALUE = 0b0001_0010  # bit 1 and bit 4 set, bits 0 and 7 clear

# n=1: bit 3 = 1 offline.
_OFFLINE = 0b0000_1000
# n=2: bit 2 = 1 cover open; bit 5 = 1 printing stopped by paper end; bit 6 = 1 error occurred.
_COVER_OPEN = 0b0000_0100
_PAPER_END_STOP = 0b0010_0000
_ERROR_OCCURRED = 0b0100_0000
# n=3: bit 3 autocutter error; bit 5 unrecoverable error; bit 6 automatically recoverable error.
_ERRORS = ((0b0000_1000, "autocutter error"), (0b0010_0000, "unrecoverable error"),
           (0b0100_0000, "automatically recoverable error (e.g. print head too hot)"))
# n=4: bits 2-3 roll paper near-end sensor (11 = near end); bits 5-6 paper end sensor
# (11 = no paper). Epson sets both bits of a pair together; some clones set only one, so
# either bit counts.
_NEAR_END = 0b0000_1100
_PAPER_OUT = 0b0110_0000


def status_request(n: int) -> bytes:
    """Return the ``DLE EOT n`` command bytes."""
    return DLE_EOT + bytes((n,))


def is_status_byte(value: int) -> bool:
    """Tell whether ``value`` has the fixed bits every ``DLE EOT`` reply carries."""
    return value & _FIXED_MASK == _FIXED_VALUE


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer last told us; ``None`` means not known.

    ``readable`` is False for transports that cannot read from the printer (file, CUPS),
    so the kiosk can tell "unknown because the link is one-way" from "unknown because the
    printer did not answer" (``readable`` True, ``error`` set).
    """

    online: bool | None
    paper: PaperState
    cover_open: bool | None
    readable: bool
    error: str | None = None

    @property
    def ready(self) -> bool:
        """Tell whether a ticket printed now should come out (known good state only)."""
        return self.online is True and self.paper != "out" and self.cover_open is not True

    @classmethod
    def unreadable(cls) -> PrinterStatus:
        """Status of a one-way transport: nothing known, nothing wrong."""
        return cls(online=None, paper="unknown", cover_open=None, readable=False)

    @classmethod
    def failed(cls, error: str, *, online: bool | None) -> PrinterStatus:
        """Status when the query itself failed (no link, no reply)."""
        return cls(online=online, paper="unknown", cover_open=None, readable=True, error=error)


def parse_paper(reply: int) -> PaperState:
    """Decode a ``DLE EOT 4`` (roll paper sensor) reply."""
    if reply & _PAPER_OUT:
        return "out"
    if reply & _NEAR_END:
        return "near_end"
    return "ok"


def parse_errors(reply: int) -> list[str]:
    """Decode a ``DLE EOT 3`` (error cause) reply into readable causes."""
    return [text for bit, text in _ERRORS if reply & bit]


def parse_status(printer: int, offline_cause: int, paper: int,
                 error_cause: int | None = None) -> PrinterStatus:
    """Combine the replies to ``DLE EOT 1``, ``2``, ``4`` (and ``3`` if asked) into a status."""
    problems: list[str] = []
    if offline_cause & _PAPER_END_STOP:
        problems.append("printing stopped: paper end")
    if offline_cause & _ERROR_OCCURRED:
        causes = parse_errors(error_cause) if error_cause is not None else []
        problems.extend(causes or ["printer reports an error"])
    return PrinterStatus(
        online=not printer & _OFFLINE,
        paper=parse_paper(paper),
        cover_open=bool(offline_cause & _COVER_OPEN),
        readable=True,
        error="; ".join(problems) or None,
    )


StatusExchange = Callable[[int], "int | None"]
"""Send ``DLE EOT n`` and return the reply byte, or None when none came in time."""


def read_status_reply(read: Callable[[float], bytes], timeout: float) -> int | None:
    """Read until a status-shaped byte arrives or ``timeout`` seconds pass.

    ``read(seconds)`` returns what arrived within ``seconds`` (b"" if nothing); it should
    raise when the link is closed. Bytes that cannot be a status reply are skipped.
    """
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        for value in read(left):
            if is_status_byte(value):
                return value
    return None


def query_status(exchange: StatusExchange) -> PrinterStatus:
    """Ask a printer for its status through ``exchange``; stop at the first missing reply.

    Stopping early keeps a dead printer to one timeout instead of three. Transport errors
    (``OSError``) are left to the caller, which knows whether the link itself is down.
    """
    replies: dict[int, int] = {}
    for n in (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR):
        reply = exchange(n)
        if reply is None:
            if not replies:
                return PrinterStatus.failed(f"no reply to DLE EOT {n}", online=None)
            return PrinterStatus(
                online=not replies[PRINTER_STATUS] & _OFFLINE,
                paper="unknown",
                cover_open=(bool(replies[OFFLINE_CAUSE] & _COVER_OPEN)
                            if OFFLINE_CAUSE in replies else None),
                readable=True,
                error=f"no reply to DLE EOT {n}",
            )
        replies[n] = reply
    error_cause = None
    if replies[OFFLINE_CAUSE] & _ERROR_OCCURRED:
        error_cause = exchange(ERROR_CAUSE)
    return parse_status(replies[PRINTER_STATUS], replies[OFFLINE_CAUSE],
                        replies[PAPER_SENSOR], error_cause)
