"""Screenshots of an app's window whenever what it shows changes (``--screenshot-dir``).

The headless demo has no screen to look at: these files are how a person sees afterwards
what each screen showed. The app tells the recorder when something may have changed
(``schedule``, from its model's notifications or page switches: no timer poll); each app
wires its own triggers and hands their unsubscribe functions to ``stop_on_close``. The
recorder waits until the screen has been quiet for a moment, so a burst of changes gives
one picture of the settled screen, and saves nothing when the screen is the same as in
the last picture (the image itself, or a cheaper ``screen_key`` of what it shows).

Files are ``DIR/NNNN-<page>.png``, at most ``limit`` per run, the last slot kept for the
screen on exit (``close``). Each file appears complete (written under a hidden name, then
renamed): the demo may pick up the newest one at any moment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
MAX_DELAY_S = 1.0  # a screen that never settles (a busy office) is still pictured each second
LIMIT = 300


class ScreenshotRecorder:
    """Saves ``DIR/NNNN-<page>.png`` for each new settled screen, and one on exit."""

    def __init__(self, window: QWidget, directory: Path, *, page: Callable[[], str],
                 picture: Callable[[], QPixmap] | None = None,
                 screen_key: Callable[[], object] | None = None,
                 limit: int = LIMIT, debounce_ms: int = DEBOUNCE_MS) -> None:
        """Record `window` into `directory`, its first screen once it has settled.

        `page` names the file's page; `picture` grabs the window (default: `grab`);
        `screen_key` tells a new screen from the same one again without grabbing it
        (default: compare the grabbed images).
        """
        self.window, self.directory, self.limit = window, directory, limit
        self.saved: list[Path] = []
        self._page = page
        self._picture = picture if picture is not None else window.grab
        self._screen_key = screen_key
        self._last_key: object = None
        self._pending_since: float | None = None
        self._full_logged = False
        self._stops: list[Callable[[], None]] = []
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._shoot)
        directory.mkdir(parents=True, exist_ok=True)
        self.schedule()  # the first screen

    def stop_on_close(self, stop: Callable[[], None]) -> None:
        """Call `stop` on close: how a trigger wired by the app stops asking for pictures."""
        self._stops.append(stop)

    def schedule(self, *_: object) -> None:
        """Something changed: picture the screen once it has been quiet for a moment.

        Takes and ignores any arguments, so it can be a model listener or a Qt slot as is.
        """
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since < MAX_DELAY_S or not self._timer.isActive():
            self._timer.start()  # (re)start: debounce, but never past MAX_DELAY_S

    def _shoot(self) -> None:
        self._pending_since = None
        self.save(final=False)

    def close(self) -> None:
        """Picture the screen as it is on exit and stop following the app."""
        self._timer.stop()
        for stop in self._stops:
            stop()
        self._stops.clear()
        self.save(final=True)

    def save(self, *, final: bool) -> Path | None:
        """Save the window now; None when nothing new is shown or the limit is reached."""
        key = self._screen_key() if self._screen_key is not None else None
        if not final and key is not None and key == self._last_key:
            return None
        room = self.limit - len(self.saved) - (0 if final else 1)  # keep one for the exit
        if room <= 0:
            if not self._full_logged:
                log.warning("%d screenshots in %s: saving no more", len(self.saved),
                            self.directory)
                self._full_logged = True
            return None
        image = self._picture().toImage()
        if key is None:  # no cheaper key: the picture itself
            key = image
            if not final and self._last_key is not None and image == self._last_key:
                return None
        path = self.directory / f"{len(self.saved) + 1:04d}-{self._page()}.png"
        temp = path.with_name(f".{path.name}.tmp")
        try:
            if not image.save(str(temp), "PNG"):
                raise OSError("Qt could not write the image")
            temp.replace(path)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            log.warning("could not save screenshot %s: %s", path, exc)
            return None
        self._last_key = key
        self.saved.append(path)
        return path
