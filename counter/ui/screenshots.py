"""Screenshots of the window whenever what it shows changes (`--screenshot-dir`).

The headless demo has no screen to look at: these files are how a person sees afterwards
what each counter showed. Driven by the model's change notifications and page switches,
not a timer poll, and debounced: a burst of events (a call: busy, ticket, counts, notice)
gives one picture of the settled screen. A picture equal to the previous one is not saved
(other counters' events notify too). At most `limit` files per run, the last slot kept
for the screen on exit.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

from counter.ui.window import CounterWindow

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
MAX_DELAY_S = 1.0  # a screen that never settles is still pictured about once a second
LIMIT = 300


class ScreenshotRecorder:
    """Saves `DIR/NNNN-<page>.png` for each distinct settled screen, and one on exit."""

    def __init__(self, window: CounterWindow, directory: Path, *, limit: int = LIMIT,
                 debounce_ms: int = DEBOUNCE_MS) -> None:
        self.window, self.directory, self.limit = window, directory, limit
        self.saved: list[Path] = []
        self._last: QImage | None = None
        self._pending_since: float | None = None
        self._full_logged = False
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._shoot)
        self._unsubscribe = window.model.subscribe(self.schedule)
        window.page_changed.connect(self._on_page)
        directory.mkdir(parents=True, exist_ok=True)
        self.schedule()  # the first screen

    def schedule(self) -> None:
        """Something changed: picture the screen once it has been quiet for a moment."""
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since < MAX_DELAY_S or not self._timer.isActive():
            self._timer.start()  # (re)start: debounce, but never past MAX_DELAY_S

    def _on_page(self, _page: str) -> None:
        self.schedule()

    def _shoot(self) -> None:
        self._pending_since = None
        self.save(final=False)

    def close(self) -> None:
        """Picture the screen as it is on exit and stop following the model."""
        self._timer.stop()
        self._unsubscribe()
        self.window.page_changed.disconnect(self._on_page)
        self.save(final=True)

    def save(self, *, final: bool) -> Path | None:
        """Save the window now; None if unchanged or over the limit."""
        room = self.limit - len(self.saved) - (0 if final else 1)  # keep one for the exit
        if room <= 0:
            if not self._full_logged:
                log.warning("%d screenshots in %s: saving no more", len(self.saved),
                            self.directory)
                self._full_logged = True
            return None
        image = self.window.grab().toImage()
        if not final and self._last is not None and image == self._last:
            return None
        path = self.directory / f"{len(self.saved) + 1:04d}-{self.window.page_name}.png"
        if not image.save(str(path)):
            log.warning("could not save screenshot %s", path)
            return None
        self._last = image
        self.saved.append(path)
        return path
