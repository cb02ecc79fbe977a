"""Collapse a chattering button into one press.

Cheap buttons bounce and some units repeat a frame while the button is held or until they
hear a reply. Each physical press must become exactly one hub request, or a clerk would
skip tickets. The filter is pure (time is passed in) so it is tested without sleeping.
"""

from __future__ import annotations

from collections.abc import Hashable

DEFAULT_WINDOW_S = 0.3


class Debouncer:
    """Accept a key only after it has been quiet for `window_s`.

    Keys are independent: (address, action) pairs, so two counters on one bus, or "call"
    then "start" on one keypad, never swallow each other. The window restarts on every
    repeat, so a burst of any length (bounce, auto-repeat while held) counts once.
    """

    def __init__(self, window_s: float = DEFAULT_WINDOW_S) -> None:
        if window_s < 0:
            msg = f"debounce window must not be negative, got {window_s}"
            raise ValueError(msg)
        self.window_s = window_s
        self._last_seen: dict[Hashable, float] = {}

    def accept(self, key: Hashable, now: float) -> bool:
        """Record that `key` was seen at `now`; True if this starts a new press."""
        last = self._last_seen.get(key)
        self._last_seen[key] = now
        return last is None or now - last >= self.window_s

    def reset(self) -> None:
        """Forget history, e.g. after a reconnect."""
        self._last_seen.clear()
