"""Turn one announcement into one piece of audio: chime, pause, each utterance, volume applied.

Shared by the loudspeaker and the WAV writer so both produce exactly the same samples, and so
mute, volume and quiet hours behave the same whichever output is configured.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from hardware.speech.base import Utterance, check_utterances
from hardware.speech.chime import chime
from hardware.speech.pcm import SAMPLE_RATE, Pcm, joined, scaled, silence
from hardware.speech.policy import OutputPolicy

_LOGGER = logging.getLogger(__name__)

AFTER_CHIME_S: Final = 0.2
BETWEEN_UTTERANCES_S: Final = 0.45  # a breath between the languages of one call


class Synth(Protocol):
    """What the renderer needs from a speech engine (``EspeakSynth`` in production)."""

    def render(self, utterance: Utterance) -> tuple[Pcm, str]:
        """Return the samples of ``utterance`` and the id of the voice used."""
        ...

    def close(self) -> None:
        """Release the engine."""
        ...


@dataclass(frozen=True, slots=True, eq=False)
class RenderedAnnouncement:
    """The audio of one announcement; ``pcm`` is ``None`` when the policy silenced it."""

    utterances: tuple[Utterance, ...]
    pcm: Pcm | None
    voices: tuple[str, ...]

    @property
    def muted(self) -> bool:
        """True when the announcement was handled without sound."""
        return self.pcm is None


class AnnouncementRenderer:
    """Compose chime and speech at one sample rate and apply the output policy."""

    def __init__(
        self,
        synth: Synth,
        policy: OutputPolicy | None = None,
        *,
        with_chime: bool = True,
        rate: int = SAMPLE_RATE,
    ) -> None:
        self.synth = synth
        self.policy = policy or OutputPolicy()
        self.with_chime = with_chime
        self.rate = rate

    def render(self, utterances: Sequence[Utterance]) -> RenderedAnnouncement:
        """Render the announcement, or skip synthesis entirely when it must be silent."""
        items = check_utterances(utterances)
        if self.policy.silent_now():
            _LOGGER.info("speech: announcement muted (mute or quiet hours)")
            return RenderedAnnouncement(items, None, ())
        parts: list[Pcm] = []
        if self.with_chime:
            parts += [chime(self.rate), silence(AFTER_CHIME_S, self.rate)]
        voices: list[str] = []
        for index, utterance in enumerate(items):
            if index:
                parts.append(silence(BETWEEN_UTTERANCES_S, self.rate))
            pcm, voice = self.synth.render(utterance)
            parts.append(pcm)
            voices.append(voice)
        audio = joined(parts, self.rate)
        return RenderedAnnouncement(items, scaled(audio, self.policy.volume), tuple(voices))

    def close(self) -> None:
        """Close the synth (and its worker thread)."""
        self.synth.close()
