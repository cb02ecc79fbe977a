"""A counter LED sign on a serial port: STX frames, paced writes, survives unplugging."""

from __future__ import annotations

from hardware.keypad.serial_link import DEFAULT_RETRY_S, LinkState, SerialLink
from hardware.led.base import LedDisplay, LedStateCallback
from hardware.led.frame import (
    Encoding,
    check_address,
    check_encoding,
    clear_frame,
    show_frame,
)
from hardware.led.pacing import DEFAULT_MIN_GAP_S, PacedWriter


class SerialLedDisplay(LedDisplay):
    """Drive one addressed sign; see `hardware.led.frame` for the bytes.

    Updates go through a `PacedWriter`, so `show` returns at once, rapid updates collapse
    into the newest, and frames are at least `min_gap_s` apart. When the sign comes back
    after an unplug, the last requested content is sent again (a power-cycled sign is
    blank). The port is also read, only to notice an unplug early; input is discarded.
    """

    def __init__(
        self,
        port: str,
        *,
        address: int = 1,
        baudrate: int = 9600,
        encoding: Encoding = "ascii",
        min_gap_s: float = DEFAULT_MIN_GAP_S,
        retry_s: float = DEFAULT_RETRY_S,
    ) -> None:
        self.address = check_address(address)
        self.encoding = check_encoding(encoding)
        self._on_state: LedStateCallback | None = None
        self._link = SerialLink(
            port,
            baudrate=baudrate,
            on_state=self._on_link_state,
            retry_s=retry_s,
            name=f"led {port}",
        )
        self._writer = PacedWriter(self._link.write, min_gap_s=min_gap_s, name=f"led {port} writer")
        self._started = False

    @property
    def state(self) -> LinkState:
        """Whether the serial device is connected right now."""
        return self._link.state

    @property
    def writer(self) -> PacedWriter:
        """The pacing queue, exposed for its counters (`sent`, `coalesced`)."""
        return self._writer

    def start(self, on_state: LedStateCallback | None = None) -> None:
        """Open the port in the background; updates made before are sent once it opens."""
        if self._started:
            msg = "LED display already started"
            raise RuntimeError(msg)
        self._on_state = on_state
        self._started = True
        self._writer.start()
        self._link.start()

    def show(self, text: str, blink: bool = False) -> None:
        """Queue `text`; it replaces any update not sent yet."""
        self._writer.submit(show_frame(self.address, text, blink=blink, encoding=self.encoding))

    def clear(self) -> None:
        """Queue a blank display."""
        self._writer.submit(clear_frame(self.address))

    def close(self) -> None:
        """Flush the pending update if connected, stop both threads, close the port."""
        self._writer.stop()
        self._link.stop()
        self._started = False

    def _on_link_state(self, state: LinkState) -> None:
        if state is LinkState.CONNECTED:
            self._writer.resume()
        else:
            self._writer.pause()
        if self._on_state is not None:
            self._on_state(state)
