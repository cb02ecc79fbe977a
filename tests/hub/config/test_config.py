"""The office configuration: the sample office, validation errors naming line and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hub.config import ConfigError, default_office_text, load_office, parse_office


def test_sample_office_matches_the_design() -> None:
    office = load_office()
    config = office.config
    assert [(s.id, s.prefix) for s in config.services] == [
        ("general", "A"), ("payments", "B"), ("documents", "C")]
    for service in config.services:
        assert set(service.names) == {"en", "zh", "ru"}
    skills = {c.number: sorted(config.service(s).prefix for s in c.skills)  # type: ignore[union-attr]
              for c in config.counters}
    assert skills == {"1": ["A", "B"], "2": ["A"], "3": ["B", "C"], "4": ["A", "C"]}
    assert config.languages == ("en", "zh", "ru")
    assert config.policy.recall_limit == 3
    assert office.day_start.hour == 5


@pytest.mark.parametrize(("change", "message"), [
    (('prefix = "B"', 'prefix = "b"'), r"line 30: services\[1\]\.prefix"),
    (("Europe/London", "Mars/Olympus"), r"line 6: site\.timezone: unknown time zone"),
    (('day_start = "05:00"', 'day_start = "25:00"'), r"line 7: site\.day_start"),
    (("recall_limit = 3", 'recall_limit = "three"'), r"line 11: queue\.recall_limit"),
    (("skills = { general = 1.0 }", "skills = { generl = 1.0 }"),
     r"counters\[1\] \(counter-2\)\.skills: unknown service\(s\) generl"),
    (('id = "counter-2"', 'id = "counter-1"'), r"counters\[1\]\.id: 'counter-1' is used twice"),
    (("[site]", "[sight]"), r"sight: Extra inputs are not permitted"),
    (('name = "Now Serving Sample Office"', 'name = "Now Serving'), r"not valid TOML.*line 5"),
])
def test_errors_name_line_and_field(change: tuple[str, str], message: str) -> None:
    text = default_office_text()
    assert change[0] in text
    with pytest.raises(ConfigError, match=message):
        parse_office(text.replace(change[0], change[1], 1), "office.toml")


def test_check_config_command(tmp_path: Path) -> None:
    good = tmp_path / "office.toml"
    good.write_text(default_office_text(), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "hub.launcher", "hub", "--check-config",
                          str(good)], capture_output=True, text=True, timeout=30, check=False)
    assert run.returncode == 0
    assert "OK" in run.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text(default_office_text().replace('prefix = "C"', 'prefix = "A"'),
                   encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "hub.launcher", "hub", "--check-config",
                          str(bad)], capture_output=True, text=True, timeout=30, check=False)
    assert run.returncode == 2
    assert "services[2].prefix: 'A' is used twice" in run.stderr
    missing = subprocess.run([sys.executable, "-m", "hub.launcher", "hub", "--check-config",
                              str(tmp_path / "none.toml")], capture_output=True, text=True,
                             timeout=30, check=False)
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr


def test_token_commands(tmp_path: Path) -> None:
    db = tmp_path / "hub.db"

    def hub(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hub.launcher", "hub", *args],
                              capture_output=True, text=True, timeout=30, check=False)

    made = hub("token", "create", "--db", str(db), "--role", "counter", "--name", "Window 3",
               "--counter", "3")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("ns_")
    assert len(token) > 40
    assert "counter-3" in made.stdout
    refused = hub("token", "create", "--db", str(db), "--role", "counter", "--name", "x",
                  "--counter", "9")
    assert refused.returncode == 2
    assert "no counter '9'" in refused.stderr
    listed = hub("token", "list", "--db", str(db))
    assert "Window 3" in listed.stdout
    assert token not in listed.stdout
    token_id = listed.stdout.splitlines()[1].split()[0]
    assert hub("token", "revoke", token_id, "--db", str(db)).returncode == 0
    assert "revoked" in hub("token", "list", "--db", str(db)).stdout
    assert hub("token", "revoke", token_id, "--db", str(db)).returncode == 1


def test_planned_hours_reach_the_engine_in_the_site_time_zone() -> None:
    text = default_office_text().replace(
        "skills = { general = 1.0 }",
        'skills = { general = 1.0 }\nhours = [["09:00", "12:30"], ["13:30", "17:00"]]', 1)
    office = parse_office(text, "office.toml")
    counter = office.config.counter("counter-2")
    assert counter is not None
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in counter.hours] == [
        ("09:00", "12:30"), ("13:30", "17:00")]
    assert office.config.timezone is office.timezone
    assert str(office.config.timezone) == "Europe/London"
    other = office.config.counter("counter-1")
    assert other is not None and other.hours == ()


@pytest.mark.parametrize(("hours", "message"), [
    ('[["9:00", "12:00"]]', r"counters\[1\]\.hours: .*hours must be HH:MM"),
    ('[["12:00", "09:00"]]', r"counters\[1\]\.hours: .*shift 12:00-09:00 ends before it starts"),
    ('[["09:00", "13:00"], ["12:00", "17:00"]]', r"shift 12:00-17:00 overlaps the one before"),
])
def test_bad_hours_are_named(hours: str, message: str) -> None:
    text = default_office_text().replace(
        "skills = { general = 1.0 }", f"skills = {{ general = 1.0 }}\nhours = {hours}", 1)
    with pytest.raises(ConfigError, match=message):
        parse_office(text, "office.toml")
