"""The ding-dong chime: format, the two tones in order, a clean fade to silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardware.speech.chime import DING_HZ, DONG_AT_S, DONG_HZ, LENGTH_S, chime
from hardware.speech.pcm import read_wav, write_wav
from tests.hardware.speech.audio_checks import measure, tone_level, window


def test_chime_is_22050_hz_16_bit_and_under_a_second(artifacts_dir: Path) -> None:
    pcm = chime()
    assert pcm.rate == 22050
    assert pcm.duration_s == pytest.approx(LENGTH_S, abs=0.001)
    assert pcm.peak() == pytest.approx(0.45 * 32767, abs=2)
    path = artifacts_dir / "chime.wav"
    write_wav(path, pcm)
    assert list(read_wav(path).samples) == list(pcm.samples)
    print(measure(path, pcm))


def test_ding_comes_first_then_dong() -> None:
    pcm = chime()
    ding = window(pcm, 0.0, DONG_AT_S)
    dong = window(pcm, DONG_AT_S + 0.05, LENGTH_S - 0.1)
    off_pitch = 440.0  # A4: near both tones but part of neither
    assert tone_level(ding, DING_HZ) > 3000
    assert tone_level(ding, DONG_HZ) < tone_level(ding, DING_HZ) / 10
    assert tone_level(dong, DONG_HZ) > 1500
    assert tone_level(dong, DONG_HZ) > 2 * tone_level(dong, DING_HZ)  # the ding is decaying
    assert tone_level(ding, off_pitch) < 300
    assert tone_level(dong, off_pitch) < 300


def test_chime_fades_to_exact_silence_without_a_click() -> None:
    samples = chime().samples
    assert samples[-1] == 0
    tail = samples[-50:]
    assert max(abs(s) for s in tail) < 200
    assert samples[0] == 0  # starts from silence too


def test_chime_at_another_rate_and_bad_amplitude() -> None:
    assert chime(44100).duration_s == pytest.approx(LENGTH_S, abs=0.001)
    with pytest.raises(ValueError, match="amplitude"):
        chime(amplitude=1.5)
