"""The one interface every speech output implements, and the values it passes around.

A speaker receives text that is already composed and a language code; it knows nothing about
tickets or queues. ``label`` is an opaque tag (the caller passes the ticket number) used only for
file names and logs.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, Self

Lang = Literal["en", "zh", "ru"]
LANGS: Final[tuple[Lang, ...]] = ("en", "zh", "ru")


class SpeechError(RuntimeError):
    """The speech engine could not render an utterance (missing voice, engine failure)."""


@dataclass(frozen=True, slots=True)
class Utterance:
    """One sentence in one language: the unit the engine is given with a single voice."""

    text: str
    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            msg = f"Utterance.lang must be one of {', '.join(LANGS)}, got {self.lang!r}"
            raise ValueError(msg)
        # pyttsx3's eSpeak loop never ends when it is given nothing to say.
        if not self.text.strip():
            msg = "Utterance.text must not be empty"
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class SpokenAnnouncement:
    """What a speaker did with one announcement, so callers can log or check it.

    ``muted`` announcements were handled on purpose without sound (mute or quiet hours);
    ``path`` is the WAV file that was written (``None`` when nothing was kept);
    ``voices`` are the eSpeak voice ids used, one per utterance (empty when muted).
    """

    utterances: tuple[Utterance, ...]
    label: str = ""
    muted: bool = False
    duration_s: float = 0.0
    path: Path | None = None
    voices: tuple[str, ...] = field(default=())


class Speaker(abc.ABC):
    """Plays or writes announcements: a chime, then each utterance in order."""

    @abc.abstractmethod
    def speak(
        self, utterances: Sequence[Utterance], *, label: str = ""
    ) -> SpokenAnnouncement | None:
        """Render and play (or write) one announcement; block until it is done.

        Returns ``None`` when the announcement could not be heard because the output is not
        available (for example no sound card); raises ``SpeechError`` when synthesis fails.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Release the engine and its thread; the speaker cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def check_utterances(utterances: Sequence[Utterance]) -> tuple[Utterance, ...]:
    """Freeze and validate the utterances of one announcement (at least one is needed)."""
    frozen = tuple(utterances)
    if not frozen:
        msg = "an announcement needs at least one utterance"
        raise ValueError(msg)
    for item in frozen:
        if not isinstance(item, Utterance):
            msg = f"expected Utterance, got {type(item).__name__}"
            raise TypeError(msg)
    return frozen
