"""16-bit mono PCM in memory: read, convert, join, scale and write WAV with the stdlib only.

Every part of an announcement (chime, one render per language) is brought to one format here
before it is joined, so a file never mixes sample rates. ``audioop`` is deprecated and numpy
is not a dependency, hence plain ``array`` arithmetic; announcements are a few seconds long.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

SAMPLE_RATE: Final = 22050  # what eSpeak NG (through pyttsx3) produces
_MAX: Final = 32767
_MIN: Final = -32768


@dataclass(frozen=True, slots=True, eq=False)
class Pcm:
    """Signed 16-bit mono samples at ``rate`` Hz."""

    samples: array[int]
    rate: int = SAMPLE_RATE

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.rate

    def rms(self) -> float:
        """Root mean square on the 16-bit scale (0 for silence)."""
        if not self.samples:
            return 0.0
        return math.sqrt(math.fsum(s * s for s in self.samples) / len(self.samples))

    def peak(self) -> int:
        """Largest absolute sample value."""
        return max((abs(s) for s in self.samples), default=0)


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Pcm:
    """Return ``seconds`` of digital silence, used as the gap between parts."""
    return Pcm(array("h", bytes(2 * round(seconds * rate))), rate)


def scaled(pcm: Pcm, gain: float) -> Pcm:
    """Multiply every sample by ``gain`` (clipped), the software volume control."""
    if gain == 1.0:
        return Pcm(array("h", pcm.samples), pcm.rate)
    return Pcm(array("h", (_clip(round(s * gain)) for s in pcm.samples)), pcm.rate)


def resampled(pcm: Pcm, rate: int) -> Pcm:
    """Convert to ``rate`` Hz by linear interpolation (good enough for speech and chimes)."""
    if rate <= 0:
        msg = f"sample rate must be positive, got {rate}"
        raise ValueError(msg)
    if rate == pcm.rate or not pcm.samples:
        return Pcm(array("h", pcm.samples), rate)
    src = pcm.samples
    count = max(1, round(len(src) * rate / pcm.rate))
    step = pcm.rate / rate
    last = len(src) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = src[last]
            continue
        frac = pos - j
        out[i] = round(src[j] + (src[j + 1] - src[j]) * frac)
    return Pcm(out, rate)


def joined(parts: Sequence[Pcm], rate: int = SAMPLE_RATE) -> Pcm:
    """Concatenate parts after converting each to ``rate``."""
    out = array("h")
    for part in parts:
        out.extend(resampled(part, rate).samples if part.rate != rate else part.samples)
    return Pcm(out, rate)


def read_wav(path: Path) -> Pcm:
    """Read a PCM WAV (8/16/24/32-bit, any channel count) as 16-bit mono."""
    with wave.open(str(path), "rb") as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        raw = wav.readframes(wav.getnframes())
    values = _decode(raw, width)
    if channels > 1:
        values = array(
            "h",
            (
                _clip(round(sum(values[i : i + channels]) / channels))
                for i in range(0, len(values) - channels + 1, channels)
            ),
        )
    return Pcm(values, rate)


def write_wav(path: Path, pcm: Pcm) -> None:
    """Write 16-bit mono little-endian PCM."""
    data = array("h", pcm.samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(pcm.rate)
        wav.writeframes(data.tobytes())


def _decode(raw: bytes, width: int) -> array[int]:
    """Turn little-endian WAV sample bytes of ``width`` bytes into 16-bit values."""
    if width == 2:
        values = array("h", raw[: len(raw) - len(raw) % 2])
        if sys.byteorder == "big":
            values.byteswap()
        return values
    if width == 1:  # unsigned 8-bit
        return array("h", ((b - 128) << 8 for b in raw))
    if width in (3, 4):
        ints: Iterable[int] = (
            int.from_bytes(raw[i : i + width], "little", signed=True) >> (8 * (width - 2))
            for i in range(0, len(raw) - width + 1, width)
        )
        return array("h", ints)
    msg = f"unsupported WAV sample width: {width} bytes"
    raise ValueError(msg)


def _clip(value: int) -> int:
    return _MAX if value > _MAX else max(value, _MIN)
