"""Business days: numbering restarts each day at the site's configured day start."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo


def business_day(now: float, tz: tzinfo, day_start: time) -> date:
    """The business day `now` (POSIX seconds) belongs to, in the site's time zone.

    With a day start of 05:00, 04:59 local time still belongs to the previous day, so a
    night shift or a late cleanup never restarts the numbering mid-way. The boundary is
    the first moment the local clock shows the day start, so a day start inside the hour
    repeated when clocks go back never makes the business day go backwards.
    """
    local = datetime.fromtimestamp(now, tz)
    today = local.date()
    boundary = datetime.combine(today, day_start, tzinfo=tz).replace(fold=0).timestamp()
    return today if now >= boundary else today - timedelta(days=1)


def shifts_on(hours: Iterable[tuple[time, time]], now: float,
              tz: tzinfo) -> list[tuple[float, float]]:
    """Planned shifts (local clock times) as POSIX intervals on the local date of `now`.

    Across a clock change the local times are those the wall clock shows (the first of a
    repeated hour), so a shift "09:00-13:00" is 09:00 to 13:00 by the office clock.
    """
    today = datetime.fromtimestamp(now, tz).date()

    def at(moment: time) -> float:
        return datetime.combine(today, moment, tzinfo=tz).replace(fold=0).timestamp()

    return sorted((at(start), at(end)) for start, end in hours if end > start)
