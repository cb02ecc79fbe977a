"""A keypad driven by code: for demos, app tests and counters without hardware.

Selectable in config ({"protocol": "fake"}), like OctoPrint's virtual printer, so the
counter app runs the same code path with or without a device attached.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from hardware.keypad.base import (
    KeyAction,
    Keypad,
    KeypadFeedback,
    KeyPress,
    PressCallback,
    StateCallback,
)
from hardware.keypad.debounce import Debouncer
from hardware.keypad.serial_link import LinkState


class FakeKeypad(Keypad):
    """Inject presses with `press`; read what the app sent back from `feedback`.

    Presses go through the same debounce as real keypads and are delivered synchronously
    on the caller's thread.
    """

    def __init__(
        self, debounce_s: float = 0.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._debouncer = Debouncer(debounce_s)
        self._clock = clock
        self._on_press: PressCallback | None = None
        self._on_state: StateCallback | None = None
        self._state = LinkState.DISCONNECTED
        self.feedback: list[tuple[int, KeypadFeedback]] = []

    @property
    def state(self) -> LinkState:
        """Connected between `start` and `stop` unless `set_connected(False)` was called."""
        return self._state

    def start(self, on_press: PressCallback, on_state: StateCallback | None = None) -> None:
        """Accept injected presses from now on and report "connected"."""
        self._on_press, self._on_state = on_press, on_state
        self.set_connected(True)

    def stop(self) -> None:
        """Stop accepting presses."""
        self.set_connected(False)
        self._on_press = self._on_state = None

    def set_connected(self, connected: bool) -> None:
        """Simulate unplugging and replugging the device."""
        state = LinkState.CONNECTED if connected else LinkState.DISCONNECTED
        if state is not self._state:
            self._state = state
            if self._on_state is not None:
                self._on_state(state)

    def press(self, action: KeyAction | str, address: int = 0) -> KeyPress | None:
        """Press a button; return the delivered press, or None if debounced or unplugged."""
        action = KeyAction(action)
        now = self._clock()
        if self._state is not LinkState.CONNECTED or self._on_press is None:
            return None
        if not self._debouncer.accept((address, action), now):
            return None
        press = KeyPress(address, action, uuid.uuid4().hex, now)
        self._on_press(press)
        return press

    def send_feedback(self, address: int, feedback: KeypadFeedback) -> bool:
        """Record the feedback; False while "unplugged"."""
        if self._state is not LinkState.CONNECTED:
            return False
        self.feedback.append((address, feedback))
        return True
