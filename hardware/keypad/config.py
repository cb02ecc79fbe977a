"""Build a keypad from a plain config dict, so installers choose hardware without code.

    {"protocol": "line",  "port": "/dev/ttyUSB0", "baudrate": 9600, "debounce_ms": 300}
    {"protocol": "frame", "port": "/dev/ttyUSB0", "max_address": 8,
     "key_codes": {"call": "0x41", "done": 66}}
    {"protocol": "line",  "port": "/dev/ttyACM0", "key_codes": {"call": ["N", "GO"]}}
    {"protocol": "fake"}

Optional: "baudrate" (9600), "debounce_ms" (300), "retry_s" (2, how often to retry a
missing device). "key_codes" maps action names to a byte (int or "0x.." string) for the
frame protocol, or to extra words for the line protocol. Mistakes raise ValueError naming
the field, at start-up rather than at the first button press.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.keypad.base import KeyAction, Keypad, KeypadProtocol
from hardware.keypad.debounce import DEFAULT_WINDOW_S
from hardware.keypad.fake import FakeKeypad
from hardware.keypad.frame_protocol import DEFAULT_MAX_ADDRESS, FrameProtocol
from hardware.keypad.line_protocol import LineProtocol
from hardware.keypad.serial_keypad import SerialKeypad
from hardware.keypad.serial_link import DEFAULT_RETRY_S

PROTOCOLS = ("line", "frame", "fake")
_SERIAL_FIELDS = {"protocol", "port", "baudrate", "debounce_ms", "retry_s", "key_codes"}
_FIELDS = {
    "line": _SERIAL_FIELDS,
    "frame": _SERIAL_FIELDS | {"max_address"},
    "fake": {"protocol", "debounce_ms"},
}


def keypad_from_config(cfg: Mapping[str, Any]) -> Keypad:
    """Return an unstarted keypad described by `cfg` (see module docstring)."""
    protocol = cfg.get("protocol")
    if protocol not in PROTOCOLS:
        msg = f"keypad config field 'protocol' must be one of {PROTOCOLS}, got {protocol!r}"
        raise ValueError(msg)
    unknown = sorted(set(cfg) - _FIELDS[protocol])
    if unknown:
        msg = f"keypad config field {unknown[0]!r} is not valid for protocol {protocol!r}"
        raise ValueError(msg)
    debounce_s = _number(cfg, "debounce_ms", DEFAULT_WINDOW_S * 1000, minimum=0) / 1000
    if protocol == "fake":
        return FakeKeypad(debounce_s=debounce_s)
    port = cfg.get("port")
    if not isinstance(port, str) or not port:
        msg = f"keypad config field 'port' must be a device path, got {port!r}"
        raise ValueError(msg)
    return SerialKeypad(
        port,
        _protocol(protocol, cfg),
        baudrate=int(_number(cfg, "baudrate", 9600, minimum=1, integer=True)),
        debounce_s=debounce_s,
        retry_s=_number(cfg, "retry_s", DEFAULT_RETRY_S, minimum=0.01),
    )


def _protocol(name: str, cfg: Mapping[str, Any]) -> KeypadProtocol:
    raw_codes = cfg.get("key_codes", {})
    if not isinstance(raw_codes, Mapping):
        msg = f"keypad config field 'key_codes' must be a mapping, got {raw_codes!r}"
        raise ValueError(msg)
    codes = {_action(key): value for key, value in raw_codes.items()}
    if name == "line":
        aliases: dict[str, KeyAction] = {}
        for action, words in codes.items():
            word_list = [words] if isinstance(words, str) else words
            if not isinstance(word_list, list | tuple) or not all(
                isinstance(word, str) for word in word_list
            ):
                msg = f"keypad config field 'key_codes.{action}' must be words, got {words!r}"
                raise ValueError(msg)
            aliases.update(dict.fromkeys(word_list, action))
        try:
            return LineProtocol(aliases)
        except ValueError as err:
            msg = f"keypad config field 'key_codes': {err}"
            raise ValueError(msg) from err
    max_address = int(_number(cfg, "max_address", DEFAULT_MAX_ADDRESS, minimum=1, integer=True))
    if max_address > 0xFF:
        msg = f"keypad config field 'max_address' must be at most 255, got {max_address}"
        raise ValueError(msg)
    byte_codes = {action: _byte(action, value) for action, value in codes.items()}
    try:
        return FrameProtocol(byte_codes, max_address=max_address)
    except ValueError as err:
        msg = f"keypad config field 'key_codes': {err}"
        raise ValueError(msg) from err


def _action(name: object) -> KeyAction:
    text = str(name)
    if text.upper() in KeyAction.__members__:  # names, including the alias NEXT
        return KeyAction[text.upper()]
    try:
        return KeyAction(text.lower())
    except ValueError:
        known = ", ".join(action.value for action in KeyAction)
        msg = f"keypad config field 'key_codes' has unknown action {name!r} (known: {known})"
        raise ValueError(msg) from None


def _byte(action: KeyAction, value: object) -> int:
    try:
        code = int(value, 0) if isinstance(value, str) else value
    except ValueError:
        code = None
    if not isinstance(code, int) or isinstance(code, bool) or not 0 <= code <= 0xFF:
        msg = f"keypad config field 'key_codes.{action}' must be a byte, got {value!r}"
        raise ValueError(msg)
    return code


def _number(
    cfg: Mapping[str, Any], field: str, default: float, *, minimum: float, integer: bool = False
) -> float:
    value = cfg.get(field, default)
    kinds = int if integer else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        kind = "an integer" if integer else "a number"
        msg = f"keypad config field {field!r} must be {kind} >= {minimum}, got {value!r}"
        raise ValueError(msg)
    return float(value)
