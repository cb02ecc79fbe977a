"""``nowserving display --say A042 --counter 3 --lang ru``: one announcement on demand.

For installers checking the voices and the loudspeaker, and for making sample WAVs with
``--audio-out DIR``. No hub and no screen: the phrase comes from the display catalog and the
numbers are spelled in the configured style, exactly as the running display would say them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from display.announcements import Phrasebook
from display.config import DisplayConfig
from display.speech import speech_settings
from hardware.speech import SpokenAnnouncement, speaker_from_config

log = logging.getLogger(__name__)


def say(config: DisplayConfig, number: str, counter: str, languages: Sequence[str], *,
        audio_out: Path | None = None, recall: bool = False) -> SpokenAnnouncement | None:
    """Speak (or write) one call in ``languages`` in turn; returns what the speaker did.

    Raises ``ValueError`` for a number or counter that cannot be spoken, ``SpeechError``
    when synthesis fails.
    """
    phrasebook = Phrasebook(config.announce.number_style)
    utterances = [phrasebook.utterance(number, counter, lang, recall=recall)
                  for lang in languages]
    for utterance in utterances:
        log.info("%s: %s", utterance.lang, utterance.text)
    with speaker_from_config(speech_settings(config.speech, audio_out)) as speaker:
        return speaker.speak(utterances, label=number)
