"""Zones: a display bound to some counters or services, for offices with several waiting areas.

Syntax (the pairing approval's ``zone`` string, or ``zone`` in the display config)::

    counters=counter-1,counter-2;services=general,payments

Clauses are separated by ``;``, values by ``,``; spaces around them are ignored.

- ``counters=`` lists counter ids or counter numbers (``counters=1,2`` works too);
- ``services=`` lists service ids.

Every clause given must match (a call to counter 1 *of* service ``general``); a clause left
out matches everything, so ``""`` (or ``all``) shows the whole office. The waiting figures
list the zone's services, or, with only ``counters=``, the services those counters serve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

KEYS: Final = ("counters", "services")
_VALUE_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MAX_VALUES: Final = 100


class ZoneError(ValueError):
    """A zone string that does not follow the syntax; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class Zone:
    """Which calls and waiting lines a display shows; empty sets mean "all"."""

    counters: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> Zone:
        """Read a zone string (see the module docstring); ``None``/``""``/``all`` is everything."""
        if text is None or text.strip().lower() in ("", "all", "*"):
            return cls()
        found: dict[str, frozenset[str]] = {}
        for raw in text.split(";"):
            clause = raw.strip()
            if not clause:
                continue
            key, sep, values = clause.partition("=")
            key = key.strip().lower()
            if not sep:
                msg = f"zone clause {clause!r} needs 'key=value' (keys: {', '.join(KEYS)})"
                raise ZoneError(msg)
            if key not in KEYS:
                msg = f"zone: unknown key {key!r} (known: {', '.join(KEYS)})"
                raise ZoneError(msg)
            if key in found:
                msg = f"zone: {key!r} given twice"
                raise ZoneError(msg)
            items = [v.strip() for v in values.split(",") if v.strip()]
            if not items:
                msg = f"zone: {key!r} lists nothing"
                raise ZoneError(msg)
            if len(items) > _MAX_VALUES:
                msg = f"zone: {key!r} lists more than {_MAX_VALUES} values"
                raise ZoneError(msg)
            bad = [v for v in items if not _VALUE_RE.match(v)]
            if bad:
                msg = f"zone: {key!r} has invalid value(s) {', '.join(map(repr, bad))}"
                raise ZoneError(msg)
            found[key] = frozenset(items)
        return cls(found.get("counters", frozenset()), found.get("services", frozenset()))

    def __str__(self) -> str:
        parts = []
        if self.counters:
            parts.append("counters=" + ",".join(sorted(self.counters)))
        if self.services:
            parts.append("services=" + ",".join(sorted(self.services)))
        return ";".join(parts)

    @property
    def everything(self) -> bool:
        """True when the display shows the whole office."""
        return not self.counters and not self.services

    def has_counter(self, counter_id: str, counter_number: str = "") -> bool:
        """Tell whether a counter (by id or number) is in the zone."""
        return (not self.counters or counter_id in self.counters
                or (bool(counter_number) and counter_number in self.counters))

    def has_call(self, counter_id: str, counter_number: str, service_id: str) -> bool:
        """Tell whether a call of ``service_id`` to that counter belongs on this display."""
        return self.has_counter(counter_id, counter_number) and (
            not self.services or service_id in self.services)

    def shown_services(
        self,
        service_ids: Iterable[str],
        counter_skills: Mapping[tuple[str, str], Iterable[str]],
    ) -> list[str]:
        """The services whose waiting figures this display lists, in the office's order.

        ``counter_skills`` maps (counter id, counter number) to the services it serves.
        """
        ordered = list(service_ids)
        if self.services:
            return [s for s in ordered if s in self.services]
        if not self.counters:
            return ordered
        served = {s for (cid, number), skills in counter_skills.items()
                  if self.has_counter(cid, number) for s in skills}
        return [s for s in ordered if s in served]
