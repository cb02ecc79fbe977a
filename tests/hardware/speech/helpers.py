"""Small test helpers: a clock moved by hand and the utterance of a real call."""

from __future__ import annotations

import datetime as dt

from hardware.speech import Utterance
from hub.i18n.spoken_numbers import announcement_text


class SettableClock:
    """A clock the test moves by hand (quiet hours)."""

    def __init__(self, now: dt.time) -> None:
        self.now = now

    def __call__(self) -> dt.time:
        return self.now


def call(lang: str, number: str = "A042", counter: str = "3") -> Utterance:
    """The utterance the display makes for a call, from the hub's default phrase."""
    return Utterance(announcement_text(number, counter, lang), lang)
