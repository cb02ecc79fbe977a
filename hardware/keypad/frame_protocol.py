"""The addressed binary frame protocol of RS-485 call-button units (many keypads, one bus).

Commercial call-button units on an RS-485 bus wrap every message as SOH (0x01), unit
address, command byte(s), BEL (0x07). We follow that common 0x01 … 0x07 framing; the exact
command bytes vary between vendors, so the ones below are our defaults and installers can
remap the key codes in config ("key_codes"). Each address is one keypad = one counter.

Key frame, unit → host (4 bytes):
    0x01  ADDR  KEY  0x07
    ADDR  unit address, binary, 1..max_address (default 32); other addresses are rejected
    KEY   0x31 '1' call         0x32 '2' recall      0x33 '3' start
          0x34 '4' finish/done  0x35 '5' no-show     0x36 '6' transfer
          0x37 '7' pause        0x38 '8' resume
    Example: unit 2 presses "call" → 01 02 31 07

Feedback frame, host → unit (9 bytes):
    0x01  ADDR  0x46 'F'  LAMP  BEEP  T1 T2 T3  0x07
    LAMP  0x40 | bits: 0x01 green, 0x02 red, 0x04 blink
          ok → 0x41 green, empty → 0x43 amber (green+red), error → 0x42 red,
          busy → 0x46 red blinking
    BEEP  0x31 '1' beep once, 0x30 '0' silent
    T1-T3 the 3-character display: the rightmost three characters of the text,
          right-aligned and padded with spaces (0x20); "A042" shows "042"
    Example: unit 2, ok, "A042", beep → 01 02 46 41 31 30 34 32 07

Parsing is resilient: bytes before an SOH are dropped, a frame split across reads is
kept until complete, several frames in one read are all decoded, and a candidate frame
that does not end in BEL or has an unknown key or address is skipped one byte at a time
so a real frame hidden inside garbage is still found. Key codes may not be 0x01 or 0x07,
which keeps resynchronisation unambiguous.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from hardware.keypad.base import KeyAction, KeyEvent, KeypadFeedback, KeypadProtocol

_LOGGER = logging.getLogger(__name__)

SOH = 0x01
BEL = 0x07
KEY_FRAME_LEN = 4
FEEDBACK_COMMAND = 0x46
DISPLAY_WIDTH = 3
DEFAULT_MAX_ADDRESS = 32
DEFAULT_KEY_CODES: Mapping[KeyAction, int] = {
    KeyAction.CALL: 0x31,
    KeyAction.RECALL: 0x32,
    KeyAction.START: 0x33,
    KeyAction.DONE: 0x34,
    KeyAction.NOSHOW: 0x35,
    KeyAction.TRANSFER: 0x36,
    KeyAction.PAUSE: 0x37,
    KeyAction.RESUME: 0x38,
}
LAMP_GREEN, LAMP_RED, LAMP_BLINK = 0x01, 0x02, 0x04
LAMPS: Mapping[str, int] = {
    "ok": 0x40 | LAMP_GREEN,
    "empty": 0x40 | LAMP_GREEN | LAMP_RED,
    "error": 0x40 | LAMP_RED,
    "busy": 0x40 | LAMP_RED | LAMP_BLINK,
}
BEEP_ON, BEEP_OFF = 0x31, 0x30


class FrameProtocol(KeypadProtocol):
    """Decode key frames from many addressed units and encode their feedback frames."""

    def __init__(
        self,
        key_codes: Mapping[KeyAction, int] | None = None,
        max_address: int = DEFAULT_MAX_ADDRESS,
    ) -> None:
        """Create a parser; `key_codes` overrides the default code of some actions."""
        if not 1 <= max_address <= 0xFF:
            msg = f"max_address must be 1-255, got {max_address}"
            raise ValueError(msg)
        codes = {**DEFAULT_KEY_CODES, **(key_codes or {})}
        for action, code in codes.items():
            if not 0 <= code <= 0xFF or code in (SOH, BEL):
                msg = f"key code for {action} must be a byte other than 0x01/0x07, got {code}"
                raise ValueError(msg)
        if len(set(codes.values())) != len(codes):
            msg = f"key codes must be distinct, got {codes}"
            raise ValueError(msg)
        self.key_codes: Mapping[KeyAction, int] = codes
        self.max_address = max_address
        self._actions = {code: action for action, code in codes.items()}
        self._buffer = bytearray()
        self.unknown = 0
        self.dropped_bytes = 0

    def feed(self, data: bytes) -> list[KeyEvent]:
        """Decode every complete key frame in the buffered input; keep a partial tail."""
        buf = self._buffer
        buf.extend(data)
        events: list[KeyEvent] = []
        while buf:
            start = buf.find(SOH)
            if start < 0:
                self._drop(len(buf))
                break
            if start:
                self._drop(start)
            if len(buf) < KEY_FRAME_LEN:
                break
            event = self._decode(bytes(buf[:KEY_FRAME_LEN]))
            if event is None:
                self._drop(1)
            else:
                del buf[:KEY_FRAME_LEN]
                events.append(event)
        return events

    def reset(self) -> None:
        """Drop a partial frame left over from before a reconnect."""
        self._buffer.clear()

    def encode_feedback(self, address: int, feedback: KeypadFeedback) -> bytes:
        """Build the 9-byte feedback frame for the unit at `address`."""
        if not 1 <= address <= self.max_address:
            msg = f"frame protocol address must be 1-{self.max_address}, got {address}"
            raise ValueError(msg)
        text = feedback.text[-DISPLAY_WIDTH:].rjust(DISPLAY_WIDTH).encode("ascii")
        beep = BEEP_ON if feedback.beep else BEEP_OFF
        return bytes([SOH, address, FEEDBACK_COMMAND, LAMPS[feedback.kind], beep, *text, BEL])

    def _decode(self, frame: bytes) -> KeyEvent | None:
        _, address, code, end = frame
        if end != BEL:
            return None
        action = self._actions.get(code)
        if action is None or not 1 <= address <= self.max_address:
            self.unknown += 1
            _LOGGER.warning("keypad frame rejected (address or key unknown): %s", frame.hex(" "))
            return None
        return KeyEvent(address, action)

    def _drop(self, count: int) -> None:
        _LOGGER.debug("keypad bus: dropping %d byte(s) of noise", count)
        del self._buffer[:count]
        self.dropped_bytes += count
