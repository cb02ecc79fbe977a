"""Arrivals forecast per service, weekday and hour."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

from hub.simulation import OfficeSimulator, load_scenario
from hub.simulation.forecast import PastIssue, forecast_arrivals, read_history_csv
from hub.simulation.metrics import write_tickets_csv
from hub.simulation.what_if import forecast_scenario


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
