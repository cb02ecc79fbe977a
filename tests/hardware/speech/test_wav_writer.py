"""--audio-out mode with the real engine: one measured WAV per announcement, policy applied."""

from __future__ import annotations

import datetime as dt
import wave
from pathlib import Path

import pytest

from hardware.speech import SpeakerWav, read_wav, speaker_from_config
from hardware.speech.chime import DING_HZ, DONG_AT_S, DONG_HZ, LENGTH_S
from hardware.speech.render import AFTER_CHIME_S, BETWEEN_UTTERANCES_S
from tests.hardware.speech.audio_checks import measure, sox_stats, tone_level, window
from tests.hardware.speech.helpers import SettableClock, call

VOICE_SUFFIX = {"en": "/en-us", "zh": "/cmn-latn-pinyin", "ru": "/ru"}


@pytest.fixture
def wav_dir(artifacts_dir: Path) -> Path:
    """The test's artifacts folder, emptied of recordings from earlier runs."""
    for old in artifacts_dir.glob("*.wav"):
        old.unlink()
    return artifacts_dir


def wav_speaker(directory: Path, **cfg: object) -> SpeakerWav:
    speaker = speaker_from_config({"output": "wav", "dir": str(directory), **cfg})
    assert isinstance(speaker, SpeakerWav)
    return speaker


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_real_announcement_of_a042_to_counter_3(lang: str, wav_dir: Path) -> None:
    with wav_speaker(wav_dir) as speaker:
        result = speaker.speak([call(lang)], label="A042")
    assert result is not None
    assert not result.muted
    assert result.path == wav_dir / f"0001-A042-{lang}.wav"
    assert result.voices[0].endswith(VOICE_SUFFIX[lang])
    with wave.open(str(result.path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
    pcm = read_wav(result.path)
    report = f"{lang}: {call(lang).text!r} -> {measure(result.path, pcm)}"
    (wav_dir / "measurements.txt").write_text(report + "\n", encoding="utf-8")
    print(report)

    assert 1.5 <= pcm.duration_s <= 8.0
    assert result.duration_s == pytest.approx(pcm.duration_s)
    stats = sox_stats(result.path)
    if stats:
        assert stats["Length s"] == pytest.approx(pcm.duration_s, abs=0.002)
    # The chime opens the file: the ding, then the dong, then a pause before the voice.
    assert tone_level(window(pcm, 0.0, DONG_AT_S), DING_HZ) > 3000
    assert tone_level(window(pcm, DONG_AT_S + 0.05, LENGTH_S - 0.1), DONG_HZ) > 1500
    assert window(pcm, LENGTH_S, LENGTH_S + 0.15).rms() < 50
    # Then real speech, well above silence, for at least a second.
    speech = window(pcm, LENGTH_S + 0.2, pcm.duration_s)
    assert speech.rms() > 1500
    loud_windows = sum(
        window(speech, t / 10, t / 10 + 0.1).rms() > 500 for t in range(int(speech.duration_s * 10))
    )
    assert loud_windows >= 10


def test_one_file_for_a_multilingual_announcement(wav_dir: Path) -> None:
    with wav_speaker(wav_dir) as speaker:
        singles = [speaker.speak([call(lang)], label="A042") for lang in ("en", "zh", "ru")]
        both = speaker.speak([call("en"), call("zh"), call("ru")], label="A042")
    assert both is not None
    assert both.path is not None
    assert both.path.name == "0004-A042-en+zh+ru.wav"
    assert len(both.voices) == 3
    assert len({v.rsplit("/", 1)[-1] for v in both.voices}) == 3
    intro = LENGTH_S + AFTER_CHIME_S
    speech = sum(s.duration_s - intro for s in singles if s)
    assert both.duration_s == pytest.approx(intro + speech + 2 * BETWEEN_UTTERANCES_S, abs=0.05)
    print(measure(both.path, read_wav(both.path)))


def test_numbering_continues_after_existing_files(tmp_path: Path) -> None:
    (tmp_path / "0041-B007-ru.wav").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a recording")
    with wav_speaker(tmp_path, chime=False) as speaker:
        first = speaker.speak([call("en", "B8")], label="B8")
        second = speaker.speak([call("en", "B9")])
    assert first is not None
    assert second is not None
    assert first.path is not None
    assert second.path is not None
    assert (first.path.name, second.path.name) == ("0042-B8-en.wav", "0043-en.wav")
    assert first.duration_s < 4.0  # no chime
    assert tone_level(window(read_wav(first.path), 0.0, 0.3), DING_HZ) < 300


def test_volume_half_halves_the_rms(tmp_path: Path, wav_dir: Path) -> None:
    with wav_speaker(tmp_path / "full") as full, wav_speaker(wav_dir, volume=0.5) as half:
        loud = full.speak([call("en")], label="A042")
        soft = half.speak([call("en")], label="A042")
    assert loud is not None
    assert soft is not None
    assert loud.path is not None
    assert soft.path is not None
    a, b = read_wav(loud.path), read_wav(soft.path)
    assert a.duration_s == pytest.approx(b.duration_s, abs=0.01)  # not sample-identical
    ratio = b.rms() / a.rms()
    print(f"volume 1.0: RMS {a.rms():.0f}; volume 0.5: RMS {b.rms():.0f}; ratio {ratio:.3f}")
    assert ratio == pytest.approx(0.5, abs=0.01)
    assert b.peak() == pytest.approx(a.peak() / 2, rel=0.05)


def test_muted_announcements_are_handled_without_sound(tmp_path: Path) -> None:
    with wav_speaker(tmp_path, muted=True) as speaker:
        result = speaker.speak([call("en"), call("ru")], label="A042")
    assert result is not None
    assert result.muted
    assert result.path is None
    assert result.duration_s == 0.0
    assert result.voices == ()
    assert [u.lang for u in result.utterances] == ["en", "ru"]
    assert list(tmp_path.iterdir()) == []


def test_quiet_hours_follow_the_injected_clock(tmp_path: Path, clock: SettableClock) -> None:
    speaker = speaker_from_config(
        {"output": "wav", "dir": str(tmp_path), "quiet_hours": "22:00-07:00"}, clock=clock
    )
    with speaker:
        clock.now = dt.time(23, 15)
        night = speaker.speak([call("en")], label="A001")
        clock.now = dt.time(6, 59)
        dawn = speaker.speak([call("en")], label="A002")
        clock.now = dt.time(7, 0)
        morning = speaker.speak([call("en")], label="A003")
    assert night is not None
    assert dawn is not None
    assert morning is not None
    assert (night.muted, dawn.muted, morning.muted) == (True, True, False)
    assert [p.name for p in tmp_path.iterdir()] == ["0001-A003-en.wav"]
    assert read_wav(tmp_path / "0001-A003-en.wav").rms() > 1000


def test_an_empty_announcement_is_refused(tmp_path: Path) -> None:
    with wav_speaker(tmp_path) as speaker, pytest.raises(ValueError, match="at least one"):
        speaker.speak([])
