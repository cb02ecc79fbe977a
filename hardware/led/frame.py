r"""The frame format for generic serial LED signs (counter number displays).

Cheap serial LED signs take a short STX … ETX frame per update. We send:

    0x02  A1 A2  MODE  TEXT…  0x03
    A1 A2  display address as two ASCII decimal digits, "01".."99";
           "00" addresses every display on the line
    MODE   'S' (0x53) show steady, 'B' (0x42) show blinking, 'C' (0x43) clear (no TEXT)
    TEXT   at most 32 characters in the configured code page: "ascii" or "cp1251"
           (Cyrillic signs). Characters the code page lacks and control characters become
           '?' (0x3F), so 0x02/0x03 never appear inside a frame and odd input never crashes.

Examples (address 1):
    show "A042"           02 30 31 53 41 30 34 32 03
    show "A042" blinking  02 30 31 42 41 30 34 32 03
    clear                 02 30 31 43 03
    show "Б7" (cp1251)    02 30 31 53 C1 37 03
"""

from __future__ import annotations

import logging
from typing import Literal

_LOGGER = logging.getLogger(__name__)

STX = 0x02
ETX = 0x03
MODE_STEADY = ord("S")
MODE_BLINK = ord("B")
MODE_CLEAR = ord("C")
MAX_TEXT = 32
MAX_ADDRESS = 99
Encoding = Literal["ascii", "cp1251"]
ENCODINGS: tuple[Encoding, ...] = ("ascii", "cp1251")


def check_address(address: int) -> int:
    """Return `address` if the frame can carry it, else raise ValueError."""
    if isinstance(address, bool) or not isinstance(address, int):
        msg = f"LED address must be an integer 0-{MAX_ADDRESS}, got {address!r}"
        raise ValueError(msg)
    if not 0 <= address <= MAX_ADDRESS:
        msg = f"LED address must be 0-{MAX_ADDRESS}, got {address}"
        raise ValueError(msg)
    return address


def check_encoding(encoding: str) -> Encoding:
    """Return `encoding` if signs support it, else raise ValueError."""
    for known in ENCODINGS:
        if encoding == known:
            return known
    msg = f"LED encoding must be one of {ENCODINGS}, got {encoding!r}"
    raise ValueError(msg)


def encode_text(text: str, encoding: Encoding) -> bytes:
    """Encode for the sign, replacing what it cannot show with '?'."""
    if len(text) > MAX_TEXT:
        _LOGGER.warning("LED text longer than %d characters cut: %r", MAX_TEXT, text)
        text = text[:MAX_TEXT]
    data = text.encode(encoding, errors="replace")
    return bytes(b if 0x20 <= b != 0x7F else 0x3F for b in data)


def show_frame(
    address: int, text: str, *, blink: bool = False, encoding: Encoding = "ascii"
) -> bytes:
    """Frame that shows `text`, steady or blinking."""
    mode = MODE_BLINK if blink else MODE_STEADY
    return _frame(address, mode, encode_text(text, encoding))


def clear_frame(address: int) -> bytes:
    """Frame that blanks the display."""
    return _frame(address, MODE_CLEAR, b"")


def _frame(address: int, mode: int, payload: bytes) -> bytes:
    head = f"{check_address(address):02d}".encode("ascii")
    return bytes([STX, *head, mode, *payload, ETX])
