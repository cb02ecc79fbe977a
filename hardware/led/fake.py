"""An LED display that only remembers what it was told: demos, app tests, no hardware.

Selectable in config ({"driver": "fake"}) so the counter app runs unchanged without a sign.
"""

from __future__ import annotations

from hardware.keypad.serial_link import LinkState
from hardware.led.base import LedDisplay, LedStateCallback


class FakeLedDisplay(LedDisplay):
    """Records every update in `history`; `text`/`blink` hold what the sign shows now."""

    def __init__(self) -> None:
        self.history: list[tuple[str, bool]] = []
        self.text = ""
        self.blink = False
        self.closed = False
        self._state = LinkState.DISCONNECTED
        self._on_state: LedStateCallback | None = None

    @property
    def state(self) -> LinkState:
        """Connected between `start` and `close` unless `set_connected(False)` was called."""
        return self._state

    def start(self, on_state: LedStateCallback | None = None) -> None:
        """Report "connected"."""
        self._on_state = on_state
        self.set_connected(True)

    def set_connected(self, connected: bool) -> None:
        """Simulate unplugging and replugging the sign."""
        state = LinkState.CONNECTED if connected else LinkState.DISCONNECTED
        if state is not self._state:
            self._state = state
            if self._on_state is not None:
                self._on_state(state)

    def show(self, text: str, blink: bool = False) -> None:
        """Remember `text` as shown."""
        self.text, self.blink = text, blink
        self.history.append((text, blink))

    def clear(self) -> None:
        """Remember a blank display (recorded as ("", False))."""
        self.show("", blink=False)

    def close(self) -> None:
        """Mark closed and disconnected."""
        self.set_connected(False)
        self.closed = True
