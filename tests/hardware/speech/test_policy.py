"""Quiet hours and the output policy, with the time always passed in."""

from __future__ import annotations

import datetime as dt

import pytest

from hardware.speech.policy import OutputPolicy, QuietHours

T = dt.time


@pytest.mark.parametrize(
    ("span", "now", "inside"),
    [
        ("22:00-07:00", T(22, 0), True),
        ("22:00-07:00", T(23, 59), True),
        ("22:00-07:00", T(0, 0), True),
        ("22:00-07:00", T(6, 59), True),
        ("22:00-07:00", T(7, 0), False),
        ("22:00-07:00", T(12, 0), False),
        ("22:00-07:00", T(21, 59, 59), False),
        ("12:30-13:30", T(12, 30), True),
        ("12:30-13:30", T(13, 29), True),
        ("12:30-13:30", T(13, 30), False),
        ("12:30-13:30", T(8, 0), False),
        (" 9:05 - 9:10 ", T(9, 7), True),
    ],
)
def test_quiet_hours_span_and_midnight(span: str, now: dt.time, inside: bool) -> None:
    assert (now in QuietHours.parse(span)) is inside


@pytest.mark.parametrize("bad", ["", "22-07", "22:00", "25:00-07:00", "22:00-07:60", "08:00-08:00"])
def test_bad_quiet_hours(bad: str) -> None:
    with pytest.raises(ValueError, match="quiet hours"):
        QuietHours.parse(bad)


def test_policy_silent_when_muted_or_in_quiet_hours() -> None:
    quiet = QuietHours.parse("22:00-07:00")
    assert not OutputPolicy().is_silent(T(23, 0))
    assert OutputPolicy(muted=True).is_silent(T(12, 0))
    assert OutputPolicy(quiet_hours=quiet).is_silent(T(23, 0))
    assert not OutputPolicy(quiet_hours=quiet).is_silent(T(12, 0))


def test_policy_reads_only_the_injected_clock() -> None:
    times = iter([T(23, 0), T(12, 0)])
    policy = OutputPolicy(quiet_hours=QuietHours.parse("22:00-07:00"), clock=lambda: next(times))
    assert policy.silent_now()
    assert not policy.silent_now()


@pytest.mark.parametrize("volume", [-0.1, 1.01, True])
def test_policy_rejects_bad_volume(volume: float) -> None:
    with pytest.raises(ValueError, match="volume"):
        OutputPolicy(volume=volume)
