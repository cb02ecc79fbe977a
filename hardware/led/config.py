"""Build an LED display from a plain config dict.

    {"driver": "serial", "port": "/dev/ttyUSB1", "address": 1, "baudrate": 9600,
     "encoding": "cp1251", "min_gap_ms": 200, "retry_s": 2}
    {"driver": "fake"}

Everything but "driver" and "port" is optional (defaults shown above, encoding "ascii").
Mistakes raise ValueError naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hardware.keypad.serial_link import DEFAULT_RETRY_S
from hardware.led.base import LedDisplay
from hardware.led.fake import FakeLedDisplay
from hardware.led.frame import check_address, check_encoding
from hardware.led.pacing import DEFAULT_MIN_GAP_S
from hardware.led.serial_display import SerialLedDisplay

DRIVERS = ("serial", "fake")
_SERIAL_FIELDS = {"driver", "port", "address", "baudrate", "encoding", "min_gap_ms", "retry_s"}


def led_from_config(cfg: Mapping[str, Any]) -> LedDisplay:
    """Return an unstarted LED display described by `cfg` (see module docstring)."""
    driver = cfg.get("driver")
    if driver not in DRIVERS:
        msg = f"LED config field 'driver' must be one of {DRIVERS}, got {driver!r}"
        raise ValueError(msg)
    allowed = _SERIAL_FIELDS if driver == "serial" else {"driver"}
    unknown = sorted(set(cfg) - allowed)
    if unknown:
        msg = f"LED config field {unknown[0]!r} is not valid for driver {driver!r}"
        raise ValueError(msg)
    if driver == "fake":
        return FakeLedDisplay()
    port = cfg.get("port")
    if not isinstance(port, str) or not port:
        msg = f"LED config field 'port' must be a device path, got {port!r}"
        raise ValueError(msg)
    try:
        address = check_address(cfg.get("address", 1))
    except ValueError as err:
        msg = f"LED config field 'address': {err}"
        raise ValueError(msg) from err
    try:
        encoding = check_encoding(cfg.get("encoding", "ascii"))
    except ValueError as err:
        msg = f"LED config field 'encoding': {err}"
        raise ValueError(msg) from err
    return SerialLedDisplay(
        port,
        address=address,
        baudrate=int(_number(cfg, "baudrate", 9600, minimum=1, integer=True)),
        encoding=encoding,
        min_gap_s=_number(cfg, "min_gap_ms", DEFAULT_MIN_GAP_S * 1000, minimum=0) / 1000,
        retry_s=_number(cfg, "retry_s", DEFAULT_RETRY_S, minimum=0.01),
    )


def _number(
    cfg: Mapping[str, Any], field: str, default: float, *, minimum: float, integer: bool = False
) -> float:
    value = cfg.get(field, default)
    kinds = int if integer else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        kind = "an integer" if integer else "a number"
        msg = f"LED config field {field!r} must be {kind} >= {minimum}, got {value!r}"
        raise ValueError(msg)
    return float(value)
