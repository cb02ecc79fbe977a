"""What to say for a call, and whether to say it at all.

The phrases are msgids of the display catalog, so translators own them; the numbers inside
are spelled by ``hub.i18n.spoken_numbers`` in the office's style. A call is announced once:
when it is first seen and still fresh. After a (re)connect the display sees calls that
happened while it was away; those older than ``stale_after_s`` are shown but not spoken,
and of a snapshot's calls only the latest per counter is spoken (no burst of old calls).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Final

from display.board import Call
from display.text import N_, translator
from hardware.speech import Utterance
from hub.i18n.spoken_numbers import SPOKEN_LANGS, Style, announcement_text

log = logging.getLogger(__name__)

# Translators: spoken aloud by the speech engine. {number} is the ticket number and
# {counter} the counter, both already written out as words for this language.
CALL_PHRASE: Final = N_("Ticket {number}, please go to counter {counter}.")
# Translators: spoken when the same ticket is called again; fields as above.
RECALL_PHRASE: Final = N_("Once again: ticket {number}, please go to counter {counter}.")
_REMEMBER: Final = 512


def spoken_languages(office: Sequence[str], configured: Sequence[str]) -> list[str]:
    """The languages to speak: the office's (or the configured subset, in its order).

    Languages the speech engine cannot say are left out; so are configured languages the
    office does not use.
    """
    chosen = [lang for lang in configured if lang in office] if configured else list(office)
    return [lang for lang in dict.fromkeys(chosen) if lang in SPOKEN_LANGS]


class Phrasebook:
    """Composes a call's utterances from the catalog, one per language."""

    def __init__(self, style: Style = "natural") -> None:
        self.style: Style = style

    def utterance(self, number: str, counter: str, lang: str, *, recall: bool = False
                  ) -> Utterance:
        """The sentence for one call in one language."""
        template = translator(lang)._(RECALL_PHRASE if recall else CALL_PHRASE)
        text = announcement_text(number, counter, lang, self.style, template=template)
        return Utterance(text, lang)

    def utterances(self, call: Call, languages: Iterable[str]) -> tuple[Utterance, ...]:
        """The sentences for ``call`` in each of ``languages``, in order.

        A number the voice cannot say in a language (letters it has no names for) is left
        out of that language rather than dropping the whole announcement.
        """
        out = []
        for lang in languages:
            try:
                out.append(self.utterance(call.number, call.counter_number, lang,
                                          recall=call.recall))
            except ValueError as exc:
                log.warning("cannot announce %s in %s: %s", call.number, lang, exc)
        return tuple(out)


class AnnouncePolicy:
    """Decides which calls are announced: each once, only while fresh."""

    def __init__(self, stale_after_s: float) -> None:
        self.stale_after_s = stale_after_s
        self._done: OrderedDict[tuple[str, float], None] = OrderedDict()

    def fresh(self, call: Call, hub_now: float) -> bool:
        """True when the call is recent enough to be worth saying (hub's clock)."""
        return hub_now - call.at <= self.stale_after_s

    def seen(self, call: Call) -> bool:
        """True when this call was already announced (or deliberately skipped)."""
        return call.key in self._done

    def mark(self, call: Call) -> None:
        """Remember the call so it is never announced again."""
        self._done[call.key] = None
        self._done.move_to_end(call.key)
        while len(self._done) > _REMEMBER:
            self._done.popitem(last=False)

    def live(self, call: Call, hub_now: float) -> bool:
        """Decide for a call that arrived as an event; marks it either way."""
        wanted = not self.seen(call) and self.fresh(call, hub_now)
        self.mark(call)
        return wanted

    def from_snapshot(self, calls: Iterable[Call], hub_now: float) -> list[Call]:
        """The calls of a snapshot to announce, oldest first; marks every call seen.

        Only the latest call per counter can be spoken: an older one at the same counter
        has been overtaken and would only send a visitor to a busy counter.
        """
        latest: dict[str, Call] = {}
        everything = sorted(calls, key=lambda c: c.at)
        for call in everything:
            latest[call.counter_id] = call
        chosen = [c for c in latest.values()
                  if not self.seen(c) and self.fresh(c, hub_now)]
        for call in everything:
            self.mark(call)
        return sorted(chosen, key=lambda c: c.at)
