"""The display's device settings: a TOML file laid over the embedded defaults.

Every key, its default and its meaning are in ``display/default_display.toml`` (the schema is
described in display/README.md). Unknown keys and wrong types are refused with a
``ConfigError`` naming the field, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, cast

from display.zone import Zone, ZoneError
from hardware.speech import speaker_from_config
from hub.i18n.spoken_numbers import SPOKEN_LANGS

DEFAULTS_PATH: Final = Path(__file__).with_name("default_display.toml")
UI_LANGS: Final = ("en", "zh", "ru")

NumberStyle = Literal["natural", "digits"]


class ConfigError(ValueError):
    """The settings file is unreadable or a value is invalid (the message names the field)."""


@dataclass(frozen=True, slots=True)
class ScreenConfig:
    """What the screen shows and how."""

    language: str = ""
    rotate_languages_s: float = 0.0
    fullscreen: bool = True
    rows: int = 4
    history: int = 8
    highlight_s: float = 8.0
    show_waiting: bool = True
    site_name: str = ""
    logo: str = ""
    notice: Mapping[str, str] = field(default_factory=dict)  # language ("*" = any) -> text
    notice_speed: float = 0.12


@dataclass(frozen=True, slots=True)
class AnnounceConfig:
    """What is spoken and when."""

    languages: tuple[str, ...] = ()
    number_style: NumberStyle = "natural"
    stale_after_s: float = 30.0
    queue_size: int = 8


@dataclass(frozen=True, slots=True)
class DisplayConfig:
    """All the settings of one wall display."""

    name: str = "Wall display"
    zone: str = ""
    screen: ScreenConfig = field(default_factory=ScreenConfig)
    announce: AnnounceConfig = field(default_factory=AnnounceConfig)
    speech: Mapping[str, Any] = field(default_factory=dict)

    @property
    def zone_value(self) -> Zone:
        """The configured zone, parsed (validated when the config was loaded)."""
        return Zone.parse(self.zone)

    def notice_for(self, languages: list[str]) -> list[str]:
        """The notice texts to scroll, one per language in ``languages`` (or the plain one)."""
        if "*" in self.screen.notice:
            return [self.screen.notice["*"]]
        return [self.screen.notice[lang] for lang in languages if self.screen.notice.get(lang)]


def load_config(path: Path | None = None) -> DisplayConfig:
    """The defaults, overlaid with ``path`` when given; raises ``ConfigError``."""
    raw = tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            msg = f"display config {path}: {exc.strerror or exc}"
            raise ConfigError(msg) from exc
        except tomllib.TOMLDecodeError as exc:
            msg = f"display config {path}: not valid TOML: {exc}"
            raise ConfigError(msg) from exc
        raw = _merge(raw, user, "")
    return config_from_dict(raw)


def config_from_dict(raw: Mapping[str, Any]) -> DisplayConfig:
    """Validate a complete settings mapping (the defaults merged with the user's file)."""
    r = _Reader(raw, "")
    screen, announce = r.table("screen"), r.table("announce")
    speech = dict(r.table("speech").raw)
    zone = r.string("zone")
    try:
        Zone.parse(zone)
    except ZoneError as exc:
        raise ConfigError(f"display config: {exc}") from exc
    cfg = DisplayConfig(
        name=r.string("name") or "Wall display",
        zone=zone,
        screen=ScreenConfig(
            language=screen.choice("language", ("", *UI_LANGS)),
            rotate_languages_s=screen.number("rotate_languages_s", 0, 3600),
            fullscreen=screen.boolean("fullscreen"),
            rows=int(screen.number("rows", 1, 8, integer=True)),
            history=int(screen.number("history", 0, 20, integer=True)),
            highlight_s=screen.number("highlight_s", 0, 120),
            show_waiting=screen.boolean("show_waiting"),
            site_name=screen.string("site_name"),
            logo=screen.string("logo"),
            notice=_notice(screen),
            notice_speed=screen.number("notice_speed", 0.01, 2),
        ),
        announce=AnnounceConfig(
            languages=announce.languages("languages"),
            number_style=cast("NumberStyle", announce.choice("number_style",
                                                             ("natural", "digits"))),
            stale_after_s=announce.number("stale_after_s", 0, 86400),
            queue_size=int(announce.number("queue_size", 1, 100, integer=True)),
        ),
        speech=speech,
    )
    for reader in (r, screen, announce):
        reader.check_all_read()
    try:  # the speech driver is the judge of its own keys; build nothing that lasts
        speaker_from_config({**speech, "output": "fake"})
    except ValueError as exc:
        raise ConfigError(f"display config: [speech] {exc}") from exc
    return cfg


def _notice(screen: _Reader) -> dict[str, str]:
    value = screen.raw.get("notice", "")
    screen.seen.add("notice")
    if isinstance(value, str):
        return {"*": value.strip()} if value.strip() else {}
    if isinstance(value, Mapping):
        out = {}
        for lang, text in value.items():
            if lang not in UI_LANGS or not isinstance(text, str):
                msg = (f"display config: screen.notice.{lang} must be text for one of "
                       f"{', '.join(UI_LANGS)}")
                raise ConfigError(msg)
            if text.strip():
                out[lang] = text.strip()
        return out
    raise ConfigError("display config: screen.notice must be text or a table of languages")


def _merge(base: dict[str, Any], over: Mapping[str, Any], where: str) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        name = f"{where}{key}"
        if key not in base:
            msg = f"display config: unknown field {name!r}"
            raise ConfigError(msg)
        if isinstance(base[key], dict) and key != "speech" and isinstance(value, Mapping):
            out[key] = _merge(base[key], value, name + ".")
        elif key == "speech" and isinstance(value, Mapping):
            out[key] = {**base[key], **value}
        else:
            out[key] = value
    return out


class _Reader:
    """Typed access to one table, remembering which keys were read."""

    def __init__(self, raw: Mapping[str, Any], where: str) -> None:
        self.raw = raw
        self.where = where
        self.seen: set[str] = set()

    def _get(self, key: str) -> Any:
        self.seen.add(key)
        if key not in self.raw:
            raise ConfigError(f"display config: {self.where}{key} is missing")
        return self.raw[key]

    def _bad(self, key: str, wanted: str, value: Any) -> ConfigError:
        return ConfigError(f"display config: {self.where}{key} must be {wanted}, got {value!r}")

    def table(self, key: str) -> _Reader:
        value = self._get(key)
        if not isinstance(value, Mapping):
            raise self._bad(key, "a table", value)
        return _Reader(value, f"{self.where}{key}.")

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._bad(key, "text", value)
        return value.strip()

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false", value)
        return value

    def number(self, key: str, low: float, high: float, *, integer: bool = False) -> float:
        value = self._get(key)
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            kind = "an integer" if integer else "a number"
            raise self._bad(key, f"{kind} from {low} to {high}", value)
        return float(value)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self._get(key)
        if value not in allowed:
            raise self._bad(key, "one of " + ", ".join(repr(a) for a in allowed), value)
        return str(value)

    def languages(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or any(v not in SPOKEN_LANGS for v in value):
            raise self._bad(key, f"a list of {', '.join(SPOKEN_LANGS)}", value)
        return tuple(dict.fromkeys(value))

    def check_all_read(self) -> None:
        unknown = sorted(set(self.raw) - self.seen)
        if unknown:
            names = ", ".join(repr(self.where + k) for k in unknown)
            raise ConfigError(f"display config: unknown field(s) {names}")
