"""Voice choice per language, against a made-up list and against this machine's eSpeak."""

from __future__ import annotations

import pytest

from hardware.speech import SpeechError
from hardware.speech.voices import VoiceInfo, pick_voice

ESPEAK_151 = [
    VoiceInfo("gmw/en", ("en-gb",)),
    VoiceInfo("gmw/en-us", ("en-us",)),
    VoiceInfo("sit/cmn", ("cmn",)),
    VoiceInfo("sit/cmn-latn-pinyin", ("cmn-latn-pinyin",)),
    VoiceInfo("zle/ru", ("ru",)),
    VoiceInfo("zle/ru-lv", ("ru-lv",)),
]


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "gmw/en-us"), ("zh", "sit/cmn-latn-pinyin"), ("ru", "zle/ru")]
)
def test_preferred_voices(lang: str, expected: str) -> None:
    assert pick_voice(lang, ESPEAK_151) == expected


def test_fallbacks_when_the_preferred_voice_is_missing() -> None:
    older = [VoiceInfo("en", ("en",)), VoiceInfo("sit/cmn", ("cmn",))]
    assert pick_voice("en", older) == "en"
    assert pick_voice("zh", older) == "sit/cmn"
    by_language = [VoiceInfo("other/russian", ("ru",))]
    assert pick_voice("ru", by_language) == "other/russian"


def test_missing_voice_and_unknown_language_are_speech_errors() -> None:
    with pytest.raises(SpeechError, match="no eSpeak voice for 'ru'"):
        pick_voice("ru", ESPEAK_151[:2])
    with pytest.raises(SpeechError, match="'de'"):
        pick_voice("de", ESPEAK_151)
