"""The counter terminal's device configuration (TOML), with documented embedded defaults.

`default_counter.toml` beside this module is both the defaults and the documentation of
every field. A user file is laid over it section by section. Mistakes raise ValueError
naming the field, at start-up; the keypad and LED sections are checked by building the
drivers' configs (they are not started here).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter.actions import Action
from counter.commands import Target
from hardware.keypad import keypad_from_config
from hardware.led import led_from_config

DEFAULTS_PATH = Path(__file__).with_name("default_counter.toml")
LANGUAGES = ("en", "zh", "ru")
UI_SHORTCUTS = ("my_day", "mini")  # shortcuts for the window, not for the hub
_COUNTER_FIELDS = {"id", "name", "language", "mini", "fullscreen", "next_count"}


@dataclass(frozen=True)
class CounterConfig:
    """Everything a counter terminal reads from its config file."""

    counter_id: str = "counter-1"
    name: str = "Counter terminal"
    language: str = "en"
    mini: bool = False
    fullscreen: bool = False
    next_count: int = 4
    shortcuts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    keypad: Mapping[str, Any] | None = None  # driver config, or None for no keypad
    keypad_transfer: Target | None = None
    led: Mapping[str, Any] | None = None  # driver config, or None for no sign
    led_blink_s: float = 8.0


def load_config(path: Path | None = None) -> CounterConfig:
    """The defaults, overlaid with `path` if given."""
    raw = _read(DEFAULTS_PATH)
    if path is not None:
        user = _read(path)
        unknown = sorted(set(user) - set(raw))
        if unknown:
            raise ValueError(f"{path}: unknown section [{unknown[0]}]")
        for section, values in user.items():
            if not isinstance(values, dict):
                raise ValueError(f"{path}: [{section}] must be a table")
            raw[section] = {**raw[section], **values}
    return parse_config(raw)


def parse_config(raw: Mapping[str, Any]) -> CounterConfig:
    """Validate a complete config mapping (defaults already merged)."""
    counter = dict(raw.get("counter", {}))
    unknown = sorted(set(counter) - _COUNTER_FIELDS)
    if unknown:
        raise ValueError(f"counter config field 'counter.{unknown[0]}' is unknown")
    language = _str(counter, "language")
    if language not in LANGUAGES:
        raise ValueError(f"counter config field 'counter.language' must be one of "
                         f"{LANGUAGES}, got {language!r}")
    next_count = counter.get("next_count")
    if not isinstance(next_count, int) or isinstance(next_count, bool) or not (
            0 <= next_count <= 20):
        raise ValueError("counter config field 'counter.next_count' must be 0-20, "
                         f"got {next_count!r}")
    keypad, transfer = _keypad(dict(raw.get("keypad", {})))
    led, blink_s = _led(dict(raw.get("led", {})))
    return CounterConfig(
        counter_id=_str(counter, "id"), name=_str(counter, "name"), language=language,
        mini=_bool(counter, "mini"), fullscreen=_bool(counter, "fullscreen"),
        next_count=next_count, shortcuts=_shortcuts(dict(raw.get("shortcuts", {}))),
        keypad=keypad, keypad_transfer=transfer, led=led, led_blink_s=blink_s)


def parse_target(text: str) -> Target:
    """A transfer target from "service:payments" or "counter:counter-2"."""
    kind, _, value = text.partition(":")
    if not value or kind not in ("service", "counter"):
        raise ValueError(f"a transfer target is 'service:ID' or 'counter:ID', got {text!r}")
    return Target(service_id=value) if kind == "service" else Target(counter_id=value)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def _shortcuts(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    names = {a.value for a in Action} | set(UI_SHORTCUTS)
    result: dict[str, tuple[str, ...]] = {}
    for name, keys in raw.items():
        if name not in names:
            raise ValueError(f"counter config field 'shortcuts.{name}' is not an action "
                             f"(known: {', '.join(sorted(names))})")
        seq = [keys] if isinstance(keys, str) else keys
        if not isinstance(seq, list) or not all(isinstance(k, str) and k for k in seq):
            raise ValueError(f"counter config field 'shortcuts.{name}' must be key names")
        result[name] = tuple(seq)
    return result


def _keypad(raw: dict[str, Any]) -> tuple[dict[str, Any] | None, Target | None]:
    transfer_text = raw.pop("transfer_to", None)
    transfer = None
    if transfer_text is not None:
        try:
            transfer = parse_target(str(transfer_text))
        except ValueError as exc:
            raise ValueError(f"counter config field 'keypad.transfer_to': {exc}") from exc
    if not raw.get("protocol"):
        return None, transfer
    keypad_from_config(raw)  # raises ValueError naming the field
    return raw, transfer


def _led(raw: dict[str, Any]) -> tuple[dict[str, Any] | None, float]:
    blink = raw.pop("blink_s", 8)
    if isinstance(blink, bool) or not isinstance(blink, int | float) or blink < 0:
        raise ValueError(f"counter config field 'led.blink_s' must be seconds, got {blink!r}")
    if not raw.get("driver"):
        return None, float(blink)
    led_from_config(raw)  # validates; the object is dropped unstarted
    return raw, float(blink)


def _str(section: Mapping[str, Any], name: str) -> str:
    value = section.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"counter config field 'counter.{name}' must be text, got {value!r}")
    return value


def _bool(section: Mapping[str, Any], name: str) -> bool:
    value = section.get(name)
    if not isinstance(value, bool):
        raise ValueError(f"counter config field 'counter.{name}' must be true or false")
    return value
