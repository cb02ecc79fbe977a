"""The office configuration file (TOML): its schema, validated with clear errors.

Every field is documented in docs/configuration.md; the embedded sample office is
`default_office.toml` beside this module.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9][a-z0-9_-]{0,39}$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")  # a 24-hour clock time


def _clock(hhmm: str) -> time:
    """An `HH:MM` text (already validated) as a time of day."""
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteSection(_Strict):
    """Where the office is and how it speaks."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    timezone: str = "UTC"
    day_start: str = "05:00"
    languages: Annotated[list[Annotated[str, Field(pattern=LANGUAGE)]], Field(min_length=1)] = [
        "en"
    ]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as "
                             "'Europe/Moscow' or 'Asia/Shanghai')") from None
        return value

    @field_validator("day_start")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        if not HHMM.fullmatch(value):
            raise ValueError(f"day_start must be HH:MM (24 h), got {value!r}")
        return value

    @property
    def day_start_time(self) -> time:
        """`day_start` as a time of day."""
        return _clock(self.day_start)


class QueueSection(_Strict):
    """Office-wide queue rules."""

    recall_limit: Annotated[int, Field(ge=0, le=20)] = 3
    max_number: Annotated[int, Field(ge=9, le=9999)] = 999
    max_wait_min: Annotated[float | None, Field(gt=0)] = 60
    priority_boost_min: dict[Annotated[str, Field(pattern=SLUG)], Annotated[float, Field(ge=0)]] = (
        Field(default_factory=lambda: {"normal": 0.0, "priority": 15.0})
    )

    # A ticket that has waited this long is no longer overtaken by priority tickets that
    # arrived after it (docs/queue-policy.md); 0 turns protection off.
    protect_after_min: Annotated[float | None, Field(ge=0)] = 30
    # Each point of a counter's skill weight is a head start of this many minutes at that
    # counter: with weights 2 and 1, the weight-2 service goes first unless the other's
    # visitor has waited this much longer (docs/queue-policy.md).
    skill_weight_min: Annotated[float, Field(ge=0)] = 5
    # How fast each class's claim grows per second waited (1 when absent; above 1 the
    # class accumulates priority faster: an accumulating-priority queue).
    aging_rate: dict[Annotated[str, Field(pattern=SLUG)], Annotated[float, Field(gt=0)]] = (
        Field(default_factory=dict)
    )

    @field_validator("priority_boost_min")
    @classmethod
    def _has_normal(cls, value: dict[str, float]) -> dict[str, float]:
        if "normal" not in value:
            raise ValueError("priority_boost_min must define the 'normal' class")
        return value


class ServiceSection(_Strict):
    """One service visitors can queue for."""

    id: Annotated[str, Field(pattern=SLUG)]
    prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,2}$")]
    names: dict[str, Annotated[str, Field(min_length=1, max_length=60)]]
    target_wait_min: Annotated[float, Field(gt=0)] = 10
    expected_service_min: Annotated[float, Field(gt=0)] = 5
    priority_allowed: bool = True


class CounterSection(_Strict):
    """One counter and the services it serves, with weights."""

    id: Annotated[str, Field(pattern=SLUG)]
    number: Annotated[str, Field(min_length=1, max_length=8)]
    name: Annotated[str | None, Field(max_length=40)] = None
    skills: Annotated[dict[str, Annotated[float, Field(gt=0, le=100)]], Field(min_length=1)]
    # Planned shifts in the site's local time, e.g. [["09:00", "13:00"], ["14:00", "17:00"]]:
    # the wait estimate counts the counter from each start (docs/configuration.md).
    hours: list[tuple[str, str]] = []

    @field_validator("hours")
    @classmethod
    def _shifts(cls, value: list[tuple[str, str]]) -> list[tuple[str, str]]:
        previous_end = ""
        for start, end in value:
            for moment in (start, end):
                if not HHMM.fullmatch(moment):
                    raise ValueError(f"hours must be HH:MM (24 h), got {moment!r}")
            if end <= start:
                raise ValueError(f"shift {start}-{end} ends before it starts")
            if start < previous_end:
                raise ValueError(f"shift {start}-{end} overlaps the one before it "
                                 "(list shifts in time order, without overlaps)")
            previous_end = end
        return value

    @property
    def shift_times(self) -> tuple[tuple[time, time], ...]:
        """`hours` as times of day."""
        return tuple((_clock(a), _clock(b)) for a, b in self.hours)


class HubSection(_Strict):
    """Where the hub listens and keeps its data (command-line options override these)."""

    host: str = "0.0.0.0"
    port: Annotated[int, Field(ge=1, le=65535)] = 8470
    database: str | None = None


class OfficeFile(_Strict):
    """The whole configuration file."""

    site: SiteSection
    queue: QueueSection = Field(default_factory=QueueSection)
    services: Annotated[list[ServiceSection], Field(min_length=1)]
    counters: Annotated[list[CounterSection], Field(min_length=1)]
    hub: HubSection = Field(default_factory=HubSection)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique("services", [s.id for s in self.services], "id")
        _unique("services", [s.prefix for s in self.services], "prefix")
        _unique("counters", [c.id for c in self.counters], "id")
        _unique("counters", [c.number for c in self.counters], "number")
        service_ids = {s.id for s in self.services}
        default_language = self.site.languages[0]
        for i, service in enumerate(self.services):
            if default_language not in service.names:
                raise ValueError(f"services[{i}] ({service.id}).names: missing a name in the "
                                 f"default language {default_language!r}")
        for i, counter in enumerate(self.counters):
            unknown = sorted(set(counter.skills) - service_ids)
            if unknown:
                raise ValueError(f"counters[{i}] ({counter.id}).skills: unknown service(s) "
                                 f"{', '.join(unknown)}; known: {', '.join(sorted(service_ids))}")
        for i, service in enumerate(self.services):
            if not any(service.id in c.skills for c in self.counters):
                raise ValueError(f"services[{i}] ({service.id}): no counter serves it")
        return self


def _unique(section: str, values: list[str], field: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{section}[{i}].{field}: {value!r} is used twice")
        seen.add(value)
