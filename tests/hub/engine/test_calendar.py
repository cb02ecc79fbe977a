"""Business days: the day turns at the site's configured local day start, DST included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.engine import business_day
from hub.engine.calendar import shifts_on

LONDON = ZoneInfo("Europe/London")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
FIVE = time(5, 0)


def utc(*args: int) -> float:
    """POSIX seconds of a UTC wall-clock time (offsets below are worked out by hand)."""
    return datetime(*args, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("label", "now", "tz", "expected"),
    [
        # London in winter is UTC+0.
        ("london winter 04:59", utc(2026, 1, 15, 4, 59), LONDON, date(2026, 1, 14)),
        ("london winter 05:00", utc(2026, 1, 15, 5, 0), LONDON, date(2026, 1, 15)),
        ("london winter 04:59:59", utc(2026, 1, 15, 4, 59, 59), LONDON, date(2026, 1, 14)),
        ("london 23:59", utc(2026, 1, 15, 23, 59), LONDON, date(2026, 1, 15)),
        ("london 00:30 next day", utc(2026, 1, 16, 0, 30), LONDON, date(2026, 1, 15)),
        # London in summer is UTC+1: 05:00 BST is 04:00 UTC.
        ("london summer 04:59", utc(2026, 7, 1, 3, 59), LONDON, date(2026, 6, 30)),
        ("london summer 05:00", utc(2026, 7, 1, 4, 0), LONDON, date(2026, 7, 1)),
        # 29 March 2026: clocks go 01:00 GMT -> 02:00 BST, so 05:00 local is 04:00 UTC.
        ("spring-forward 04:59", utc(2026, 3, 29, 3, 59), LONDON, date(2026, 3, 28)),
        ("spring-forward 05:00", utc(2026, 3, 29, 4, 0), LONDON, date(2026, 3, 29)),
        ("spring-forward at the jump", utc(2026, 3, 29, 1, 0), LONDON, date(2026, 3, 28)),
        # 25 October 2026: clocks go 02:00 BST -> 01:00 GMT, so 05:00 local is 05:00 UTC.
        ("fall-back 04:59", utc(2026, 10, 25, 4, 59), LONDON, date(2026, 10, 24)),
        ("fall-back 05:00", utc(2026, 10, 25, 5, 0), LONDON, date(2026, 10, 25)),
        ("fall-back 04:00 UTC", utc(2026, 10, 25, 4, 0), LONDON, date(2026, 10, 24)),
        # Shanghai is UTC+8 all year: 05:00 local is 21:00 UTC the evening before.
        ("shanghai 04:59", utc(2026, 3, 1, 20, 59), SHANGHAI, date(2026, 3, 1)),
        ("shanghai 05:00", utc(2026, 3, 1, 21, 0), SHANGHAI, date(2026, 3, 2)),
        ("shanghai noon", utc(2026, 3, 2, 4, 0), SHANGHAI, date(2026, 3, 2)),
    ],
)
def test_day_turns_at_local_day_start(label: str, now: float, tz: ZoneInfo, expected: date) -> None:
    assert business_day(now, tz, FIVE) == expected, label


@pytest.mark.parametrize(
    ("day_start", "now", "expected"),
    [
        (time(0, 0), utc(2026, 5, 4, 23, 59, 59), date(2026, 5, 4)),
        (time(0, 0), utc(2026, 5, 5, 0, 0), date(2026, 5, 5)),
        (time(5, 30), utc(2026, 5, 5, 5, 29), date(2026, 5, 4)),
        (time(5, 30), utc(2026, 5, 5, 5, 30), date(2026, 5, 5)),
        (time(23, 0), utc(2026, 5, 5, 22, 59), date(2026, 5, 4)),
        (time(23, 0), utc(2026, 5, 5, 23, 0), date(2026, 5, 5)),
    ],
)
def test_day_start_minutes_are_honoured(day_start: time, now: float, expected: date) -> None:
    assert business_day(now, UTC, day_start) == expected


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2026, 3, 28), 23),  # the night clocks go forward is an hour short
        (date(2026, 10, 24), 25),  # the night clocks go back is an hour long
        (date(2026, 7, 1), 24),
    ],
)
def test_london_business_day_length_across_dst(day: date, hours: int) -> None:
    local_start = datetime.combine(day, FIVE, LONDON)
    start = local_start.timestamp()
    end = start + hours * 3600
    assert business_day(start - 1, LONDON, FIVE) == day - timedelta(days=1)
    assert business_day(start, LONDON, FIVE) == day
    assert business_day(end - 1, LONDON, FIVE) == day
    assert business_day(end, LONDON, FIVE) == day + timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(
    tz=st.sampled_from([LONDON, SHANGHAI, NEW_YORK, UTC]),
    now=st.integers(int(utc(2025, 1, 1)), int(utc(2027, 12, 31))),
    step=st.integers(0, 3 * 86400),
)
def test_business_day_never_goes_back_with_a_day_start_outside_dst_hours(
    tz: ZoneInfo, now: int, step: int
) -> None:
    earlier = business_day(now, tz, FIVE)
    later = business_day(now + step, tz, FIVE)
    assert earlier <= later
    assert (later - earlier).days <= step // 86400 + 1


def test_business_day_never_goes_back_when_day_start_is_in_the_repeated_hour() -> None:
    day_start = time(1, 30)
    first_0130 = utc(2026, 10, 25, 0, 30)  # 01:30 BST: the new day has begun
    assert business_day(first_0130, LONDON, day_start) == date(2026, 10, 25)
    an_hour_later = utc(2026, 10, 25, 1, 0)  # 01:00 GMT (the clock went back)
    assert business_day(an_hour_later, LONDON, day_start) >= date(2026, 10, 25)


def test_planned_shifts_follow_the_wall_clock_across_clock_changes() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    hours = [(time(13, 0), time(17, 0)), (time(1, 0), time(4, 0))]  # out of order on purpose
    spring = datetime(2026, 3, 29, 12, 0, tzinfo=berlin).timestamp()  # clocks went 02:00 -> 03:00
    (night_start, night_end), (day_start, day_end) = shifts_on(hours, spring, berlin)
    assert night_end - night_start == 2 * 3600  # 01:00-04:00 lost an hour that night
    assert day_end - day_start == 4 * 3600
    assert datetime.fromtimestamp(day_start, berlin).strftime("%H:%M") == "13:00"
    autumn = datetime(2026, 10, 25, 12, 0, tzinfo=berlin).timestamp()  # 03:00 -> 02:00
    (night_start, night_end), _ = shifts_on(hours, autumn, berlin)
    assert night_end - night_start == 4 * 3600  # and gained one here
    assert shifts_on([(time(9, 0), time(9, 0))], spring, berlin) == []
