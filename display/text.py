"""The display's words: its gettext catalog (domain ``display``) and formats for time and waits.

Dates are built from the catalog rather than the C library's locale, which an appliance
image rarely has installed for all three languages; translators own the month and weekday
names (Russian takes the genitive month: "23 ноября") and the order of the parts.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Final

from hub.i18n import Translator

DOMAIN: Final = "display"
LOCALEDIR: Final = Path(__file__).with_name("locale")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for extraction; it is translated where it is used."""
    return message


def translator(lang: str) -> Translator:
    """The display catalog in ``lang`` (English where a message has no translation)."""
    return Translator(DOMAIN, LOCALEDIR, lang)


WEEKDAYS: Final = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                   N_("Friday"), N_("Saturday"), N_("Sunday"))
# Translators: month names are used only inside a date ("23 November"): Russian genitive.
MONTHS: Final = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
                 N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
                 N_("November"), N_("December"))


def format_date(tr: Translator, when: dt.datetime) -> str:
    """The date as people write it: "Monday 23 November", "11月23日 星期一"."""
    # Translators: {weekday} and {month} are names from this catalog, {day} the day number.
    template = tr._("{weekday} {day} {month}")
    return template.format(weekday=tr._(WEEKDAYS[when.weekday()]),
                           month=tr._(MONTHS[when.month - 1]), day=when.day)


def format_time(when: dt.datetime) -> str:
    """The time on the wall: 24-hour "14:05" in every language."""
    return f"{when.hour:02d}:{when.minute:02d}"


def format_wait(tr: Translator, seconds: int | None) -> str:
    """An estimated wait for the waiting-room board ("about 15 min"), "—" when unknown."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return tr._("under 1 min")
    minutes = math.ceil(seconds / 60)
    if minutes > 20:
        minutes = 5 * math.ceil(minutes / 5)  # false precision reads as a promise
    if minutes >= 120:
        hours = minutes // 60
        return tr.n_("about {n} hour", "about {n} hours", hours).format(n=hours)
    return tr.n_("about {n} min", "about {n} min", minutes).format(n=minutes)
