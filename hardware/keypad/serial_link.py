"""A serial port that survives unplugging: open, read in a thread, reopen when it returns.

USB-serial adapters vanish when unplugged and come back (often under the same udev
symlink) when plugged in again. The link turns that into two observable states so the app
can report device status to the hub, and retries on its own so nobody has to restart the
counter terminal. Keypads and LED displays both use it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

import serial

_LOGGER = logging.getLogger(__name__)

DEFAULT_RETRY_S = 2.0
DEFAULT_READ_TIMEOUT_S = 0.05
DEFAULT_WRITE_TIMEOUT_S = 1.0
_JOIN_TIMEOUT_S = 5.0

_T = TypeVar("_T")


class LinkState(StrEnum):
    """Device status as the hub should see it."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


def _notify(callback: Callable[[_T], None] | None, value: _T) -> None:
    """Call an app callback without letting its exception kill the I/O thread."""
    if callback is None:
        return
    try:
        callback(value)
    except Exception:
        _LOGGER.exception("serial link callback %r failed", callback)


class SerialLink:
    """Own one serial port: a reader thread, thread-safe writes, automatic reconnect.

    `url` is anything `serial.serial_for_url` accepts: "/dev/ttyUSB0", a udev symlink, or
    "loop://" for tests. Only the reader thread opens and closes the port; a failed write
    just flags the port as broken so the reader closes it and starts retrying.
    """

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = 9600,
        on_data: Callable[[bytes], None] | None = None,
        on_state: Callable[[LinkState], None] | None = None,
        retry_s: float = DEFAULT_RETRY_S,
        read_timeout_s: float = DEFAULT_READ_TIMEOUT_S,
        write_timeout_s: float = DEFAULT_WRITE_TIMEOUT_S,
        name: str = "serial-link",
    ) -> None:
        if not url:
            msg = "serial port must not be empty"
            raise ValueError(msg)
        if retry_s <= 0:
            msg = f"retry_s must be positive, got {retry_s}"
            raise ValueError(msg)
        self.url = url
        self.baudrate = baudrate
        self.on_data = on_data
        self.on_state = on_state
        self._retry_s = retry_s
        self._read_timeout_s = read_timeout_s
        self._write_timeout_s = write_timeout_s
        self._name = name
        self._lock = threading.Lock()
        self._port: serial.SerialBase | None = None
        self._broken = False
        self._state = LinkState.DISCONNECTED
        self._reported: LinkState | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> LinkState:
        """The last state reported (DISCONNECTED before the first open succeeds)."""
        return self._state

    def start(self) -> None:
        """Start the reader thread, which opens the port and keeps it open."""
        if self._thread is not None:
            msg = "serial link already started"
            raise RuntimeError(msg)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the reader thread, join it and close the port."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(_JOIN_TIMEOUT_S)
            if thread.is_alive():
                _LOGGER.error("%s: reader thread did not stop", self._name)
        self._close()

    def write(self, data: bytes) -> bool:
        """Send `data`; False (and a reconnect) if the device is gone or not open yet."""
        with self._lock:
            port = self._port
            if port is None or self._broken:
                return False
            try:
                port.write(data)
                port.flush()
            except (serial.SerialException, OSError) as err:
                _LOGGER.warning("%s: write to %s failed: %s", self._name, self.url, err)
                self._broken = True
                return False
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._port is None and not self._open():
                self._stop.wait(self._retry_s)
                continue
            data = self._read()
            if data is None:
                self._close()
                self._set_state(LinkState.DISCONNECTED)
                # A vanishing USB device can linger for a moment: don't flap open/closed.
                self._stop.wait(self._retry_s)
                continue
            if data:
                _notify(self.on_data, data)

    def _open(self) -> bool:
        try:
            port = serial.serial_for_url(
                self.url,
                baudrate=self.baudrate,
                timeout=self._read_timeout_s,
                write_timeout=self._write_timeout_s,
            )
        except (serial.SerialException, OSError, ValueError) as err:
            if self._reported is not LinkState.DISCONNECTED:
                _LOGGER.warning("%s: cannot open %s: %s", self._name, self.url, err)
            self._set_state(LinkState.DISCONNECTED)
            return False
        with self._lock:
            self._port, self._broken = port, False
        _LOGGER.info("%s: opened %s", self._name, self.url)
        self._set_state(LinkState.CONNECTED)
        return True

    def _read(self) -> bytes | None:
        """Return what arrived within the read timeout, or None if the device is gone."""
        port = self._port
        if port is None or self._broken:
            return None
        try:
            data: bytes = port.read(max(1, port.in_waiting))
        except (serial.SerialException, OSError) as err:
            _LOGGER.warning("%s: %s disconnected: %s", self._name, self.url, err)
            return None
        return data

    def _close(self) -> None:
        with self._lock:
            port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError) as err:
                _LOGGER.debug("%s: closing %s: %s", self._name, self.url, err)

    def _set_state(self, state: LinkState) -> None:
        self._state = state
        if state is not self._reported:
            self._reported = state
            _notify(self.on_state, state)
