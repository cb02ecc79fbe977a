"""A speaker that only records what it was asked to say (``"output": "fake"`` in config).

For app tests and demos that must not depend on eSpeak: it keeps every announcement, honours
mute and quiet hours like the real outputs, and can pretend to take time to speak so the
display's highlight timing can be exercised.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from hardware.speech.base import (
    Speaker,
    SpeechError,
    SpokenAnnouncement,
    Utterance,
    check_utterances,
)
from hardware.speech.policy import OutputPolicy


class SpeakerFake(Speaker):
    """Record announcements in ``spoken``; no audio, no engine, no thread."""

    def __init__(
        self,
        policy: OutputPolicy | None = None,
        *,
        seconds_per_utterance: float = 0.0,
    ) -> None:
        self.policy = policy or OutputPolicy()
        self.seconds_per_utterance = seconds_per_utterance
        self.spoken: list[SpokenAnnouncement] = []
        self.closed = False
        self._lock = threading.Lock()

    def speak(
        self, utterances: Sequence[Utterance], *, label: str = ""
    ) -> SpokenAnnouncement | None:
        """Record the announcement, after sleeping as long as it would take to say it."""
        if self.closed:
            msg = "speaker is closed"
            raise SpeechError(msg)
        items = check_utterances(utterances)
        if self.policy.silent_now():
            result = SpokenAnnouncement(items, label, muted=True)
        else:
            duration = self.seconds_per_utterance * len(items)
            if duration:
                time.sleep(duration)
            result = SpokenAnnouncement(
                items, label, duration_s=duration, voices=tuple(f"fake/{u.lang}" for u in items)
            )
        with self._lock:
            self.spoken.append(result)
        return result

    @property
    def texts(self) -> list[str]:
        """Every utterance text spoken so far, in order (handy in assertions)."""
        with self._lock:
            return [u.text for item in self.spoken for u in item.utterances]

    def close(self) -> None:
        """Mark closed; later ``speak`` calls fail like a real closed speaker."""
        self.closed = True
