"""The "ding-dong" played before every announcement, synthesized so no sound file is shipped.

A chime makes people look up before the voice starts, so the first words are not missed. Two
bell-like tones a major third apart (E5 then C5, the classic door chime), each with a short
attack, an exponential decay and a quieter octave partial, then a fade to exact silence so the
chime never ends in a click.
"""

from __future__ import annotations

import math
from array import array
from functools import cache
from typing import Final

from hardware.speech.pcm import SAMPLE_RATE, Pcm

DING_HZ: Final = 659.25  # E5
DONG_HZ: Final = 523.25  # C5
DONG_AT_S: Final = 0.32  # when the second tone starts
LENGTH_S: Final = 0.8
_ATTACK_S: Final = 0.006
_DECAY_S: Final = 0.22  # time constant of the exponential decay
_FADE_S: Final = 0.15  # linear fade-out at the end
_OCTAVE_LEVEL: Final = 0.25  # the upper partial that makes it sound like a bell, not a beep


def chime(
    rate: int = SAMPLE_RATE,
    *,
    ding_hz: float = DING_HZ,
    dong_hz: float = DONG_HZ,
    amplitude: float = 0.45,
) -> Pcm:
    """Return the two-tone chime as 16-bit mono PCM; ``amplitude`` is the peak (0..1)."""
    if not 0.0 < amplitude <= 1.0:
        msg = f"amplitude must be in (0, 1], got {amplitude}"
        raise ValueError(msg)
    return Pcm(array("h", _render(rate, ding_hz, dong_hz, amplitude)), rate)


@cache
def _render(rate: int, ding_hz: float, dong_hz: float, amplitude: float) -> bytes:
    """Compute the samples once per parameter set; every announcement reuses them."""
    count = round(LENGTH_S * rate)
    dong_start = round(DONG_AT_S * rate)
    fade = round(_FADE_S * rate)
    values = [0.0] * count
    _add_tone(values, rate, 0, ding_hz)
    _add_tone(values, rate, dong_start, dong_hz)
    for i in range(count - fade, count):  # fade to exactly zero at the last sample
        values[i] *= (count - 1 - i) / (fade - 1)
    loudest = max(abs(v) for v in values)
    gain = amplitude * 32767 / loudest
    return array("h", (round(v * gain) for v in values)).tobytes()


def _add_tone(values: list[float], rate: int, start: int, hz: float) -> None:
    """Mix one struck-bell tone into ``values`` from sample ``start`` on."""
    attack = max(1, round(_ATTACK_S * rate))
    two_pi = 2.0 * math.pi
    for n in range(len(values) - start):
        t = n / rate
        envelope = min(1.0, n / attack) * math.exp(-t / _DECAY_S)
        tone = math.sin(two_pi * hz * t) + _OCTAVE_LEVEL * math.sin(two_pi * 2 * hz * t)
        values[start + n] += envelope * tone
