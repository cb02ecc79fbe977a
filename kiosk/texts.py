"""Everything the kiosk says, shows or prints, in one language (the `kiosk` gettext domain).

Numbers, waits and dates are put into words here, without Qt, so the screen and the paper
say exactly the same thing and tests can read it without a display.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from hub.i18n import LANGUAGE_NAMES, Translator
from hub.i18n.waits import range_words, wait_words

LOCALE_DIR = Path(str(files("kiosk").joinpath("locale")))
DOMAIN = "kiosk"


def language_name(language: str) -> str:
    """How a language names itself ("中文"), for the language switch."""
    return LANGUAGE_NAMES.get(language, language)


def pick_name(names: Mapping[str, str], language: str, fallback: str) -> str:
    """A service's name in `language`, else its base language, English, any, `fallback`."""
    for key in (language, language.split("-", maxsplit=1)[0], "en"):
        if names.get(key):
            return names[key]
    return next((name for name in names.values() if name), fallback)


class Texts:
    """The kiosk's phrases in one language; `_`, `n_` and `p_` are the gettext calls."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.tr = Translator(DOMAIN, LOCALE_DIR, language)
        self._ = self.tr._
        self.n_ = self.tr.n_
        self.p_ = self.tr.p_

    # -- queue figures ---------------------------------------------------------------------
    def wait(self, seconds: int | None, *, low_s: int | None = None,
             high_s: int | None = None) -> str | None:
        """An estimated wait in words ("about 12 minutes"); None when unknown.

        With the hub's 80% range (`low_s`, `high_s`) the range follows the point when it is
        uncertain ("about 12 minutes (8–15 min)"); `hub.i18n.waits.range_minutes` says when.
        """
        return wait_words(self.tr, seconds, low_s, high_s)

    def wait_range(self, seconds: int | None, low_s: int | None,
                   high_s: int | None) -> str | None:
        """The range after a point, "(8–15 min)", "(up to 11 min)"; None when none is shown."""
        return range_words(self.tr, seconds, low_s, high_s)

    def waiting(self, count: int) -> str:
        """How many wait for a service, for the home screen."""
        if count == 0:
            return self._("No one waiting")
        return self.n_("%(n)d person waiting", "%(n)d people waiting", count) % {"n": count}

    def people_ahead(self, count: int) -> str:
        """How many are ahead of the visitor's ticket."""
        if count == 0:
            return self._("You are next")
        return self.n_("%(n)d person ahead of you", "%(n)d people ahead of you",
                       count) % {"n": count}

    def estimated_wait(self, seconds: int | None, *, low_s: int | None = None,
                       high_s: int | None = None) -> str:
        """The wait line of a ticket (with its range when uncertain), or that none is open yet."""
        words = self.wait(seconds, low_s=low_s, high_s=high_s)
        if words is None:
            return self._("You will be called as soon as a counter opens")
        return self._("Estimated wait: %(wait)s") % {"wait": words}

    def service_wait(self, seconds: int | None) -> str:
        """The wait under a service button (empty when no estimate)."""
        words = self.wait(seconds)
        return "" if words is None else self._("wait %(wait)s") % {"wait": words}

    # -- dates ------------------------------------------------------------------------------
    def month(self, number: int) -> str:
        """The abbreviated month name (used by the English date format)."""
        names = (self.p_("month", "Jan"), self.p_("month", "Feb"), self.p_("month", "Mar"),
                 self.p_("month", "Apr"), self.p_("month", "May"), self.p_("month", "Jun"),
                 self.p_("month", "Jul"), self.p_("month", "Aug"), self.p_("month", "Sep"),
                 self.p_("month", "Oct"), self.p_("month", "Nov"), self.p_("month", "Dec"))
        return names[number - 1]

    def date_time(self, moment: datetime) -> str:
        """A date and time as people write it in this language (14 Mar 2025, 09:41)."""
        # Translators: the date as written in your language. Names available: %(day)d,
        # %(day2)s (two digits), %(month)d, %(month2)s, %(month_name)s, %(year)d, %(time)s.
        # xgettext: no-python-format
        pattern = self._("%(day)d %(month_name)s %(year)d, %(time)s")
        return pattern % {"day": moment.day, "month": moment.month,
                          "month_name": self.month(moment.month), "year": moment.year,
                          "month2": f"{moment.month:02d}", "day2": f"{moment.day:02d}",
                          "time": moment.strftime("%H:%M")}

    def issued_at(self, moment: datetime) -> str:
        """The time line of a ticket."""
        return self._("Issued %(when)s") % {"when": self.date_time(moment)}

    # -- staff ------------------------------------------------------------------------------
    def hub_status(self, state: str) -> str:
        """The hub connection in a few words, for the status bar."""
        words = {
            "connected": self._("Hub: connected"),
            "searching": self._("Hub: searching…"),
            "reconnecting": self._("Hub: reconnecting…"),
            "pairing": self._("Hub: waiting for approval"),
            "revoked": self._("Hub: kiosk not authorised"),
            "stopped": self._("Hub: stopped"),
        }
        return words.get(state, state)

    def printer_status(self, state: str) -> str:
        """The printer in a few words, for the status bar."""
        words = {
            "ready": self._("Printer: ready"),
            "paper_low": self._("Printer: paper low"),
            "paper_out": self._("Printer: paper out"),
            "cover_open": self._("Printer: cover open"),
            "offline": self._("Printer: offline"),
            "no_reply": self._("Printer: not answering"),
            "error": self._("Printer: error"),
            "unknown": self._("Printer: status unknown"),
            "none": self._("No printer"),
        }
        return words.get(state, state)

    def printer_report(self, state: str) -> str:
        """What staff should do about the printer (service menu "paper status")."""
        words = {
            "ready": self._("Paper OK. The printer is ready."),
            "paper_low": self._("Paper is running low: put in a new roll soon."),
            "paper_out": self._("Paper is out: put in a new roll."),
            "cover_open": self._("The printer cover is open: close it."),
            "offline": self._("The printer is offline: check its power and cable."),
            "no_reply": self._("The printer does not answer: check its power and cable."),
            "error": self._("The printer reports an error: open and close the cover, "
                            "or switch it off and on."),
            "unknown": self._("This printer cannot report its paper status."),
            "none": self._("No printer is configured."),
        }
        return words.get(state, state)
