"""The staff PIN of the service menu, with a lockout so it cannot be guessed at the screen."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic
from typing import Literal

PinResult = Literal["ok", "wrong", "locked"]


@dataclass
class PinLock:
    """Check PINs; `max_tries` wrong ones in a row lock it for `lockout_s` seconds."""

    pin: str
    max_tries: int = 5
    lockout_s: float = 60.0
    clock: Callable[[], float] = field(default=monotonic, repr=False)
    failures: int = 0
    locked_until: float = 0.0

    def locked_for(self) -> float:
        """Seconds until PINs are accepted again (0 when not locked)."""
        return max(0.0, self.locked_until - self.clock())

    def check(self, attempt: str) -> PinResult:
        """Compare in constant time; count failures; refuse everything while locked."""
        if self.locked_for() > 0:
            return "locked"
        if hmac.compare_digest(attempt.encode(), self.pin.encode()):
            self.failures = 0
            return "ok"
        self.failures += 1
        if self.failures >= self.max_tries:
            self.failures = 0
            self.locked_until = self.clock() + self.lockout_s
            return "locked"
        return "wrong"
