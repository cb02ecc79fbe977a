"""Named one-shot timers on the asyncio loop: idle, "back home", grace periods."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Timers:
    """At most one pending timer per name; starting a name again replaces it."""

    def __init__(self) -> None:
        self._handles: dict[str, asyncio.TimerHandle] = {}

    def start(self, name: str, seconds: float, callback: Callable[[], object]) -> None:
        """Call `callback()` in `seconds` unless cancelled or restarted before."""
        self.cancel(name)

        def fire() -> None:
            self._handles.pop(name, None)
            callback()

        self._handles[name] = asyncio.get_running_loop().call_later(seconds, fire)

    def start_once(self, name: str, seconds: float, callback: Callable[[], object]) -> None:
        """Like `start`, but keep a timer of that name that is already pending."""
        if name not in self._handles:
            self.start(name, seconds, callback)

    def pending(self, name: str) -> bool:
        """Tell whether the timer `name` is armed."""
        return name in self._handles

    def cancel(self, name: str) -> None:
        """Disarm `name` (nothing happens if it is not armed)."""
        handle = self._handles.pop(name, None)
        if handle is not None:
            handle.cancel()

    def cancel_all(self) -> None:
        """Disarm every timer."""
        for name in list(self._handles):
            self.cancel(name)
