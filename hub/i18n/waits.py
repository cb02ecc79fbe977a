"""An estimated wait in words, with its 80% range when uncertain: one rule for every screen.

The kiosk's screen and paper and the hub's tracking page say the same thing the same way,
each through its own gettext domain (`kiosk`, `hub`): the messages below must be in the
catalogs of both. Rounding: the point up to a minute (to 5 minutes above 15, a long
estimate is not precise); a range's low end down and high end up, so the range shown never
claims more certainty than the hub's.
"""

from __future__ import annotations

import math

from hub.i18n.translations import Translator

LONG_WAIT_MIN = 15  # longer waits are shown to 5 minutes: a long estimate is not precise
MIN_RANGE_MIN = 2  # a narrower rounded range says nothing the point does not
NBSP = "\u00a0"  # no break between a number and its unit, on screen, paper and web


def point_minutes(seconds: int) -> int:
    """The point estimate in whole minutes as shown: rounded up, to 5 minutes above 15."""
    minutes = math.ceil(seconds / 60)
    return 5 * math.ceil(minutes / 5) if minutes > LONG_WAIT_MIN else minutes


def range_minutes(point_s: int | None, low_s: int | None,
                  high_s: int | None) -> tuple[int, int] | None:
    """The hub's 80% range in whole minutes as shown after the point, or None for no range.

    A range is shown only when:

    - the hub gives a point and both ends (None: no counter open, or an older hub);
    - the point is at least a minute ("less than a minute" needs no range);
    - the rounded range contains the rounded point (true whenever the hub's low <= point <=
      high; anything else is a bad answer and shows no range rather than a contradiction);
    - its ends differ by at least `MIN_RANGE_MIN` minutes ("12 minutes (12-13 min)" would
      only add noise).
    """
    if point_s is None or low_s is None or high_s is None or point_s < 60:
        return None
    low = max(0, low_s) // 60
    if low > LONG_WAIT_MIN:
        low = 5 * (low // 5)
    high = point_minutes(high_s)
    if not low <= point_minutes(point_s) <= high or high - low < MIN_RANGE_MIN:
        return None
    return low, high


def duration(tr: Translator, minutes: int) -> str:
    """A span in short units: "45 min", "2 h", "1 h 5 min" (for the ends of a range)."""
    if minutes < 60:
        return tr._("%(n)d min") % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return tr._("%(n)d h") % {"n": hours}
    # Translators: one end of a wait's range ("1 h 5 min – 1 h 50 min"); keep it short:
    # a ticket on 58 mm paper has 32 characters a line (a Chinese character takes two).
    return tr._("%(h)d h %(m)d min") % {"h": hours, "m": rest}


def range_words(tr: Translator, seconds: int | None, low_s: int | None,
                high_s: int | None, *, joiner: str = "") -> str | None:
    """The range after a point, "(8–15 min)", "(up to 11 min)"; None when none is shown.

    Spaces become no-break spaces; `joiner` (a word joiner on the web) goes between every
    character so a browser never breaks after the dash either.
    """
    minutes = range_minutes(seconds, low_s, high_s)
    if minutes is None:
        return None
    low, high = minutes
    if high < 60:
        text = (tr._("(up to %(high)d min)") % {"high": high} if low == 0 else
                tr._("(%(low)d–%(high)d min)") % {"low": low, "high": high})
    elif low == 0:
        text = tr._("(up to %(high)s)") % {"high": duration(tr, high)}
    else:
        text = tr._("(%(low)s – %(high)s)") % {"low": duration(tr, low),
                                              "high": duration(tr, high)}
    return joiner.join(text.replace(" ", NBSP))


def wait_words(tr: Translator, seconds: int | None, low_s: int | None = None,
               high_s: int | None = None, *, joiner: str = "") -> str | None:
    """An estimated wait in words ("about 12 minutes (8–15 min)"); None when unknown."""
    if seconds is None:
        return None
    if seconds < 60:
        return tr._("less than a minute")
    minutes = point_minutes(seconds)
    if minutes < 60:
        words = tr.n_("about %(n)d minute", "about %(n)d minutes", minutes) % {"n": minutes}
    elif minutes % 60 == 0:
        words = tr.n_("about %(n)d hour", "about %(n)d hours",
                      minutes // 60) % {"n": minutes // 60}
    else:
        words = tr._("about %(h)d h %(m)d min") % {"h": minutes // 60, "m": minutes % 60}
    spread = range_words(tr, seconds, low_s, high_s, joiner=joiner)
    if spread is None:
        return words
    # Translators: an estimated wait and its range, "about 12 minutes (8–15 min)".
    return tr._("%(wait)s %(range)s") % {"wait": words, "range": spread}
