"""The display's state and decisions, without Qt: the widgets only render what this holds.

The model takes stream items (snapshots and events) and connection changes from the hub
client, keeps the board, decides which calls are announced and hands them to an announcer,
and tracks the highlight of each call in step with its announcement: a call lights up when
its announcement *starts* (``announcement_started``), blinks while it is spoken and stays lit
``highlight_s`` after it ends. It also keeps the last announcements that were actually heard
(for ``--state-file``). Listeners hear what changed ("board", "estimates", "connection",
"highlight", "pairing", "language", "announced") and redraw that part.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from display.announcements import AnnouncePolicy, Phrasebook, spoken_languages
from display.board import Board, Call
from display.config import DisplayConfig
from display.zone import Zone, ZoneError
from hardware.speech import Utterance
from hub.api.schemas import EventMessage, StateView
from hub.client import ConnectionState, Snapshot, StreamItem

log = logging.getLogger(__name__)

Listener = Callable[[str], None]
Clock = Callable[[], float]
KEEP_ANNOUNCED = 20


class Highlight(StrEnum):
    """How a call is shown right now."""

    SPEAKING = "speaking"  # its announcement is playing: blink
    RECENT = "recent"  # announced a moment ago: steady highlight


@dataclass(frozen=True, slots=True)
class Announced:
    """An announcement that was heard: what was said, in which languages, and its WAV file."""

    number: str
    counter_number: str
    languages: tuple[str, ...]
    wav: Path | None  # None when played on the speakers without keeping a file


class Announcer(Protocol):
    """Where announcements go (``display.speech.Announcer`` in the app)."""

    def submit(self, call: Call, utterances: Sequence[Utterance]) -> bool:
        """Queue the call's announcement; False when it will not be spoken."""
        ...


class DisplayModel:
    """Board, connection, pairing code, screen language and highlights of one display."""

    def __init__(self, config: DisplayConfig, *, clock: Clock = time.time,
                 announcer: Announcer | None = None, zone: str | None = None) -> None:
        self.config = config
        self.clock = clock
        self.announcer = announcer
        self.board = Board()
        self.policy = AnnouncePolicy(config.announce.stale_after_s)
        self.phrasebook = Phrasebook(config.announce.number_style)
        self.connection = ConnectionState.SEARCHING
        self.ever_connected = False
        self.pairing_code: str | None = None
        self.hub_offset_s = 0.0  # hub clock minus ours (from a heartbeat answer)
        self.zone_error: str | None = None
        self._paired_zone: str | None = None
        self._language_index = 0
        self._speaking: set[tuple[str, float]] = set()
        self._recent: dict[tuple[str, float], float] = {}  # call key -> lit until (our clock)
        self.announced: deque[Announced] = deque(maxlen=KEEP_ANNOUNCED)  # oldest first
        self._listeners: list[Listener] = []
        self.set_paired_zone(zone)

    # -- listeners ---------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(what)`` after each change; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self, what: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(what)
            except Exception:
                log.exception("display listener failed on %r", what)

    # -- what the hub says ---------------------------------------------------------------------
    def apply(self, item: StreamItem) -> None:
        """Take one item of the event stream."""
        if isinstance(item, Snapshot):
            self.load(item.state)
        elif isinstance(item, EventMessage):
            self.apply_event(item)

    def load(self, state: StateView) -> None:
        """Redraw from a snapshot; announce only its fresh calls (latest per counter)."""
        first = not self.board.loaded
        calls = self.board.load(state)
        for call in self.policy.from_snapshot(calls, self.hub_now()):
            self._announce(call)
        self._changed("board")
        if first:
            self._changed("language")

    def apply_event(self, event: EventMessage) -> None:
        """Apply one event; a fresh call is announced."""
        call = self.board.apply(event)
        if call is not None and self.policy.live(call, self.hub_now()):
            self._announce(call)
        self._changed("board")

    def refresh_estimates(self, state: StateView) -> None:
        """New wait estimates from a later ``/state`` (the stream does not carry them)."""
        self.board.refresh_estimates(state)
        self._changed("estimates")  # not "board": that would ask for another refresh

    def set_connection(self, state: str) -> None:
        """The hub client's connection state changed."""
        self.connection = ConnectionState(state)
        if self.connection is ConnectionState.CONNECTED:
            self.ever_connected = True
            self.pairing_code = None
        self._changed("connection")

    def set_pairing_code(self, code: str | None) -> None:
        """A pairing code to show (None when pairing is over)."""
        self.pairing_code = code
        self._changed("pairing")

    @property
    def paired_zone(self) -> str | None:
        """The zone given at pairing (None when none was)."""
        return self._paired_zone

    @property
    def page(self) -> str:
        """The page on screen: "pairing" while a code waits for approval, else "board"."""
        pairing = self.pairing_code is not None and self.connection is ConnectionState.PAIRING
        return "pairing" if pairing else "board"

    def set_paired_zone(self, zone: str | None) -> None:
        """The zone given at pairing; the configured one, if any, takes precedence."""
        self._paired_zone = zone
        text = self.config.zone or zone or ""
        try:
            self.board.zone = Zone.parse(text)
            self.zone_error = None
        except ZoneError as exc:  # a zone from the hub we cannot read: show everything
            log.error("ignoring the zone given at pairing: %s", exc)
            self.board.zone, self.zone_error = Zone(), str(exc)
        self._changed("board")

    def hub_now(self) -> float:
        """The hub's clock, as best we know it."""
        return self.clock() + self.hub_offset_s

    # -- languages ---------------------------------------------------------------------------------
    @property
    def languages(self) -> list[str]:
        """The office's languages (English until the first snapshot)."""
        return [lang for lang in self.board.languages if lang in ("en", "zh", "ru")] or ["en"]

    @property
    def spoken_languages(self) -> list[str]:
        """The languages every call is announced in, in turn."""
        return spoken_languages(self.board.languages, self.config.announce.languages)

    @property
    def ui_language(self) -> str:
        """The language of the screen's own words right now."""
        if self.config.screen.language:
            return self.config.screen.language
        langs = self.languages
        return langs[self._language_index % len(langs)]

    def rotate_language(self) -> None:
        """Move the headings to the office's next language (``rotate_languages_s``)."""
        if self.config.screen.language or len(self.languages) < 2:
            return
        self._language_index = (self._language_index + 1) % len(self.languages)
        self._changed("language")

    # -- announcements and highlight -------------------------------------------------------------
    def _announce(self, call: Call) -> None:
        utterances = self.phrasebook.utterances(call, self.spoken_languages)
        if self.announcer is not None and utterances and self.announcer.submit(call, utterances):
            return  # lit when it starts
        self._recent[call.key] = self.clock() + self.config.screen.highlight_s
        self._changed("highlight")

    def announcement_started(self, call: Call) -> None:
        """The call's announcement began: light it (from the announcer, on the UI thread)."""
        self._recent.pop(call.key, None)
        self._speaking.add(call.key)
        self._changed("highlight")

    def announcement_finished(self, call: Call) -> None:
        """The announcement ended: keep the call lit a little longer."""
        self._speaking.discard(call.key)
        self._recent[call.key] = self.clock() + self.config.screen.highlight_s
        self._changed("highlight")

    def announcement_heard(self, call: Call, languages: Sequence[str], wav: Path | None
                           ) -> None:
        """The call's announcement made sound (not muted, not dropped, not failed)."""
        self.announced.append(Announced(call.number, call.counter_number, tuple(languages), wav))
        self._changed("announced")

    def highlight(self, call: Call) -> Highlight | None:
        """How ``call`` is highlighted now, if at all."""
        if call.key in self._speaking:
            return Highlight.SPEAKING
        until = self._recent.get(call.key)
        if until is not None and self.clock() < until:
            return Highlight.RECENT
        return None

    def expire_highlights(self) -> bool:
        """Forget highlights that ran out; True when something changed (redraw)."""
        now = self.clock()
        gone = [key for key, until in self._recent.items() if until <= now]
        for key in gone:
            del self._recent[key]
        if gone:
            self._changed("highlight")
        return bool(gone)

    # -- what the hub learns about us ------------------------------------------------------------
    def status(self) -> dict[str, object]:
        """The display's part of its heartbeat status."""
        return {"zone": str(self.board.zone), "zone_error": self.zone_error,
                "languages": self.spoken_languages, "screen_language": self.ui_language}
