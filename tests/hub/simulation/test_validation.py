"""The simulator against independent references: Ciw replications and Erlang C.

Short days and fewer simulated days than tests/bench/bench_validation.py (which prints the
full table); Ciw always gets its 20 replications.
"""

from __future__ import annotations

import pytest

from tests.hub.simulation.canonical import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_mean_waits_fall_inside_the_ciw_confidence_interval(case: Case) -> None:
    ours = case.ours(days=10, seed=3)
    reference = case.ciw_ci(replications=20)
    for figure, (low, high) in reference.items():
        if figure in ours:
            assert low <= ours[figure] <= high, (figure, ours[figure], (low, high))


def test_pooled_counters_match_erlang_c() -> None:
    """After an hour's warm-up, a long day settles to the M/M/c steady state.

    The mean wait is noisy (day-to-day standard error ~6% here), the share who wait is not.
    """
    case = Case("M/M/3 steady", counters=3, arrivals_per_min=1.4, service_min=1.5, hours=12)
    ours = case.ours(days=8, warmup_min=60)
    theory = case.erlang_c()
    assert ours["waited"] == pytest.approx(theory["waited"], abs=0.03)
    assert ours["all"] == pytest.approx(theory["all"], rel=0.2)
