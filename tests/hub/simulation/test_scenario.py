"""Scenario files: the bundled examples load, mistakes are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import ConfigError
from hub.simulation import load_scenario, parse_scenario
from hub.simulation.scenario import bundled

MINIMAL = """
name = "Tiny"
office = "sample"
[simulation]
[simulation.services.general]
arrivals_per_hour = [["09:00", 10]]
service_mean_min = 4
"""


def test_bundled_scenarios_load() -> None:
    assert set(bundled()) >= {"bank_branch", "passport_office", "clinic", "sample_office"}
    for name in bundled():
        scenario = load_scenario(name)
        assert scenario.sim.services
        assert {c.id for c in scenario.office.config.counters} >= set(scenario.sim.counters)


def test_defaults_and_counter_hours() -> None:
    scenario = parse_scenario(MINIMAL, "tiny", None)
    assert scenario.office.config.site_name == "Now Serving Sample Office"
    assert scenario.counter_hours("counter-1") == [(9 * 3600.0, 17 * 3600.0)]
    assert scenario.speed("counter-1") == 1.0


def test_an_office_file_next_to_the_scenario(tmp_path: Path) -> None:
    from hub.config import default_office_text
    (tmp_path / "office.toml").write_text(default_office_text(), encoding="utf-8")
    (tmp_path / "day.toml").write_text(MINIMAL.replace('"sample"', '"office.toml"'),
                                       encoding="utf-8")
    assert load_scenario(str(tmp_path / "day.toml")).office.config.counter("counter-4")


@pytest.mark.parametrize(("change", "message"), [
    (("general]", "passports]"), "simulation.services.passports: no such service"),
    (('["09:00", 10]', '["11:00", 10], ["09:00", 5]'), "in time order"),
    (("[simulation]", '[simulation]\nclose = "08:00"'), "close must be after"),
    (("service_mean_min = 4", "service_mean_min = 0"), "service_mean_min"),
    (("[simulation]", "[simulation]\nwalk = 3"), "walk"),
])
def test_mistakes_are_named(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_scenario(MINIMAL.replace(*change), "tiny", None)
