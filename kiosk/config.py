"""The kiosk's device config: a TOML file over embedded defaults (`default_kiosk.toml`).

The defaults file is the documented schema: every key, its default and what it does. A
config file only lists what it changes; tables are merged key by key, except `[printer]`,
which replaces the default printer as a whole (its keys depend on the transport).
"""

from __future__ import annotations

import socket
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hardware.printer import printer_from_config

DEFAULTS_FILE = "default_kiosk.toml"
DEFAULT_PIN = "2580"
NO_PRINTER = "none"
_PATH_KEYS = ("dir", "path", "cjk_font", "text_font")

Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
Lines = list[str] | dict[Language, list[str]]
Seconds = Annotated[float, Field(gt=0, le=3600)]


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KioskSection(_Strict):
    """How the kiosk behaves on screen."""

    name: Annotated[str, Field(max_length=60)] = ""
    languages: Annotated[list[Language], Field(min_length=1)] = ["en", "zh", "ru"]
    default_language: Language = "en"
    public_url: str = ""
    service_pin: Annotated[str, Field(pattern=r"^\d{4,8}$")] = DEFAULT_PIN
    idle_timeout_s: Seconds = 45
    confirmation_s: Seconds = 12
    fallback_s: Seconds = 60
    notice_s: Seconds = 8
    out_of_service_after_s: Annotated[float, Field(ge=0, le=600)] = 3
    printer_poll_s: Seconds = 5

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError(f"public_url must start with http:// or https://, got {value!r}")
        return value

    @property
    def device_name(self) -> str:
        """The name staff see: the configured one, else one made from the host name."""
        return self.name or f"Kiosk {socket.gethostname()}"[:60]


class TicketSection(_Strict):
    """What is printed around the queue data."""

    header: Lines = []
    footer: Lines | None = None
    logo: str = ""
    show_wait: bool = True


class KioskConfig(_Strict):
    """The whole kiosk config; `printer` is checked by `hardware.printer` itself."""

    kiosk: KioskSection = Field(default_factory=KioskSection)
    ticket: TicketSection = Field(default_factory=TicketSection)
    printer: dict[str, Any] = Field(default_factory=lambda: {"transport": NO_PRINTER})
    source: Path | None = None

    @property
    def has_printer(self) -> bool:
        """Tell whether a printer is configured (transport other than "none")."""
        return self.printer.get("transport") != NO_PRINTER

    @property
    def default_language(self) -> str:
        """The idle language: `default_language` if offered, else the first offered."""
        langs = self.kiosk.languages
        return self.kiosk.default_language if self.kiosk.default_language in langs else langs[0]

    def lines(self, which: str, language: str) -> tuple[str, ...] | None:
        """Header or footer lines for `language` (None: footer not configured)."""
        value: Lines | None = getattr(self.ticket, which)
        if value is None:
            return None
        if isinstance(value, dict):
            chosen = value.get(language, value.get(language.split("-", maxsplit=1)[0]))
            if chosen is None:
                chosen = next(iter(value.values()), [])
            return tuple(chosen)
        return tuple(value)

    @property
    def logo_path(self) -> Path | None:
        """The logo file, or None."""
        return self._resolve(self.ticket.logo) if self.ticket.logo else None

    def printer_dict(self) -> dict[str, Any]:
        """The `[printer]` table with relative paths made absolute, for printer_from_config."""
        return {k: str(self._resolve(v)) if k in _PATH_KEYS and isinstance(v, str) else v
                for k, v in self.printer.items()}

    def _resolve(self, value: str) -> Path:
        path = Path(value).expanduser()
        if not path.is_absolute() and self.source is not None:
            path = self.source.parent / path
        return path


def _defaults() -> dict[str, Any]:
    text = files("kiosk").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(defaults: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    merged = dict(defaults)
    for key, value in given.items():
        if key != "printer" and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)


def load_config(path: Path | None = None) -> KioskConfig:
    """Read `path` over the embedded defaults; raise ConfigError naming what is wrong."""
    given: dict[str, Any] = {}
    if path is not None:
        try:
            given = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    where = str(path) if path else "embedded defaults"
    try:
        config = KioskConfig.model_validate(
            {**_merge(_defaults(), given), "source": path.resolve() if path else None})
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_describe(exc)}") from None
    if config.has_printer:
        try:
            printer_from_config(config.printer_dict()).close()  # validates, opens nothing
        except ValueError as exc:
            raise ConfigError(f"{where}: [printer] {exc}") from None
    return config
