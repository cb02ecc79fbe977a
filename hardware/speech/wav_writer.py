"""``--audio-out DIR`` mode: every announcement becomes one WAV file instead of sound.

Used on machines without a sound card (CI, demos, the developers' machines) and to keep a
record of what was said. Files sort in speaking order: ``0001-A042-en+zh.wav`` is sequence
number, label (the ticket number) and languages. Numbering continues after the files already
in the folder, so a restarted display never overwrites earlier announcements.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from hardware.speech.base import Speaker, SpokenAnnouncement, Utterance
from hardware.speech.pcm import write_wav
from hardware.speech.render import AnnouncementRenderer

_LOGGER = logging.getLogger(__name__)
_SEQUENCE_RE: Final = re.compile(r"^(\d{4,})-")
_UNSAFE_RE: Final = re.compile(r"[^\w.]+")


class SpeakerWav(Speaker):
    """Write each announcement (chime plus all its utterances) as one 16-bit mono WAV."""

    def __init__(self, directory: Path, renderer: AnnouncementRenderer) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._renderer = renderer
        self._lock = threading.Lock()
        self._next = 1 + max(
            (
                int(match.group(1))
                for entry in self.directory.iterdir()
                if (match := _SEQUENCE_RE.match(entry.name))
            ),
            default=0,
        )

    def speak(
        self, utterances: Sequence[Utterance], *, label: str = ""
    ) -> SpokenAnnouncement | None:
        """Render the announcement and write it; muted ones are reported but write no file."""
        rendered = self._renderer.render(utterances)
        if rendered.pcm is None:
            return SpokenAnnouncement(rendered.utterances, label, muted=True)
        with self._lock:
            path = self.directory / file_name(self._next, label, rendered.utterances)
            self._next += 1
        write_wav(path, rendered.pcm)
        _LOGGER.info("speech: wrote %s (%.2f s)", path.name, rendered.pcm.duration_s)
        return SpokenAnnouncement(
            rendered.utterances,
            label,
            duration_s=rendered.pcm.duration_s,
            path=path,
            voices=rendered.voices,
        )

    def close(self) -> None:
        """Close the renderer's engine."""
        self._renderer.close()


def file_name(sequence: int, label: str, utterances: Sequence[Utterance]) -> str:
    """Build "0001-A042-en+zh.wav": sortable number, safe label, languages in order."""
    langs = "+".join(dict.fromkeys(u.lang for u in utterances))
    safe = _UNSAFE_RE.sub("_", label).strip("._")
    middle = f"-{safe}" if safe else ""
    return f"{sequence:04d}{middle}-{langs}.wav"
