"""When and how loud announcements may sound: volume, mute and quiet hours.

The clock is injected (``OutputPolicy.clock``) so quiet hours can be tested at any time of day
and the rule itself, ``is_silent(now)``, is a pure function of the time it is given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

_RANGE_RE: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Clock = Callable[[], dt.time]


def local_time() -> dt.time:
    """Read the local wall-clock time; the default clock, used only at the composition root."""
    return dt.datetime.now().astimezone().time().replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily span of local time, ``start`` inclusive to ``end`` exclusive, may cross midnight."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.start == self.end:
            msg = "quiet hours must not start and end at the same time"
            raise ValueError(msg)

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """Parse "HH:MM-HH:MM" (e.g. "22:00-07:00")."""
        match = _RANGE_RE.match(text)
        if match is None:
            msg = f"quiet hours must look like '22:00-07:00', got {text!r}"
            raise ValueError(msg)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            return cls(dt.time(h1, m1), dt.time(h2, m2))
        except ValueError as exc:
            msg = f"quiet hours {text!r}: {exc}"
            raise ValueError(msg) from exc

    def __contains__(self, now: object) -> bool:
        if not isinstance(now, dt.time):
            return False
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end


@dataclass(frozen=True, slots=True)
class OutputPolicy:
    """Volume (0..1 applied to the samples), a mute switch and optional quiet hours."""

    volume: float = 1.0
    muted: bool = False
    quiet_hours: QuietHours | None = None
    clock: Clock = field(default=local_time, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.volume, bool) or not 0.0 <= self.volume <= 1.0:
            msg = f"volume must be between 0.0 and 1.0, got {self.volume!r}"
            raise ValueError(msg)

    def is_silent(self, now: dt.time) -> bool:
        """Tell whether an announcement at ``now`` must make no sound."""
        return self.muted or (self.quiet_hours is not None and now in self.quiet_hours)

    def silent_now(self) -> bool:
        """Apply ``is_silent`` to the injected clock's current time."""
        return self.is_silent(self.clock())
