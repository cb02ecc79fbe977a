"""Arrivals forecast per service, weekday and hour."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hub.config import default_office_text, load_office, parse_office
from hub.engine import commands
from hub.service import HubService
from hub.simulation import OfficeSimulator, load_scenario
from hub.simulation.forecast import (
    PastIssue,
    forecast_arrivals,
    history_from_store,
    history_window,
    read_history_csv,
)
from hub.simulation.metrics import write_tickets_csv
from hub.simulation.what_if import forecast_scenario, office_scenario
from hub.store import Store


def test_mean_count_per_weekday_and_hour() -> None:
    monday = datetime(2026, 3, 2)
    history = [
        *(PastIssue(monday + timedelta(hours=9, minutes=m), "general") for m in range(0, 60, 6)),
        *(PastIssue(monday + timedelta(days=7, hours=9, minutes=m), "general")
          for m in range(0, 60, 3)),  # the next Monday: 20
        PastIssue(monday + timedelta(days=1, hours=14), "payments", "priority"),
    ]
    f = forecast_arrivals(history)
    assert f.rate("general", 0, 9) == 15.0  # (10 + 20) / 2 Mondays
    assert f.rate("general", 0, 10) == 0.0
    assert f.rate("payments", 1, 14) == 1.0
    assert f.priority_share == {"general": 0.0, "payments": 1.0}
    # Wednesday was never seen: the mean over all 3 days seen.
    assert f.rate("general", 2, 9) == 10.0
    assert f.day("general", 0) == [(9, 15.0)]


def test_what_if_from_a_tickets_csv(tmp_path: Path) -> None:
    scenario = load_scenario("bank_branch")
    out = io.StringIO()
    write_tickets_csv(OfficeSimulator(scenario, seed=1, predictors={}).run(5), out)
    path = tmp_path / "history.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    history = read_history_csv(path)
    assert len(history) == out.getvalue().count("\n") - 1
    forecast = forecast_arrivals(history)
    assert forecast.days_seen == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}
    what_if = forecast_scenario(scenario, forecast, weekday=0)
    cash = what_if.sim.services["cash"]
    assert cash.arrivals_per_hour[0][0] == "09:00"
    assert sum(r for _, r in cash.arrivals_per_hour) == sum(
        1 for h in history if h.at.weekday() == 0 and h.service_id == "cash")
    result = OfficeSimulator(what_if, seed=2, predictors={}).run(1)
    assert result.tickets


BERLIN = ZoneInfo("Europe/Berlin")


def _berlin_hub(path: Path, issues: list[datetime]) -> Store:
    """A hub in Berlin that issued a `general` ticket at each local time, day closes between."""
    office = parse_office(default_office_text().replace('"Europe/London"', '"Europe/Berlin"'),
                          "<sample office in Berlin>")
    now = [issues[0].timestamp()]
    service = HubService(Store(path), office, clock=lambda: now[0])
    for at in issues:
        now[0] = at.timestamp()
        service.roll_day()
        ticket_id = service.new_id()
        service.execute(lambda s, t, i=ticket_id: commands.issue_ticket(
            s, t, ticket_id=i, service_id="general"))
    return service.store


def test_history_from_store_is_office_local_across_a_dst_change(tmp_path: Path) -> None:
    # Clocks go forward at 02:00 on Sunday 29 March 2026 in Berlin.
    saturday, sunday, monday = (datetime(2026, 3, d, 10, 30, tzinfo=BERLIN)
                                for d in (28, 29, 30))
    assert {t.astimezone(UTC).hour for t in (saturday, monday)} == {9, 8}  # UTC moved
    store = _berlin_hub(tmp_path / "hub.db", [
        datetime(2026, 2, 3, 10, 0, tzinfo=BERLIN),  # Tuesday 8 weeks and a day ago: too old
        datetime(2026, 2, 4, 11, 0, tzinfo=BERLIN),  # Wednesday 8 weeks ago: the first day
        saturday, sunday, monday,
        datetime(2026, 4, 1, 9, 0, tzinfo=BERLIN),  # today: not over, left out
    ])
    now = datetime(2026, 4, 1, 12, 0, tzinfo=BERLIN).timestamp()
    history = history_from_store(store, BERLIN, now=now)
    assert [(h.at.date().isoformat(), h.at.hour, h.at.minute) for h in history] == [
        ("2026-02-04", 11, 0), ("2026-03-28", 10, 30), ("2026-03-29", 10, 30),
        ("2026-03-30", 10, 30)]
    forecast = forecast_arrivals(history)
    for weekday in (5, 6, 0):  # Saturday, Sunday, Monday: hour 10 on both sides of the change
        assert forecast.day("general", weekday) == [(10, 1.0)]
    # An explicit start: from the Sunday's local midnight (23:00 UTC on Saturday).
    since = datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN).timestamp()
    assert [h.at.day for h in history_from_store(store, BERLIN, since, now=now)] == [29, 30]
    store.close()


def test_history_window_is_whole_local_days() -> None:
    now = datetime(2026, 4, 1, 0, 30, tzinfo=BERLIN).timestamp()
    start, end = history_window(BERLIN, now)
    assert datetime.fromtimestamp(start, BERLIN) == datetime(2026, 2, 4, tzinfo=BERLIN)
    assert datetime.fromtimestamp(end, BERLIN) == datetime(2026, 4, 1, tzinfo=BERLIN)
    assert end - start == 56 * 86400 - 3600  # one hour short: the night clocks went forward


def test_office_scenario_staffs_every_counter_while_visitors_come() -> None:
    monday = datetime(2026, 3, 2)
    history = [*(PastIssue(monday + timedelta(hours=10, minutes=10 * i), "general")
                 for i in range(6)),
               PastIssue(monday + timedelta(hours=13, minutes=5), "payments", "priority")]
    office = load_office()
    scenario = office_scenario(office, forecast_arrivals(history), weekday=0)
    assert (scenario.sim.open, scenario.sim.close) == ("10:00", "14:00")
    general = scenario.sim.services["general"]
    assert general.arrivals_per_hour == [("10:00", 6.0), ("11:00", 0.0), ("12:00", 0.0),
                                         ("13:00", 0.0)]
    assert general.service_mean_min == 4.0  # the office file's expected_service_min
    assert scenario.sim.services["payments"].priority_share == 1.0
    assert "documents" not in scenario.sim.services  # no history: no visitors
    for counter in office.config.counters:
        assert scenario.counter_hours(counter.id) == [(10 * 3600.0, 14 * 3600.0)]
    with pytest.raises(ValueError, match="no arrivals forecast on mon"):
        office_scenario(office, forecast_arrivals([]), weekday=0)
