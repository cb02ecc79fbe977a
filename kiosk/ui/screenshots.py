"""Screenshots of the kiosk whenever its screen changes (`--screenshot-dir`, headless demo).

Driven by the model's change notifications, debounced so a burst (issuing, printed,
figures updated) gives one picture of the settled screen; a picture equal to the last one
is not saved. At most `limit` files per run, the last slot kept for the screen on exit.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

from kiosk.ui.window import KioskWindow

_LOGGER = logging.getLogger(__name__)

DEBOUNCE_MS = 300
MAX_DELAY_S = 1.0  # a screen that never settles is still pictured about once a second
LIMIT = 300


class ScreenshotRecorder:
    """Saves `DIR/NNNN-<screen>.png` for each distinct settled screen, and one on exit."""

    def __init__(self, window: KioskWindow, directory: Path, *, limit: int = LIMIT) -> None:
        self.window = window
        self.directory = directory
        self.limit = limit
        self.saved: list[Path] = []
        self._last: QImage | None = None
        self._pending_since: float | None = None
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.save(final=False))
        self._unsubscribe = window.model.subscribe(self.schedule)
        directory.mkdir(parents=True, exist_ok=True)
        self.schedule()

    def schedule(self) -> None:
        """Something changed: picture the screen once it has been quiet for a moment."""
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since < MAX_DELAY_S or not self._timer.isActive():
            self._timer.start()

    def close(self) -> None:
        """Picture the screen as it is on exit and stop following the model."""
        self._timer.stop()
        self._unsubscribe()
        self.save(final=True)

    def save(self, *, final: bool) -> Path | None:
        """Save the window now; None if unchanged or over the limit."""
        self._pending_since = None
        if self.limit - len(self.saved) - (0 if final else 1) <= 0:
            return None
        image = self.window.grab().toImage()
        if not final and self._last is not None and image == self._last:
            return None
        path = self.directory / f"{len(self.saved) + 1:04d}-{self.window.model.screen}.png"
        if not image.save(str(path)):
            _LOGGER.warning("could not save screenshot %s", path)
            return None
        self._last = image
        self.saved.append(path)
        return path
