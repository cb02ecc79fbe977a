"""Screenshots of the wall whenever what it shows changes (``--screenshot-dir``).

The headless demo has no screen to look at: these files are how a person sees afterwards
what the waiting room saw. They are driven by the model's change notifications, not a
timer poll, and debounced: a call is a burst (board, then the highlight as the voice
starts) that gives one picture of the settled screen. A notification that leaves the
picture as it was (``screen_key``: another zone's event, the same estimates again) saves
nothing; the clock and the scrolling notice never ask for one. At most ``limit`` files
per run, the last slot kept for the screen on exit. Each file appears complete (written
under a hidden name, then renamed): the demo may pick up the newest one at any moment.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from display.ui.window import DisplayWindow
from display.view_state import screen_key

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
MAX_DELAY_S = 1.0  # a screen that never settles (a busy office) is still pictured each second
LIMIT = 300


class ScreenshotRecorder:
    """Saves ``DIR/NNNN-<page>.png`` for each new settled screen, and one on exit."""

    def __init__(self, window: DisplayWindow, directory: Path, *, limit: int = LIMIT,
                 debounce_ms: int = DEBOUNCE_MS) -> None:
        self.window, self.directory, self.limit = window, directory, limit
        self.saved: list[Path] = []
        self._last_key: tuple[object, ...] | None = None
        self._pending_since: float | None = None
        self._full_logged = False
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._shoot)
        directory.mkdir(parents=True, exist_ok=True)
        self._unsubscribe = window.model.subscribe(self._model_changed)
        self.schedule()  # the first screen

    def _model_changed(self, what: str) -> None:
        if what != "announced":  # heard, not seen
            self.schedule()

    def schedule(self) -> None:
        """Something changed: picture the screen once it has been quiet for a moment."""
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since < MAX_DELAY_S or not self._timer.isActive():
            self._timer.start()  # (re)start: debounce, but never past MAX_DELAY_S

    def _shoot(self) -> None:
        self._pending_since = None
        self.save(final=False)

    def close(self) -> None:
        """Picture the screen as it is on exit and stop following the model."""
        self._timer.stop()
        self._unsubscribe()
        self.save(final=True)

    def save(self, *, final: bool) -> Path | None:
        """Save the window now; None when nothing new is shown or the limit is reached."""
        key = screen_key(self.window.model)
        if not final and key == self._last_key:
            return None
        room = self.limit - len(self.saved) - (0 if final else 1)  # keep one for the exit
        if room <= 0:
            if not self._full_logged:
                log.warning("%d screenshots in %s: saving no more", len(self.saved),
                            self.directory)
                self._full_logged = True
            return None
        path = self.directory / f"{len(self.saved) + 1:04d}-{self.window.page_name}.png"
        temp = path.with_name(f".{path.name}.tmp")
        try:
            if not self.window.picture().save(str(temp), "PNG"):
                raise OSError("Qt could not write the image")
            temp.replace(path)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            log.warning("could not save screenshot %s: %s", path, exc)
            return None
        self._last_key = key
        self.saved.append(path)
        return path
