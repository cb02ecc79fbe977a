"""Business days: numbering restarts each day at the site's configured day start."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


def business_day(now: float, tz: tzinfo, day_start: time) -> date:
    """The business day `now` (POSIX seconds) belongs to, in the site's time zone.

    With a day start of 05:00, 04:59 local time still belongs to the previous day, so a
    night shift or a late cleanup never restarts the numbering mid-way.
    """
    local = datetime.fromtimestamp(now, tz)
    shift = timedelta(hours=day_start.hour, minutes=day_start.minute, seconds=day_start.second)
    return (local - shift).date()
