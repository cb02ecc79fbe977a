"""The display's announcer: the configured speaker behind ``hardware.speech``'s queue.

Calls go in with ``submit`` and come back through ``on_started``/``on_finished`` (and
``on_heard`` when they made sound) — on the queue's worker thread, so the Qt layer re-emits
them as signals before touching the model. A small tap around the speaker keeps what each
announcement produced (voices, WAV file, duration) and whether the audio output works, for
the heartbeat status, ``--state-file`` and tests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from display.board import Call
from hardware.speech import (
    Announcement,
    AnnouncementQueue,
    Speaker,
    SpeechError,
    SpokenAnnouncement,
    Utterance,
    speaker_from_config,
)

log = logging.getLogger(__name__)

CallCallback = Callable[[Call], None]
HeardCallback = Callable[[Call, SpokenAnnouncement], None]


def speech_settings(speech: Mapping[str, Any], audio_out: Path | None) -> dict[str, Any]:
    """The ``[speech]`` settings, with ``--audio-out DIR`` turning output into WAV files."""
    settings = dict(speech)
    if audio_out is not None:
        settings.update(output="wav", dir=str(audio_out))
    return settings


class SpeakerTap(Speaker):
    """Forwards to a speaker and remembers the outcome of each announcement."""

    def __init__(self, inner: Speaker) -> None:
        self.inner = inner
        self.spoken: list[SpokenAnnouncement] = []  # newest last, bounded
        self.failures = 0
        self.last_error: str | None = None
        # The outcome of the announcement being spoken; only the queue's single worker thread
        # reads and writes it, between one announcement's start and its end.
        self.latest: SpokenAnnouncement | None = None
        self._lock = threading.Lock()

    def speak(self, utterances: Sequence[Utterance], *, label: str = ""
              ) -> SpokenAnnouncement | None:
        """Speak through the inner speaker and record what came of it."""
        self.latest = None
        try:
            result = self.inner.speak(utterances, label=label)
        except SpeechError as exc:
            with self._lock:
                self.failures += 1
                self.last_error = str(exc)
            raise
        with self._lock:
            if result is None:  # could not be heard (no sound card): the speaker says why
                self.failures += 1
                self.last_error = getattr(self.inner, "audio_error", None) or "no audio"
            else:
                self.last_error = None
                self.spoken.append(result)
                del self.spoken[:-50]
        self.latest = result
        return result

    def close(self) -> None:
        """Close the inner speaker."""
        self.inner.close()


class Announcer:
    """Queue of call announcements, spoken one after another on a worker thread."""

    def __init__(self, speaker: Speaker, *, on_started: CallCallback | None = None,
                 on_finished: CallCallback | None = None, on_heard: HeardCallback | None = None,
                 queue_size: int = 8) -> None:
        self.tap = SpeakerTap(speaker)
        self.on_started = on_started
        self.on_finished = on_finished
        self.on_heard = on_heard  # before on_finished, only when the announcement made sound
        self._calls: dict[Announcement, Call] = {}  # by identity
        self._lock = threading.Lock()
        self._queue = AnnouncementQueue(
            self.tap, on_started=self._started, on_finished=self._finished,
            on_dropped=self._dropped, maxsize=queue_size)

    @classmethod
    def from_config(cls, speech: Mapping[str, Any], *, audio_out: Path | None = None,
                    queue_size: int = 8) -> Announcer:
        """Build the configured speaker (``ValueError`` when the settings are wrong)."""
        return cls(speaker_from_config(speech_settings(speech, audio_out)),
                   queue_size=queue_size)

    def start(self) -> None:
        """Start the worker thread."""
        self._queue.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Drop what waits, finish what is being said, join the thread, close the speaker."""
        self._queue.stop(timeout=timeout)
        self.tap.close()

    def submit(self, call: Call, utterances: Sequence[Utterance]) -> bool:
        """Queue the announcement of ``call``; False when stopped."""
        announcement = Announcement.of(utterances, label=call.number)
        with self._lock:
            self._calls[announcement] = call
        if not self._queue.submit(announcement):
            with self._lock:
                self._calls.pop(announcement, None)
            return False
        return True

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing waits or plays (tests, ``--say``)."""
        return self._queue.wait_idle(timeout)

    @property
    def pending(self) -> int:
        """Announcements waiting to be spoken."""
        return self._queue.pending

    def status(self) -> dict[str, Any]:
        """The audio part of the heartbeat status."""
        with self.tap._lock:
            last = self.tap.spoken[-1] if self.tap.spoken else None
            return {"audio_ok": self.tap.last_error is None, "audio_error": self.tap.last_error,
                    "failures": self.tap.failures, "pending": self.pending,
                    "last_voices": list(last.voices) if last else []}

    def _call(self, announcement: Announcement, *, forget: bool) -> Call | None:
        with self._lock:
            if forget:
                return self._calls.pop(announcement, None)
            return self._calls.get(announcement)

    def _started(self, announcement: Announcement) -> None:
        call = self._call(announcement, forget=False)
        if call is not None and self.on_started is not None:
            self.on_started(call)

    def _finished(self, announcement: Announcement) -> None:
        call = self._call(announcement, forget=True)
        spoken, self.tap.latest = self.tap.latest, None
        if (call is not None and spoken is not None and not spoken.muted
                and self.on_heard is not None):
            self.on_heard(call, spoken)
        if call is not None and self.on_finished is not None:
            self.on_finished(call)

    def _dropped(self, announcement: Announcement) -> None:
        call = self._call(announcement, forget=True)
        log.warning("announcement of %s dropped: too many calls at once",
                    call.number if call else announcement.label)
        if call is not None and self.on_finished is not None:
            self.on_finished(call)  # still light it on the screen
