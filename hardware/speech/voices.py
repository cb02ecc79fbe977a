"""Which eSpeak NG voice speaks each language, chosen from the voices installed.

Checked on Debian 12 (eSpeak NG 1.51) through ``pyttsx3`` ``getProperty("voices")``: ids are
``gmw/en-us``, ``gmw/en``, ``sit/cmn``, ``sit/cmn-latn-pinyin`` and ``zle/ru``.

Chinese prefers ``cmn-latn-pinyin``: in 1.51 the plain ``cmn`` voice reads most characters as
pinyin with the tone number spoken in English ("号" comes out as "hao four"; espeak-ng issues
#1028 and #1370), while ``cmn-latn-pinyin`` reads the same characters correctly and still says
single capital letters as letter names. ``cmn`` remains a fallback for newer eSpeak builds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from hardware.speech.base import SpeechError

VOICE_CANDIDATES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "en": ("en-us", "en"),
        "zh": ("cmn-latn-pinyin", "cmn"),
        "ru": ("ru",),
    }
)


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    """The parts of a pyttsx3 ``Voice`` needed to pick one."""

    id: str
    languages: tuple[str, ...] = ()


def pick_voice(lang: str, available: Iterable[VoiceInfo]) -> str:
    """Return the id of the best installed voice for ``lang`` (e.g. "en" -> "gmw/en-us").

    A candidate matches a voice whose id ends in ``/<candidate>`` or equals it, or whose
    language list contains it; candidates are tried in order of preference.
    """
    try:
        candidates = VOICE_CANDIDATES[lang]
    except KeyError:
        msg = f"no voice is known for language {lang!r}"
        raise SpeechError(msg) from None
    voices = list(available)
    for candidate in candidates:
        wanted = candidate.lower()
        for voice in voices:
            voice_id = voice.id.lower()
            if voice_id == wanted or voice_id.rsplit("/", 1)[-1] == wanted:
                return voice.id
        for voice in voices:
            if wanted in (code.lower() for code in voice.languages):
                return voice.id
    msg = f"no eSpeak voice for {lang!r}: none of {', '.join(candidates)} is installed"
    raise SpeechError(msg)
