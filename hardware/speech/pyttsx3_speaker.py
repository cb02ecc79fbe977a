"""Announcements through the loudspeaker: render with pyttsx3/eSpeak, then play the WAV.

pyttsx3's own ``say()`` shells out to ``aplay`` after synthesis and swallows every error, so a
display without a sound card would never know it is silent. Instead the announcement is
rendered to a temporary WAV (chime and speech in one file, so there is no gap between them) and
played with the first player found (``aplay``, ``paplay`` or sox's ``play``). A failed or
missing player makes ``audio_ok`` false, with the reason in ``audio_error``, and ``speak``
returns ``None``; nothing is raised, the display keeps running.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from hardware.speech.base import Speaker, SpokenAnnouncement, Utterance
from hardware.speech.pcm import Pcm, silence, write_wav
from hardware.speech.render import AnnouncementRenderer

_LOGGER = logging.getLogger(__name__)

DEFAULT_PLAYERS: Final[tuple[tuple[str, ...], ...]] = (
    ("aplay", "-q"),
    ("paplay",),
    ("play", "-q"),
)
_PLAY_MARGIN_S: Final = 10.0  # how much longer than the audio a player may take


class SpeakerPyttsx3(Speaker):
    """Play announcements on the default audio output."""

    def __init__(
        self,
        renderer: AnnouncementRenderer,
        *,
        players: Sequence[Sequence[str]] = DEFAULT_PLAYERS,
    ) -> None:
        self._renderer = renderer
        self._player = _find_player(players)
        self._audio_error: str | None = (
            None
            if self._player
            else "no audio player found (tried: " + ", ".join(p[0] for p in players if p) + ")"
        )
        self._warned = False

    @property
    def audio_ok(self) -> bool:
        """False when no player exists or the last playback failed (e.g. no sound card)."""
        return self._audio_error is None

    @property
    def audio_error(self) -> str | None:
        """Why audio is not working, for the display's status line."""
        return self._audio_error

    @property
    def player(self) -> tuple[str, ...] | None:
        """The player command in use, if any."""
        return self._player

    def probe(self) -> bool:
        """Play 50 ms of silence to find out now whether audio works; return ``audio_ok``."""
        if self._player is not None:
            self._play(silence(0.05))
        return self.audio_ok

    def speak(
        self, utterances: Sequence[Utterance], *, label: str = ""
    ) -> SpokenAnnouncement | None:
        """Render and play; ``None`` when it could not be played (see ``audio_error``)."""
        rendered = self._renderer.render(utterances)
        if rendered.pcm is None:
            return SpokenAnnouncement(rendered.utterances, label, muted=True)
        if self._player is None or not self._play(rendered.pcm):
            return None
        return SpokenAnnouncement(
            rendered.utterances,
            label,
            duration_s=rendered.pcm.duration_s,
            voices=rendered.voices,
        )

    def close(self) -> None:
        """Close the renderer's engine."""
        self._renderer.close()

    def _play(self, pcm: Pcm) -> bool:
        """Play through the player; record the outcome in ``audio_error``."""
        assert self._player is not None
        with tempfile.TemporaryDirectory(prefix="nowserving-play-") as tmp:
            path = Path(tmp) / "announcement.wav"
            write_wav(path, pcm)
            try:
                done = subprocess.run(
                    [*self._player, str(path)],
                    capture_output=True,
                    text=True,
                    timeout=pcm.duration_s + _PLAY_MARGIN_S,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                return self._failed(f"{self._player[0]}: {exc}")
        if done.returncode != 0:
            tail = (done.stderr or "").strip().splitlines()[-1:] or ["no message"]
            return self._failed(f"{self._player[0]} exited {done.returncode}: {tail[0]}")
        if self._audio_error is not None:
            _LOGGER.info("speech: audio output works again")
        self._audio_error = None
        self._warned = False
        return True

    def _failed(self, reason: str) -> bool:
        self._audio_error = reason
        # Warn once per outage, not once per announcement.
        (_LOGGER.debug if self._warned else _LOGGER.warning)("speech: cannot play: %s", reason)
        self._warned = True
        return False


def _find_player(players: Sequence[Sequence[str]]) -> tuple[str, ...] | None:
    for argv in players:
        if argv and (found := shutil.which(argv[0])):
            return (found, *argv[1:])
    return None
