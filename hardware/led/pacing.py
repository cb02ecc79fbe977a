"""Send frames no faster than a sign can take them, and only the newest one.

Cheap LED controllers drop or garble a frame that arrives while they are still drawing the
previous one, and a burst of updates (call, recall, call) is pointless: only the last one
matters. `PacedWriter` keeps a single pending slot that newer frames overwrite and a thread
that sends it once at least `min_gap_s` has passed since the previous send finished.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

_LOGGER = logging.getLogger(__name__)

DEFAULT_MIN_GAP_S = 0.2
_JOIN_TIMEOUT_S = 5.0


class PacedWriter:
    """A latest-wins, rate-limited sender running on its own thread.

    `send` returns False when the device is unreachable; the writer then keeps the frame
    and sleeps until `resume()` (called when the device is back) instead of spinning.
    """

    def __init__(
        self,
        send: Callable[[bytes], bool],
        *,
        min_gap_s: float = DEFAULT_MIN_GAP_S,
        clock: Callable[[], float] = time.monotonic,
        name: str = "paced-writer",
    ) -> None:
        if min_gap_s < 0:
            msg = f"min_gap_s must not be negative, got {min_gap_s}"
            raise ValueError(msg)
        self._send = send
        self.min_gap_s = min_gap_s
        self._clock = clock
        self._name = name
        self._cond = threading.Condition()
        self._pending: bytes | None = None
        self._latest: bytes | None = None
        self._paused = True
        self._stopping = False
        self._last_sent = float("-inf")
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.coalesced = 0

    def start(self) -> None:
        """Start the sender thread (paused until `resume`)."""
        if self._thread is not None:
            msg = "paced writer already started"
            raise RuntimeError(msg)
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def submit(self, frame: bytes) -> None:
        """Queue `frame`, replacing any frame not sent yet."""
        with self._cond:
            if self._pending is not None:
                self.coalesced += 1
            self._pending = self._latest = frame
            self._cond.notify_all()

    def resume(self, *, resend_latest: bool = True) -> None:
        """The device is reachable: send what is pending, or repeat the latest frame."""
        with self._cond:
            self._paused = False
            if self._pending is None and resend_latest:
                self._pending = self._latest
            self._cond.notify_all()

    def pause(self) -> None:
        """The device is gone: hold frames until `resume`."""
        with self._cond:
            self._paused = True

    def stop(self) -> None:
        """Send the pending frame if the device is up (one gap at most), then join."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(self.min_gap_s + _JOIN_TIMEOUT_S)
            if thread.is_alive():
                _LOGGER.error("%s: writer thread did not stop", self._name)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (self._pending is None or self._paused):
                    self._cond.wait()
                if self._pending is None or self._paused:
                    return
                wait_s = self._last_sent + self.min_gap_s - self._clock()
                if wait_s > 0:
                    self._cond.wait(wait_s)
                    continue
                frame, self._pending = self._pending, None
            ok = self._send(frame)
            with self._cond:
                self._last_sent = self._clock()
                if ok:
                    self.sent += 1
                else:
                    self._paused = True
                    if self._pending is None:
                        self._pending = frame
