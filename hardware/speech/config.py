"""Build the configured speaker from a plain dict (the display's settings file).

Keys: ``output`` ("audio" | "wav" | "fake", default "audio"), ``dir`` (required for "wav"),
``volume`` (0.0-1.0), ``muted`` (bool), ``rate`` (words per minute), ``quiet_hours``
("22:00-07:00" or empty), ``chime`` (bool). Unknown keys are rejected so a typo does not
silently fall back to a default; every error is a ``ValueError`` that names the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from hardware.speech.base import Speaker
from hardware.speech.fake import SpeakerFake
from hardware.speech.policy import Clock, OutputPolicy, QuietHours, local_time
from hardware.speech.pyttsx3_speaker import SpeakerPyttsx3
from hardware.speech.render import AnnouncementRenderer
from hardware.speech.synth import DEFAULT_RATE_WPM, MAX_RATE_WPM, MIN_RATE_WPM, EspeakSynth
from hardware.speech.wav_writer import SpeakerWav

OUTPUTS: Final = ("audio", "wav", "fake")
KNOWN_KEYS: Final = frozenset({"output", "dir", "volume", "muted", "rate", "quiet_hours", "chime"})


def speaker_from_config(cfg: Mapping[str, Any], *, clock: Clock = local_time) -> Speaker:
    """Return the speaker ``cfg`` asks for; ``clock`` gives local time for quiet hours."""
    unknown = sorted(set(cfg) - KNOWN_KEYS)
    if unknown:
        msg = f"speech config: unknown field(s) {', '.join(map(repr, unknown))}"
        raise ValueError(msg)
    output = cfg.get("output", "audio")
    if output not in OUTPUTS:
        msg = f"speech config: 'output' must be one of {', '.join(OUTPUTS)}, got {output!r}"
        raise ValueError(msg)
    policy = policy_from_config(cfg, clock=clock)
    rate = cfg.get("rate", DEFAULT_RATE_WPM)
    if (
        isinstance(rate, bool)
        or not isinstance(rate, int)
        or not (MIN_RATE_WPM <= rate <= MAX_RATE_WPM)
    ):
        msg = (
            f"speech config: 'rate' must be an integer {MIN_RATE_WPM}..{MAX_RATE_WPM} "
            f"(words per minute), got {rate!r}"
        )
        raise ValueError(msg)
    with_chime = _bool(cfg, "chime", default=True)
    directory = cfg.get("dir")
    if output == "wav" and not isinstance(directory, str | Path):
        msg = f"speech config: 'dir' (a folder) is required for output 'wav', got {directory!r}"
        raise ValueError(msg)
    if output == "fake":
        return SpeakerFake(policy)
    renderer = AnnouncementRenderer(EspeakSynth(rate_wpm=rate), policy, with_chime=with_chime)
    if output == "wav":
        assert isinstance(directory, str | Path)
        return SpeakerWav(Path(directory), renderer)
    return SpeakerPyttsx3(renderer)


def policy_from_config(cfg: Mapping[str, Any], *, clock: Clock = local_time) -> OutputPolicy:
    """Read ``volume``, ``muted`` and ``quiet_hours`` into an ``OutputPolicy``."""
    volume = cfg.get("volume", 1.0)
    if (
        isinstance(volume, bool)
        or not isinstance(volume, int | float)
        or not (0.0 <= volume <= 1.0)
    ):
        msg = f"speech config: 'volume' must be a number from 0.0 to 1.0, got {volume!r}"
        raise ValueError(msg)
    muted = _bool(cfg, "muted", default=False)
    quiet = cfg.get("quiet_hours")
    quiet_hours = None
    if quiet not in (None, ""):
        if not isinstance(quiet, str):
            msg = f"speech config: 'quiet_hours' must be a string like '22:00-07:00', got {quiet!r}"
            raise ValueError(msg)
        try:
            quiet_hours = QuietHours.parse(quiet)
        except ValueError as exc:
            msg = f"speech config: 'quiet_hours': {exc}"
            raise ValueError(msg) from exc
    return OutputPolicy(float(volume), muted, quiet_hours, clock)


def _bool(cfg: Mapping[str, Any], key: str, *, default: bool) -> bool:
    value = cfg.get(key, default)
    if not isinstance(value, bool):
        msg = f"speech config: {key!r} must be true or false, got {value!r}"
        raise ValueError(msg)
    return value
