"""Spoken announcements for the wall display: chime plus eSpeak NG speech, played or written.

The display composes the text (``hub.i18n.spoken_numbers``) and hands it over as utterances;
this package renders, plays or records it and knows nothing about tickets or queues.
"""

from hardware.speech.announcer import Announcement, AnnouncementQueue
from hardware.speech.base import (
    LANGS,
    Lang,
    Speaker,
    SpeechError,
    SpokenAnnouncement,
    Utterance,
)
from hardware.speech.chime import chime
from hardware.speech.config import policy_from_config, speaker_from_config
from hardware.speech.fake import SpeakerFake
from hardware.speech.pcm import SAMPLE_RATE, Pcm, read_wav, write_wav
from hardware.speech.policy import OutputPolicy, QuietHours
from hardware.speech.pyttsx3_speaker import SpeakerPyttsx3
from hardware.speech.render import AnnouncementRenderer
from hardware.speech.synth import EspeakSynth
from hardware.speech.voices import VOICE_CANDIDATES, pick_voice
from hardware.speech.wav_writer import SpeakerWav

__all__ = [
    "LANGS",
    "SAMPLE_RATE",
    "VOICE_CANDIDATES",
    "Announcement",
    "AnnouncementQueue",
    "AnnouncementRenderer",
    "EspeakSynth",
    "Lang",
    "OutputPolicy",
    "Pcm",
    "QuietHours",
    "Speaker",
    "SpeakerFake",
    "SpeakerPyttsx3",
    "SpeakerWav",
    "SpeechError",
    "SpokenAnnouncement",
    "Utterance",
    "chime",
    "pick_voice",
    "policy_from_config",
    "read_wav",
    "speaker_from_config",
    "write_wav",
]
