"""The 80% range: gamma quantiles by Wilson-Hilferty, checked against exact Erlang ones."""

from __future__ import annotations

import math

import pytest

from hub.engine.wait_model import Z80, gamma_quantile, wait_range


def erlang_cdf(k: int, scale: float, x: float) -> float:
    """P(sum of k exponentials of mean `scale` <= x), exactly."""
    y = x / scale
    return 1.0 - math.exp(-y) * sum(y**i / math.factorial(i) for i in range(k))


def erlang_quantile(k: int, scale: float, p: float) -> float:
    """The exact quantile by bisection on the closed-form CDF."""
    lo, hi = 0.0, scale * (k + 20 * math.sqrt(k) + 20)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if erlang_cdf(k, scale, mid) < p else (lo, mid)
    return (lo + hi) / 2


@pytest.mark.parametrize("k", [1, 2, 3, 5, 10, 40])
def test_gamma_quantile_is_close_to_the_exact_erlang_quantile(k: int) -> None:
    scale = 90.0
    for z, p in ((-Z80, 0.1), (Z80, 0.9), (0.0, 0.5)):
        exact = erlang_quantile(k, scale, p)
        approx = gamma_quantile(k, scale, z)
        # Wilson-Hilferty is weakest in the far lower tail of shape 1 (the exponential).
        tolerance = 0.12 if (k == 1 and p == 0.1) else 0.03
        assert approx == pytest.approx(exact, rel=tolerance), (k, p, approx, exact)


def test_range_brackets_the_point_and_widens_with_the_variance() -> None:
    narrow = wait_range(600.0, 60.0**2)
    wide = wait_range(600.0, 300.0**2)
    for point, low, high in (narrow, wide):
        assert low < point < high
    assert wide[1] < narrow[1] and wide[2] > narrow[2]
    # The point is the median of a lognormal with these moments: below the mean.
    assert wide[0] < 600.0


def test_zero_wait_is_exact_and_a_huge_spread_never_goes_negative() -> None:
    assert wait_range(0.0, 0.0) == (0.0, 0.0, 0.0)
    point, low, high = wait_range(60.0, 600.0**2)
    assert 0.0 <= low <= point <= high


def test_very_skewed_gamma_upper_quantile_stays_close() -> None:
    """Shape 1/4 (a short wait known only roughly): the exact 90th percentile is 0.7504."""
    assert gamma_quantile(0.25, 1.0, Z80) == pytest.approx(0.7504, rel=0.08)
    assert gamma_quantile(0.5, 1.0, Z80) == pytest.approx(1.3528, rel=0.03)
