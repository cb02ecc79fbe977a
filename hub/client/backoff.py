"""Exponential backoff with full jitter, shared by command retries and stream reconnects.

Full jitter (a random delay between 0 and the exponential cap) keeps a hundred displays
from reconnecting in lockstep when the hub comes back after a restart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays of `uniform(0, min(maximum, initial * factor**n))` for the n-th retry."""

    initial: float = 0.2
    maximum: float = 10.0
    factor: float = 2.0
    rng: Callable[[], float] = field(default=random.random, repr=False)
    attempt: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.initial <= self.maximum or self.factor < 1:
            raise ValueError("need 0 < initial <= maximum and factor >= 1")

    def cap(self) -> float:
        """The upper bound of the next delay."""
        # min() first keeps factor**attempt from overflowing after days of retries.
        exponent = min(self.attempt, 64)
        return min(self.maximum, self.initial * self.factor**exponent)

    def next_delay(self) -> float:
        """The delay before the next attempt; each call moves one step further."""
        delay = self.rng() * self.cap()
        self.attempt += 1
        return delay

    def reset(self) -> None:
        """Start again from `initial` (after a success)."""
        self.attempt = 0


@dataclass(frozen=True)
class RetryPolicy:
    """How hard a command is retried before the caller hears `HubUnreachable`."""

    attempts: int = 4  # the first try included
    initial: float = 0.2
    maximum: float = 2.0
    retry_after_max: float = 5.0  # cap for a 503's Retry-After

    def backoff(self) -> Backoff:
        """A fresh backoff for one logical command."""
        return Backoff(initial=self.initial, maximum=self.maximum)
