"""Several addressed LED signs on one serial line (one RS-485 bus over all the windows).

`hardware.led.SerialLedDisplay` owns its port, one sign per port; a headless bridge serving
a row of windows has one bus for all of them. This adapter shares one `SerialLink`, keeps
latest-wins pacing per sign (`PacedWriter` each) and adds a bus-wide gap, because every
controller on the line sees every frame. It belongs in hardware/led; it lives here until
that package offers a bus driver.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from hardware.keypad import LinkState, SerialLink
from hardware.led import (
    Encoding,
    LedDisplay,
    LedStateCallback,
    PacedWriter,
    clear_frame,
    show_frame,
)


class LedBus:
    """One serial line; `sign(address)` gives a `LedDisplay` for each controller on it."""

    def __init__(self, port: str, *, baudrate: int = 9600, encoding: Encoding = "ascii",
                 min_gap_s: float = 0.2, retry_s: float = 2.0) -> None:
        self.encoding = encoding
        self.min_gap_s = min_gap_s
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._signs: dict[int, BusSign] = {}
        self._listeners: list[LedStateCallback] = []
        self._link = SerialLink(port, baudrate=baudrate, on_state=self._on_state,
                                retry_s=retry_s, name=f"led bus {port}")
        self._started = False

    @property
    def state(self) -> LinkState:
        """Whether the line's adapter is plugged in."""
        return self._link.state

    def sign(self, address: int) -> BusSign:
        """The sign at `address` (made on first use, before `start`)."""
        if address not in self._signs:
            if self._started:
                raise RuntimeError("add every sign before starting the bus")
            self._signs[address] = BusSign(self, address)
        return self._signs[address]

    def start(self, on_state: LedStateCallback | None = None) -> None:
        """Start every sign's writer and open the line."""
        if on_state is not None:
            self._listeners.append(on_state)
        self._started = True
        for sign in self._signs.values():
            sign.writer.start()
        self._link.start()

    def close(self) -> None:
        """Flush what is pending, stop all threads, close the line."""
        for sign in self._signs.values():
            sign.writer.stop()
        self._link.stop()
        self._started = False

    def send(self, frame: bytes) -> bool:
        """Write one frame, keeping the bus-wide gap (called on the signs' writer threads)."""
        with self._lock:
            wait = self._last + self.min_gap_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            ok = self._link.write(frame)
            self._last = time.monotonic()
            return ok

    def _on_state(self, state: LinkState) -> None:
        for sign in self._signs.values():
            if state is LinkState.CONNECTED:
                sign.writer.resume()
            else:
                sign.writer.pause()
        for listener in self._listeners:
            listener(state)


class BusSign(LedDisplay):
    """One addressed sign on a `LedBus`; `start`/`close` belong to the bus."""

    def __init__(self, bus: LedBus, address: int) -> None:
        self.bus = bus
        self.address = address
        self.writer = PacedWriter(bus.send, min_gap_s=bus.min_gap_s,
                                  name=f"led bus sign {address}")

    @property
    def state(self) -> LinkState:
        """The bus's state."""
        return self.bus.state

    def start(self, on_state: Callable[[LinkState], None] | None = None) -> None:
        """Signs start with their bus."""

    def show(self, text: str, blink: bool = False) -> None:
        """Queue `text` for this sign."""
        self.writer.submit(show_frame(self.address, text, blink=blink,
                                      encoding=self.bus.encoding))

    def clear(self) -> None:
        """Queue a blank display."""
        self.writer.submit(clear_frame(self.address))

    def close(self) -> None:
        """Signs close with their bus."""
