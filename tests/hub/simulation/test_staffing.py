"""Staffing advice: Erlang C, and the simulator-checked counters per hour."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from hub.config import load_office
from hub.simulation import Scenario, parse_scenario
from hub.simulation.forecast import PastIssue, forecast_arrivals
from hub.simulation.staffing import (
    advise,
    counters_needed,
    erlang_c,
    mean_wait_s,
    simulated_staffing,
    within_target,
)


@pytest.mark.parametrize(("servers", "load", "expected"), [
    (1, 0.5, 0.5),  # M/M/1: P(wait) = rho
    (2, 1.0, 1 / 3),
    (3, 2.4, 0.6471),
    (10, 8.0, 0.4092),  # textbook table value
    (2, 2.0, 1.0),  # saturated
    (2, 0.0, 0.0),
])
def test_erlang_c(servers: int, load: float, expected: float) -> None:
    assert erlang_c(servers, load) == pytest.approx(expected, abs=1e-4)


def test_mean_wait_and_service_level() -> None:
    # M/M/1, lambda 1/min, mean service 30 s: Wq = rho / (mu - lambda) = 0.5 / (1/30 - 1/60)
    assert mean_wait_s(1, 1 / 60, 30.0) == pytest.approx(30.0)
    assert mean_wait_s(1, 1 / 30, 30.0) == math.inf
    assert within_target(1, 1 / 60, 30.0, 0.0) == pytest.approx(0.5)
    assert within_target(1, 1 / 60, 30.0, 1e9) == pytest.approx(1.0)


def test_counters_needed_grows_with_demand_and_strictness() -> None:
    assert counters_needed(0.0, 300, 600) == 0
    light = counters_needed(10 / 3600, 300, 600)
    heavy = counters_needed(40 / 3600, 300, 600)
    assert 1 <= light < heavy
    assert heavy >= math.ceil(40 * 300 / 3600)
    assert counters_needed(40 / 3600, 300, 60) >= heavy
    chosen = counters_needed(40 / 3600, 300, 600)
    assert within_target(chosen, 40 / 3600, 300, 600) >= 0.8
    assert within_target(chosen - 1, 40 / 3600, 300, 600) < 0.8


def test_advice_per_hour_from_a_forecast() -> None:
    monday = datetime(2026, 3, 2, 10, 0)
    history = [PastIssue(monday + timedelta(days=7 * w, minutes=2 * i), "general")
               for w in range(2) for i in range(30)]  # 30 an hour at 10:00, two Mondays
    advice = advise(forecast_arrivals(history), load_office().config, weekday=0)
    assert [(a.hour, a.service_id, a.arrivals_per_hour) for a in advice] == [
        (10, "general", 30.0)]
    assert advice[0].counters == counters_needed(30 / 3600, 240.0, 600)


def _scenario(counters: str, services: str, close: str = "12:00") -> Scenario:
    """An inline office: services A and B (targets 20 and 15 min) and `counters`."""
    return parse_scenario(f"""
name = "staffing test"
[office.site]
name = "t"
[[office.services]]
id = "a"
prefix = "A"
names = {{ en = "A" }}
target_wait_min = 20
expected_service_min = 5
[[office.services]]
id = "b"
prefix = "B"
names = {{ en = "B" }}
target_wait_min = 15
expected_service_min = 5
{counters}
[simulation]
open = "09:00"
close = "{close}"
{services}
""", "<test>", None)


def _counter(cid: str, skills: str) -> str:
    return f'[[office.counters]]\nid = "{cid}"\nnumber = "{cid}"\nskills = {{ {skills} }}\n'


def test_simulated_advice_pools_shared_counters() -> None:
    # Light demand for two services on counters that serve both: one counter does.
    scenario = _scenario(
        _counter("c1", "a = 1.0, b = 1.0") + _counter("c2", "a = 1.0, b = 1.0"),
        '[simulation.services.a]\narrivals_per_hour = [["09:00", 3]]\nservice_mean_min = 4\n'
        '[simulation.services.b]\narrivals_per_hour = [["09:00", 2]]\nservice_mean_min = 4\n')
    plan = simulated_staffing(scenario, replications=3, seed=1)
    assert [(h.start, h.end) for h in plan] == [(9 * 3600.0, 10 * 3600.0),
                                                (10 * 3600.0, 11 * 3600.0),
                                                (11 * 3600.0, 12 * 3600.0)]
    assert [h.counters for h in plan] == [("c1",)] * 3
    assert all(h.met and min(h.within_target.values()) >= 0.8 for h in plan)
    # Erlang C gives each service a counter of its own: two.
    assert counters_needed(3 / 3600, 240, 1200) + counters_needed(2 / 3600, 240, 900) == 2
    assert simulated_staffing(scenario, replications=3, seed=1) == plan  # fixed seed


def test_simulated_advice_follows_the_peak_and_the_skills() -> None:
    # Counter x serves only B; A's counters come first, x only when B has visitors.
    counters = (_counter("x", "b = 1.0") + _counter("c1", "a = 1.0") + _counter("c2", "a = 1.0")
                + _counter("c3", "a = 1.0") + _counter("c4", "a = 1.0"))
    scenario = _scenario(counters, (
        '[simulation.services.a]\narrivals_per_hour = [["09:00", 6], ["10:00", 36], '
        '["11:00", 6]]\nservice_mean_min = 5\nservice_cv = 0.3\n'
        '[simulation.services.b]\narrivals_per_hour = [["09:00", 0], ["11:00", 3]]\n'
        'service_mean_min = 5\n'))
    plan = simulated_staffing(scenario, replications=3, seed=2)
    sizes = [len(h.counters) for h in plan]
    assert sizes[0] == 1 and sizes[1] > 2  # 6/h: one clerk; 36/h x 5 min = 3 busy clerks
    assert plan[0].counters == ("c1",)  # x serves nobody at 9: not opened first
    assert "x" in plan[2].counters  # B's visitors come at 11: its only counter opens
    assert all(h.met for h in plan)


def test_simulated_advice_says_when_every_counter_falls_short() -> None:
    # 30/h x 5 min = 2.5 busy clerks' worth of visitors for the one counter there is.
    scenario = _scenario(
        _counter("c1", "a = 1.0, b = 1.0"),
        '[simulation.services.a]\narrivals_per_hour = [["09:00", 30]]\nservice_mean_min = 5\n',
        close="10:00")
    (hour,) = simulated_staffing(scenario, replications=1)
    assert hour.counters == ("c1",)
    assert not hour.met
    assert hour.within_target["a"] < 0.8
