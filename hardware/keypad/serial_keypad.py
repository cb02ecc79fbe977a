"""A keypad on a serial port: link + protocol + debounce, delivering `KeyPress` callbacks.

This is the only place that gives presses their identity: every accepted key gets a fresh
uuid4 `press_id`, the Idempotency-Key the app sends to the hub for that physical press.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from hardware.keypad.base import (
    Keypad,
    KeypadFeedback,
    KeypadProtocol,
    KeyPress,
    PressCallback,
    StateCallback,
)
from hardware.keypad.debounce import DEFAULT_WINDOW_S, Debouncer
from hardware.keypad.serial_link import DEFAULT_RETRY_S, LinkState, SerialLink

_LOGGER = logging.getLogger(__name__)


class SerialKeypad(Keypad):
    """One serial port (USB or RS-485 bus) carrying one or many keypads.

    Presses and state changes are delivered on the link's reader thread.
    """

    def __init__(
        self,
        port: str,
        protocol: KeypadProtocol,
        *,
        baudrate: int = 9600,
        debounce_s: float = DEFAULT_WINDOW_S,
        retry_s: float = DEFAULT_RETRY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.protocol = protocol
        self._debouncer = Debouncer(debounce_s)
        self._clock = clock
        self._on_press: PressCallback | None = None
        self._on_state: StateCallback | None = None
        self._link = SerialLink(
            port,
            baudrate=baudrate,
            on_data=self._on_data,
            on_state=self._on_link_state,
            retry_s=retry_s,
            name=f"keypad {port}",
        )
        self._started = False

    @property
    def port(self) -> str:
        """The device path or URL this keypad reads."""
        return self._link.url

    @property
    def state(self) -> LinkState:
        """Whether the serial device is connected right now."""
        return self._link.state

    def start(self, on_press: PressCallback, on_state: StateCallback | None = None) -> None:
        """Open the port in the background; presses go to `on_press` from then on."""
        if self._started:
            msg = "keypad already started"
            raise RuntimeError(msg)
        self._on_press, self._on_state = on_press, on_state
        self._started = True
        self._link.start()

    def stop(self) -> None:
        """Stop reading, close the port and join the reader thread."""
        self._link.stop()
        self._started = False

    def send_feedback(self, address: int, feedback: KeypadFeedback) -> bool:
        """Send feedback now; False if the device is unplugged (the app may show a warning)."""
        return self._link.write(self.protocol.encode_feedback(address, feedback))

    def _on_data(self, data: bytes) -> None:
        now = self._clock()
        for event in self.protocol.feed(data):
            if not self._debouncer.accept((event.address, event.action), now):
                _LOGGER.debug("keypad %s: bounce of %s ignored", self.port, event)
                continue
            press = KeyPress(event.address, event.action, uuid.uuid4().hex, now)
            if self._on_press is not None:
                try:
                    self._on_press(press)
                except Exception:
                    _LOGGER.exception("keypad %s: press callback failed for %s", self.port, press)

    def _on_link_state(self, state: LinkState) -> None:
        if state is LinkState.CONNECTED:
            self.protocol.reset()
        if self._on_state is not None:
            self._on_state(state)
