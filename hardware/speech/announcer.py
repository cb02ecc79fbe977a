"""Speak announcements one after another on a worker thread, never overlapping.

The Qt display calls ``submit`` and returns at once; rendering and playing happen on the worker.
``on_started`` and ``on_finished`` are called on the worker thread around each announcement
(the display re-emits them as Qt signals to move its highlight in step with the voice).
Every announcement that starts also finishes, even when the speaker raises, so a highlight is
never left on. The queue is bounded: when it is full the oldest waiting announcement is dropped
(``on_dropped``), because the newest call is the one the waiting room needs to hear.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Self

from hardware.speech.base import Speaker, Utterance, check_utterances

_LOGGER = logging.getLogger(__name__)

WhenFull = Literal["drop_oldest", "reject"]


@dataclass(frozen=True, slots=True, eq=False)
class Announcement:
    """One call to make: its utterances (one per language) and an opaque label for files/logs.

    Compared by identity, so callbacks hand back the very object that was submitted.
    """

    utterances: tuple[Utterance, ...]
    label: str = ""

    @classmethod
    def of(cls, utterances: Sequence[Utterance], label: str = "") -> Announcement:
        """Build from any sequence of utterances (validated and frozen)."""
        return cls(check_utterances(utterances), label)


Callback = Callable[[Announcement], None]


class AnnouncementQueue:
    """A bounded FIFO of announcements and the single thread that speaks them."""

    def __init__(
        self,
        speaker: Speaker,
        *,
        on_started: Callback | None = None,
        on_finished: Callback | None = None,
        on_dropped: Callback | None = None,
        maxsize: int = 8,
        when_full: WhenFull = "drop_oldest",
    ) -> None:
        if maxsize < 1:
            msg = f"maxsize must be at least 1, got {maxsize}"
            raise ValueError(msg)
        self.speaker = speaker
        self._on_started = on_started
        self._on_finished = on_finished
        self._on_dropped = on_dropped
        self._maxsize = maxsize
        self._when_full = when_full
        self._pending: deque[Announcement] = deque()
        self._cond = threading.Condition()
        self._busy = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker thread (once)."""
        with self._cond:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
            self._thread.start()

    def submit(self, announcement: Announcement) -> bool:
        """Queue an announcement without blocking; False if it was rejected or we are stopped."""
        dropped: Announcement | None = None
        with self._cond:
            if self._stopping:
                return False
            if len(self._pending) >= self._maxsize:
                if self._when_full == "reject":
                    _LOGGER.warning("speech: queue full, %r not announced", announcement.label)
                    return False
                dropped = self._pending.popleft()
            self._pending.append(announcement)
            self._cond.notify_all()
        if dropped is not None:
            _LOGGER.warning("speech: queue full, dropped %r", dropped.label)
            self._call(self._on_dropped, dropped)
        return True

    @property
    def pending(self) -> int:
        """How many announcements wait (not counting the one being spoken)."""
        with self._cond:
            return len(self._pending)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or speaking; False on timeout (for tests and demos)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def stop(self, *, drain: bool = False, timeout: float | None = 30.0) -> None:
        """Stop accepting, drop what waits (unless ``drain``), finish the current one and join."""
        with self._cond:
            self._stopping = True
            if not drain:
                self._pending.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                _LOGGER.error("speech: announcer thread did not stop within %s s", timeout)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopping)
                if not self._pending:  # stopping and nothing left to say
                    self._cond.notify_all()
                    return
                item = self._pending.popleft()
                self._busy = True
            self._call(self._on_started, item)
            try:
                self.speaker.speak(item.utterances, label=item.label)
            except Exception:
                _LOGGER.exception("speech: announcement %r failed", item.label)
            finally:
                self._call(self._on_finished, item)
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    @staticmethod
    def _call(callback: Callback | None, item: Announcement) -> None:
        if callback is None:
            return
        try:
            callback(item)
        except Exception:
            _LOGGER.exception("speech: announcement callback failed")
