"""Loudspeaker output: plays through an external player, reports a missing sound card."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from hardware.speech import (
    AnnouncementRenderer,
    EspeakSynth,
    OutputPolicy,
    SpeakerPyttsx3,
    read_wav,
)
from hardware.speech.chime import DING_HZ
from tests.hardware.speech.audio_checks import measure, tone_level, window
from tests.hardware.speech.helpers import call


def copying_player(target: Path, fail_flag: Path | None = None) -> tuple[str, ...]:
    """A stand-in for aplay: copies the file it is asked to play, or fails like ALSA does."""
    code = (
        "import pathlib, shutil, sys\n"
        f"if {str(fail_flag)!r} != 'None' and pathlib.Path({str(fail_flag)!r}).exists():\n"
        "    sys.exit('ALSA lib pcm.c: Unknown PCM default')\n"
        f"shutil.copy(sys.argv[-1], {str(target)!r})\n"
    )
    return (sys.executable, "-c", code)


def speaker(players: list[tuple[str, ...]], policy: OutputPolicy | None = None) -> SpeakerPyttsx3:
    return SpeakerPyttsx3(AnnouncementRenderer(EspeakSynth(), policy), players=players)


def test_announcement_is_played_as_one_wav_with_the_chime(artifacts_dir: Path) -> None:
    played = artifacts_dir / "played.wav"
    played.unlink(missing_ok=True)
    with speaker([copying_player(played)]) as out:
        assert out.probe()
        result = out.speak([call("en"), call("ru")], label="A042")
        assert out.audio_ok
        assert out.audio_error is None
    assert result is not None
    assert not result.muted
    assert result.path is None  # the temporary file is gone after playing
    pcm = read_wav(played)
    print(measure(played, pcm))
    assert pcm.duration_s == pytest.approx(result.duration_s)
    assert tone_level(window(pcm, 0.0, 0.3), DING_HZ) > 3000
    assert window(pcm, 1.0, pcm.duration_s).rms() > 1500


def test_failing_player_is_reported_not_raised_and_recovers(tmp_path: Path) -> None:
    flag = tmp_path / "no-sound-card"
    flag.touch()
    with speaker([copying_player(tmp_path / "out.wav", flag)]) as out:
        assert out.speak([call("en")], label="A042") is None
        assert not out.audio_ok
        assert out.audio_error is not None
        assert "Unknown PCM default" in out.audio_error
        flag.unlink()  # the sound card is back
        assert out.speak([call("en")], label="A042") is not None
        assert out.audio_ok


def test_no_player_installed() -> None:
    with speaker([("no-such-audio-player-xyz", "-q")]) as out:
        assert not out.audio_ok
        assert out.player is None
        assert "no audio player found" in (out.audio_error or "")
        assert not out.probe()
        assert out.speak([call("en")]) is None


def test_mute_is_handled_even_without_a_player() -> None:
    with speaker([("no-such-audio-player-xyz",)], OutputPolicy(muted=True)) as out:
        result = out.speak([call("zh")], label="A042")
    assert result is not None
    assert result.muted


@pytest.mark.skipif(shutil.which("play") is None, reason="sox's play is not installed")
@pytest.mark.skipif(Path("/dev/snd").exists(), reason="this machine has a sound card")
def test_real_player_without_a_sound_card_sets_audio_ok_false() -> None:
    with speaker([("play", "-q")]) as out:
        assert out.player is not None
        assert not out.probe()
        assert out.speak([call("en")], label="A042") is None
        assert not out.audio_ok
        print("audio_error:", out.audio_error)
        assert "play exited" in (out.audio_error or "")
