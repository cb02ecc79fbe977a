"""PCM helpers: WAV round trips, format conversion, joining and volume."""

from __future__ import annotations

import math
import struct
import wave
from array import array
from pathlib import Path

import pytest

from hardware.speech.pcm import Pcm, joined, read_wav, resampled, scaled, silence, write_wav
from tests.hardware.speech.audio_checks import tone_level


def sine(hz: float, seconds: float, rate: int, amplitude: int = 10000) -> Pcm:
    step = 2 * math.pi * hz / rate
    return Pcm(
        array("h", (round(amplitude * math.sin(step * n)) for n in range(round(seconds * rate)))),
        rate,
    )


def test_wav_round_trip_keeps_every_sample(tmp_path: Path) -> None:
    pcm = sine(440, 0.1, 22050)
    write_wav(tmp_path / "a.wav", pcm)
    with wave.open(str(tmp_path / "a.wav")) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
    back = read_wav(tmp_path / "a.wav")
    assert back.rate == 22050
    assert list(back.samples) == list(pcm.samples)


def test_stereo_44100_file_is_converted_to_mono_22050(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    src = sine(1000, 0.5, 44100)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(44100)
        wav.writeframes(b"".join(struct.pack("<hh", s, s // 2) for s in src.samples))
    mono = read_wav(path)
    assert mono.rate == 44100
    assert mono.peak() == pytest.approx(7500, abs=5)  # (s + s/2) / 2
    converted = resampled(mono, 22050)
    assert converted.rate == 22050
    assert converted.duration_s == pytest.approx(0.5, abs=0.001)
    assert tone_level(converted, 1000) == pytest.approx(7500, rel=0.02)


@pytest.mark.parametrize("width", [1, 3, 4])
def test_other_sample_widths_are_read_as_16_bit(tmp_path: Path, width: int) -> None:
    path = tmp_path / f"w{width}.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(width)
        wav.setframerate(8000)
        if width == 1:
            wav.writeframes(bytes([128, 255, 0]))  # 0, near max, min
        else:
            frames = [0, 2 ** (8 * width - 1) - 1, -(2 ** (8 * width - 1))]
            wav.writeframes(b"".join(v.to_bytes(width, "little", signed=True) for v in frames))
    samples = list(read_wav(path).samples)
    assert samples[0] == 0
    assert samples[1] > 32000
    assert samples[2] == -32768


def test_join_converts_every_part_to_one_rate() -> None:
    parts = [sine(500, 0.2, 22050), silence(0.1, 16000), sine(500, 0.3, 44100)]
    out = joined(parts, 22050)
    assert out.rate == 22050
    assert out.duration_s == pytest.approx(0.6, abs=0.001)
    assert tone_level(Pcm(out.samples[-2205:], 22050), 500) == pytest.approx(10000, rel=0.03)


def test_volume_scales_rms_and_clips_instead_of_wrapping() -> None:
    pcm = sine(440, 0.2, 22050, amplitude=20000)
    assert scaled(pcm, 0.5).rms() == pytest.approx(pcm.rms() / 2, rel=0.001)
    assert scaled(pcm, 0.0).peak() == 0
    loud = scaled(pcm, 3.0)
    assert loud.peak() == 32768 or loud.peak() == 32767
    assert min(loud.samples) == -32768  # clipped, not wrapped around


def test_silence_is_silent() -> None:
    quiet = silence(0.25)
    assert quiet.duration_s == pytest.approx(0.25, abs=1 / 22050)
    assert quiet.rms() == 0.0
