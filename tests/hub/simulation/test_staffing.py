"""Erlang C and the staffing advice built on it."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from hub.config import load_office
from hub.simulation.forecast import PastIssue, forecast_arrivals
from hub.simulation.staffing import (
    advise,
    counters_needed,
    erlang_c,
    mean_wait_s,
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
