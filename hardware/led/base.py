"""The interface every counter LED number display implements.

The counter app only says what the sign should show; drivers handle framing, pacing and
unplugging, so a fake and a real sign are interchangeable.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import Self

from hardware.keypad.serial_link import LinkState

LedStateCallback = Callable[[LinkState], None]


class LedDisplay(abc.ABC):
    """A small sign over a service window showing the called number.

    `show` and `clear` never block on I/O and never raise for a missing device: the latest
    request is what the sign shows once it is reachable again.
    """

    @abc.abstractmethod
    def start(self, on_state: LedStateCallback | None = None) -> None:
        """Open the device in the background and report connection changes to `on_state`."""

    @abc.abstractmethod
    def show(self, text: str, blink: bool = False) -> None:
        """Display `text` (e.g. "A042"), blinking to draw attention to a new call."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Blank the display (counter closed)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Send what is still pending (briefly), then release the device and its threads."""

    @property
    @abc.abstractmethod
    def state(self) -> LinkState:
        """Whether the device is connected right now."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
