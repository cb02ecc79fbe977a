"""Load and validate the office configuration, with errors that name the line and field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from platformdirs import user_data_path
from pydantic import ValidationError

from hub.config.schema import HubSection, OfficeFile
from hub.engine import Counter, OfficeConfig, Policy, Service

DEFAULT_OFFICE = "default_office.toml"


class ConfigError(Exception):
    """The configuration file cannot be used; the message lists every problem found."""


@dataclass(frozen=True, slots=True)
class Office:
    """A validated office: the engine's view plus what only the edges need."""

    config: OfficeConfig
    timezone: ZoneInfo
    day_start: time
    hub: HubSection
    source: str

    def database_path(self, override: Path | None = None) -> Path:
        """The hub's database: `override` (--db), else `[hub] database`, else the default.

        One rule for the hub and for tools that read its history (`simulate --what-if`).
        """
        if override is not None:
            return override
        return Path(self.hub.database) if self.hub.database else default_database_path()


def default_database_path() -> Path:
    """Where the hub keeps its database when not told otherwise (per-user data folder)."""
    return user_data_path("nowserving") / "hub.db"


def default_office_text() -> str:
    """The embedded sample office, as TOML text."""
    return files("hub.config").joinpath(DEFAULT_OFFICE).read_text(encoding="utf-8")


def load_office(path: Path | None = None) -> Office:
    """Read `path` (or the embedded sample office) and validate it."""
    if path is None:
        return parse_office(default_office_text(), "<embedded sample office>")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return parse_office(text, str(path))


def parse_office(text: str, source: str) -> Office:
    """Validate TOML `text`; `source` names it in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    try:
        parsed = OfficeFile.model_validate(raw)
    except ValidationError as exc:
        problems = [_describe(error, text, source) for error in exc.errors()]
        raise ConfigError("\n".join(problems)) from exc
    return _to_office(parsed, source)


def _describe(error: Any, text: str, source: str) -> str:
    loc = tuple(error["loc"])
    path = _dotted(loc)
    message = str(error["msg"]).removeprefix("Value error, ")
    line = _locate(text, loc)
    where = f"{source}, line {line}" if line else source
    return f"{where}: {path}: {message}" if path else f"{where}: {message}"


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _locate(text: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of `loc` (e.g. ('services', 1, 'prefix')) in the TOML text."""
    lines = text.splitlines()
    if not loc:
        return None
    table, rest = str(loc[0]), loc[1:]
    start = None
    if rest and isinstance(rest[0], int):
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        hits = [i for i, line in enumerate(lines) if header.match(line)]
        if rest[0] < len(hits):
            start, rest = hits[rest[0]], rest[1:]
    else:
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
        start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return None
    if not rest:
        return start + 1
    key = re.compile(rf"^\s*{re.escape(str(rest[0]))}\s*=")
    for i in range(start + 1, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            break
        if key.match(lines[i]):
            return i + 1
    return start + 1


def office_from_table(table: Mapping[str, Any], source: str) -> Office:
    """An office given as an already-parsed TOML table (inline in a simulation scenario).

    Raises pydantic's ValidationError, whose field paths the caller reports.
    """
    return _to_office(OfficeFile.model_validate(table), source)


def _to_office(parsed: OfficeFile, source: str) -> Office:
    queue = parsed.queue
    policy = Policy(
        recall_limit=queue.recall_limit,
        max_number=queue.max_number,
        priority_boost_s={k: v * 60.0 for k, v in queue.priority_boost_min.items()},
        max_wait_s=None if queue.max_wait_min is None else queue.max_wait_min * 60.0,
        protect_after_s=(queue.protect_after_min * 60.0 if queue.protect_after_min
                         else None),
        aging_rate=dict(queue.aging_rate),
        skill_weight_s=queue.skill_weight_min * 60.0,
    )
    services = tuple(
        Service(
            id=s.id, prefix=s.prefix, names=dict(s.names),
            target_wait_s=round(s.target_wait_min * 60),
            expected_service_s=round(s.expected_service_min * 60),
            priority_allowed=s.priority_allowed,
        )
        for s in parsed.services
    )
    timezone = ZoneInfo(parsed.site.timezone)
    counters = tuple(
        Counter(id=c.id, number=c.number, skills=dict(c.skills), name=c.name,
                hours=c.shift_times)
        for c in parsed.counters
    )
    config = OfficeConfig(
        site_name=parsed.site.name, services=services, counters=counters,
        languages=tuple(parsed.site.languages), policy=policy, timezone=timezone,
    )
    return Office(
        config=config, timezone=timezone,
        day_start=parsed.site.day_start_time, hub=parsed.hub, source=source,
    )
