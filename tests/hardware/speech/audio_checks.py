"""Measurements on real audio: tone level (Goertzel), RMS per window, sox's own statistics."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

from hardware.speech import Pcm


def window(pcm: Pcm, start_s: float, end_s: float) -> Pcm:
    """The samples between two times, as a new Pcm."""
    a, b = round(start_s * pcm.rate), round(end_s * pcm.rate)
    return Pcm(pcm.samples[a:b], pcm.rate)


def tone_level(pcm: Pcm, hz: float) -> float:
    """Amplitude (16-bit scale) of the ``hz`` component over the whole Pcm (Goertzel)."""
    coeff = 2.0 * math.cos(2.0 * math.pi * hz / pcm.rate)
    s1 = s2 = 0.0
    for x in pcm.samples:
        s1, s2 = x + coeff * s1 - s2, s1
    power = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return 2.0 * math.sqrt(max(power, 0.0)) / max(len(pcm.samples), 1)


def sox_stats(path: Path) -> dict[str, float]:
    """Run ``sox FILE -n stats`` and return its numeric lines ({} when sox is missing)."""
    if shutil.which("sox") is None:
        return {}
    done = subprocess.run(
        ["sox", str(path), "-n", "stats"], capture_output=True, text=True, check=True
    )
    stats: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"^(\S.*?)\s{2,}(-?[\d.]+)", line)
        if match:
            stats[match.group(1)] = float(match.group(2))
    return stats


def measure(path: Path, pcm: Pcm) -> str:
    """One line for the report: duration, RMS, peak and sox's view of the same file."""
    stats = sox_stats(path)
    sox = (
        f" | sox: length {stats['Length s']:.3f} s, RMS {stats['RMS lev dB']:.1f} dBFS"
        if stats
        else ""
    )
    rms_db = 20 * math.log10(max(pcm.rms(), 1e-9) / 32768)
    return (
        f"{path.name}: {pcm.duration_s:.3f} s, RMS {pcm.rms():.0f} ({rms_db:.1f} dBFS), "
        f"peak {pcm.peak()}{sox}"
    )
