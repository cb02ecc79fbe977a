"""Choosing and configuring the speaker from a plain dict, with errors that name the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hardware.speech import (
    SpeakerFake,
    SpeakerPyttsx3,
    SpeakerWav,
    policy_from_config,
    speaker_from_config,
)
from tests.hardware.speech.helpers import SettableClock


def test_fake_is_selectable_and_honours_the_policy(clock: SettableClock) -> None:
    speaker = speaker_from_config(
        {"output": "fake", "volume": 0.3, "quiet_hours": "22:00-07:00"}, clock=clock
    )
    assert isinstance(speaker, SpeakerFake)
    assert speaker.policy.volume == pytest.approx(0.3)
    clock.now = dt.time(23, 30)
    assert speaker.policy.silent_now()
    speaker.close()


def test_wav_output_needs_and_creates_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "audio" / "out"
    with speaker_from_config({"output": "wav", "dir": str(folder), "rate": 170}) as speaker:
        assert isinstance(speaker, SpeakerWav)
        assert speaker.directory == folder
        assert folder.is_dir()


def test_audio_is_the_default_output() -> None:
    with speaker_from_config({}) as speaker:
        assert isinstance(speaker, SpeakerPyttsx3)


def test_policy_defaults() -> None:
    policy = policy_from_config({})
    assert (policy.volume, policy.muted, policy.quiet_hours) == (1.0, False, None)
    assert policy_from_config({"quiet_hours": ""}).quiet_hours is None


@pytest.mark.parametrize(
    ("cfg", "field"),
    [
        ({"output": "speaker"}, "'output'"),
        ({"output": "wav"}, "'dir'"),
        ({"output": "wav", "dir": 3}, "'dir'"),
        ({"volume": 1.5}, "'volume'"),
        ({"volume": "loud"}, "'volume'"),
        ({"volume": True}, "'volume'"),
        ({"muted": "yes"}, "'muted'"),
        ({"rate": 20}, "'rate'"),
        ({"rate": 150.5}, "'rate'"),
        ({"quiet_hours": "late"}, "'quiet_hours'"),
        ({"quiet_hours": 22}, "'quiet_hours'"),
        ({"chime": 1}, "'chime'"),
        ({"volumne": 0.5}, "'volumne'"),
    ],
)
def test_bad_fields_are_named(cfg: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        speaker_from_config({"output": "fake", **cfg} if "output" not in cfg else cfg)
