r"""A plain-text line protocol for USB-serial buttons and DIY boards (Arduino, Pico, ESP32).

Text is easy to produce from any microcontroller and easy to test by hand with a terminal
(`picocom -b 9600 /dev/ttyUSB0`), so it is the protocol we recommend for home-made keypads.

Device → host: one command per line
    line    = [address ":"] command
    address = decimal 0-255; omitted means 0 (the only keypad on this port)
    command = CALL | NEXT | RECALL | START | DONE | NOSHOW | TRANSFER | PAUSE | RESUME
              (NEXT is an alias of CALL; installers may add aliases in config)

    * Case-insensitive, spaces around the address and command are ignored ("2 : call").
    * Lines end with LF, CR or CRLF; empty lines are ignored.
    * Lines starting with "#" are comments (boot banners, debug prints) and are ignored.
    * Anything else (unknown word, bad address, non-ASCII bytes, a line longer than 64
      bytes) is logged and counted in `LineProtocol.unknown`, then skipped: a noisy board
      can never crash the driver.

Host → device: feedback, one line per item, always terminated by LF (ignore CR if you
like to print with println)
    feedback = [address ":"] kind [" " text] LF [ [address ":"] "BEEP" LF ]
    kind     = OK | EMPTY | ERR | BUSY
    text     = up to 8 printable ASCII characters without spaces, e.g. a ticket number

    The address prefix is sent only for addresses other than 0. Examples:
        OK A042\n             ticket A042 was called
        EMPTY\n               nobody is waiting
        ERR\n                 the hub refused or could not be reached
        2:OK A042\n2:BEEP\n   keypad 2: called A042, and beep
    Devices should ignore lines they do not understand, so new items can be added later.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from hardware.keypad.base import KeyAction, KeyEvent, KeypadFeedback, KeypadProtocol

_LOGGER = logging.getLogger(__name__)

MAX_LINE = 64
MAX_ADDRESS = 255
COMMANDS: Mapping[str, KeyAction] = {
    "CALL": KeyAction.CALL,
    "NEXT": KeyAction.CALL,
    "RECALL": KeyAction.RECALL,
    "START": KeyAction.START,
    "DONE": KeyAction.DONE,
    "NOSHOW": KeyAction.NOSHOW,
    "TRANSFER": KeyAction.TRANSFER,
    "PAUSE": KeyAction.PAUSE,
    "RESUME": KeyAction.RESUME,
}
FEEDBACK_WORDS: Mapping[str, str] = {"ok": "OK", "empty": "EMPTY", "error": "ERR", "busy": "BUSY"}


class LineProtocol(KeypadProtocol):
    """Parse command lines into key events and render feedback lines (see module doc)."""

    def __init__(self, aliases: Mapping[str, KeyAction] | None = None) -> None:
        """Create a parser; `aliases` adds words, e.g. {"N": KeyAction.CALL}."""
        self._commands = dict(COMMANDS)
        for word, action in (aliases or {}).items():
            key = word.strip().upper()
            if not key or not key.isascii() or not key.isprintable() or ":" in key:
                msg = f"line protocol alias must be a printable ASCII word, got {word!r}"
                raise ValueError(msg)
            self._commands[key] = KeyAction(action)
        self._buffer = bytearray()
        self._overflow = False
        self.unknown = 0

    def feed(self, data: bytes) -> list[KeyEvent]:
        """Split `data` into lines (keeping a partial last line) and decode each one."""
        events: list[KeyEvent] = []
        for byte in data:
            if byte in b"\r\n":
                if self._overflow:
                    self._overflow = False
                elif self._buffer:
                    event = self._parse(bytes(self._buffer))
                    if event is not None:
                        events.append(event)
                self._buffer.clear()
            elif self._overflow:
                continue
            elif len(self._buffer) >= MAX_LINE:
                self._reject(bytes(self._buffer), "line too long")
                self._buffer.clear()
                self._overflow = True
            else:
                self._buffer.append(byte)
        return events

    def reset(self) -> None:
        """Drop a partial line left over from before a reconnect."""
        self._buffer.clear()
        self._overflow = False

    def encode_feedback(self, address: int, feedback: KeypadFeedback) -> bytes:
        """Render `feedback` as one or two LF-terminated lines."""
        if not 0 <= address <= MAX_ADDRESS:
            msg = f"line protocol address must be 0-{MAX_ADDRESS}, got {address}"
            raise ValueError(msg)
        prefix = f"{address}:" if address else ""
        line = prefix + FEEDBACK_WORDS[feedback.kind]
        if feedback.text:
            line += " " + feedback.text
        lines = [line]
        if feedback.beep:
            lines.append(prefix + "BEEP")
        return "".join(f"{item}\n" for item in lines).encode("ascii")

    def _parse(self, raw: bytes) -> KeyEvent | None:
        try:
            line = raw.decode("ascii").strip()
        except UnicodeDecodeError:
            return self._reject(raw, "not ASCII")
        if not line:
            return None
        if line.startswith("#"):
            _LOGGER.debug("keypad comment: %s", line)
            return None
        address = 0
        if ":" in line:
            head, _, line = line.partition(":")
            head = head.strip()
            if not head.isdigit() or int(head) > MAX_ADDRESS:
                return self._reject(raw, "bad address")
            address = int(head)
        action = self._commands.get(line.strip().upper())
        if action is None:
            return self._reject(raw, "unknown command")
        return KeyEvent(address, action)

    def _reject(self, raw: bytes, reason: str) -> None:
        self.unknown += 1
        _LOGGER.warning("keypad line ignored (%s): %r", reason, raw[:MAX_LINE])
