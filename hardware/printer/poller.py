"""Poll a printer's status in a background thread so the kiosk UI never waits on I/O.

A silent printer costs a status query up to a few seconds (connect + reply timeouts); doing
that on the UI thread would freeze the touch screen. The callback runs on the poller
thread: a Qt app should re-emit it as a signal (queued connection) before touching widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from hardware.printer.base import TicketPrinter
from hardware.printer.status import PrinterStatus

_LOGGER = logging.getLogger(__name__)


class StatusPoller:
    """Call ``on_change(status)`` whenever ``printer.status()`` differs from the last one.

    The first poll always reports. ``stop()`` wakes the thread at once and joins it; use the
    poller as a context manager so no thread is left behind.
    """

    def __init__(self, printer: TicketPrinter, on_change: Callable[[PrinterStatus], None],
                 *, interval: float = 5.0, name: str = "printer-status") -> None:
        if interval <= 0:
            raise ValueError(f"interval must be positive, got {interval!r}")
        self.printer = printer
        self.on_change = on_change
        self.interval = interval
        self._name = name
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._latest: PrinterStatus | None = None

    @property
    def latest(self) -> PrinterStatus | None:
        """Return the last status read, None before the first poll finished."""
        return self._latest

    def start(self) -> None:
        """Start polling; calling it twice is an error."""
        if self._thread is not None:
            raise RuntimeError("StatusPoller already started")
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop and join the thread; waits at most for one status query in flight."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                _LOGGER.warning("%s still busy after %s s", self._name, timeout)

    def poll_once(self) -> PrinterStatus:
        """Read the status now (on the calling thread) and report it if it changed."""
        status = self.printer.status()
        if status != self._latest:
            self._latest = status
            try:
                self.on_change(status)
            except Exception:
                _LOGGER.exception("printer status callback failed")
        return status

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.poll_once()
            except Exception:  # a driver bug must not kill the poller silently
                _LOGGER.exception("printer status poll failed")
            self._stopping.wait(self.interval)

    def __enter__(self) -> StatusPoller:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
