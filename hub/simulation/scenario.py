"""Scenario files: an office (the hub's own TOML schema) plus how its visitors and clerks behave.

A scenario is the office configuration, inline under `[office]` or named by `office =`
(a path relative to the scenario, or `"sample"` for the embedded sample office), and a
`[simulation]` table: opening hours, arrivals per service and hour, service times,
priority share, patience, no-shows and each counter's hours and speed. The schema is
documented in docs/queue-science.md; examples live in `hub/simulation/scenarios/`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.config import ConfigError, Office, load_office, office_from_table

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"
Clock = Annotated[str, Field(pattern=HHMM)]


def seconds_of(hhmm: str) -> float:
    """`"09:30"` as seconds after midnight."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 3600.0 + int(minutes) * 60.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServiceDemand(_Strict):
    """Who comes for one service and how long they take."""

    # Piecewise-constant arrival rate: [["09:00", 20], ["11:00", 35]] = 20/h from 9, 35/h from 11.
    arrivals_per_hour: Annotated[list[tuple[Clock, Annotated[float, Field(ge=0)]]],
                                 Field(min_length=1)]
    service_mean_min: Annotated[float, Field(gt=0)]
    service_cv: Annotated[float, Field(ge=0, le=5)] = 0.6
    distribution: Literal["lognormal", "exponential"] = "lognormal"
    priority_share: Annotated[float, Field(ge=0, le=1)] = 0.0
    patience_mean_min: Annotated[float | None, Field(gt=0)] = None  # exponential; None: never

    @field_validator("arrivals_per_hour")
    @classmethod
    def _in_order(cls, value: list[tuple[str, float]]) -> list[tuple[str, float]]:
        starts = [seconds_of(t) for t, _ in value]
        if starts != sorted(starts):
            raise ValueError("arrivals_per_hour must be in time order")
        return value


class CounterPlan(_Strict):
    """When a counter is staffed and how fast its clerk is."""

    hours: list[tuple[Clock, Clock]] | None = None  # None: the office's opening hours
    speed: Annotated[float, Field(gt=0)] = 1.0  # service time multiplier (1.2 = 20% slower)


class SimulationSection(_Strict):
    """How the office's day goes."""

    open: Clock = "09:00"  # doors open: arrivals start
    close: Clock = "17:00"  # doors close: no new arrivals; counters serve who is inside
    walk_s: Annotated[float, Field(ge=0)] = 20.0  # mean time from the call to the counter
    recall_after_s: Annotated[float, Field(gt=0)] = 45.0  # clerk recalls a missing visitor
    no_show_share: Annotated[float, Field(ge=0, le=1)] = 0.0  # left without a trace
    cancel_share: Annotated[float, Field(ge=0, le=1)] = 0.5  # of those who give up, cancel
    services: dict[str, ServiceDemand]
    counters: dict[str, CounterPlan] = Field(default_factory=dict)


class ScenarioFile(_Strict):
    """The whole scenario file."""

    name: Annotated[str, Field(min_length=1, max_length=80)]
    description: str = ""
    office: str | dict[str, Any]
    simulation: SimulationSection


@dataclass(frozen=True, slots=True)
class Scenario:
    """A validated scenario: the office the hub would run and the day to play on it."""

    name: str
    description: str
    office: Office
    sim: SimulationSection
    source: str

    def counter_hours(self, counter_id: str) -> list[tuple[float, float]]:
        """The counter's staffed intervals, in seconds after midnight.

        The scenario's own `hours` (the day as it happens: a clerk off sick, a late start),
        else the office's planned hours (what the wait estimate expects), else the doors'.
        """
        plan = self.sim.counters.get(counter_id, CounterPlan())
        if plan.hours:
            return [(seconds_of(a), seconds_of(b)) for a, b in plan.hours]
        counter = self.office.config.counter(counter_id)
        if counter is not None and counter.hours:
            return [(t.hour * 3600.0 + t.minute * 60.0, e.hour * 3600.0 + e.minute * 60.0)
                    for t, e in counter.hours]
        return [(seconds_of(self.sim.open), seconds_of(self.sim.close))]

    def speed(self, counter_id: str) -> float:
        """The counter's service time multiplier."""
        return self.sim.counters.get(counter_id, CounterPlan()).speed


def bundled() -> dict[str, str]:
    """The example scenarios shipped with Now Serving, by name."""
    folder = files("hub.simulation").joinpath("scenarios")
    return {p.name.removesuffix(".toml"): p.name for p in folder.iterdir()
            if p.name.endswith(".toml")}


def load_scenario(name_or_path: str) -> Scenario:
    """Read a scenario file, or a bundled one by name (`bank_branch`)."""
    if name_or_path in bundled():
        folder = files("hub.simulation").joinpath("scenarios")
        text = folder.joinpath(bundled()[name_or_path]).read_text(encoding="utf-8")
        return parse_scenario(text, f"<bundled {name_or_path}>", None)
    path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_scenario(text, str(path), path.parent)


def parse_scenario(text: str, source: str, folder: Path | None) -> Scenario:
    """Validate scenario TOML `text`; `folder` resolves a relative `office` path."""
    try:
        parsed = ScenarioFile.model_validate(tomllib.loads(text))
        if isinstance(parsed.office, str):
            office = _named_office(parsed.office, folder)
        else:
            office = office_from_table(parsed.office, source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise ConfigError("\n".join(
            f"{source}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )) from exc
    _check(parsed.simulation, office, source)
    return Scenario(parsed.name, parsed.description, office, parsed.simulation, source)


def _named_office(name: str, folder: Path | None) -> Office:
    if name == "sample":
        return load_office()
    if re.match(r"^[\w.-]+\.toml$", name) and folder is None:
        folder = Path(str(files("hub.simulation").joinpath("scenarios")))
    return load_office((folder or Path()) / name)


def _check(sim: SimulationSection, office: Office, source: str) -> None:
    services = {s.id for s in office.config.services}
    counters = {c.id for c in office.config.counters}
    problems = [f"simulation.services.{s}: no such service in the office"
                for s in sim.services if s not in services]
    problems += [f"simulation.counters.{c}: no such counter in the office"
                 for c in sim.counters if c not in counters]
    if seconds_of(sim.close) <= seconds_of(sim.open):
        problems.append("simulation.close must be after simulation.open")
    if problems:
        raise ConfigError("\n".join(f"{source}: {p}" for p in problems))
