"""What the LED sign over a window shows: the number called there, blinking while it is new.

Driven by the hub's events, not by this terminal's button presses, so the sign is right
whoever called the visitor (this terminal, a keypad, an admin) and after a restart. A call
or recall blinks for `blink_s`, then the number stays steady until the visitor is done,
a no-show or transferred, when the sign goes blank.
"""

from __future__ import annotations

import asyncio
import logging

from counter.office import OfficeMirror
from hardware.led import LedDisplay
from hub.api.schemas import EventMessage

log = logging.getLogger(__name__)

CALL_EVENTS = frozenset({"ticket.called", "ticket.recalled"})


class LedFeed:
    """Keeps one sign in step with one counter."""

    def __init__(self, display: LedDisplay, counter_id: str, *, blink_s: float = 8.0,
                 loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.display = display
        self.counter_id = counter_id
        self.blink_s = blink_s
        self._loop = loop
        self.shown = ""  # what the sign shows now ("" blank)
        self.blinking = False
        self._steady: asyncio.TimerHandle | None = None

    def on_snapshot(self, mirror: OfficeMirror) -> None:
        """Show the current number steady (after a restart or resync), or blank."""
        self._cancel_blink()
        counter = mirror.counters.get(self.counter_id)
        ticket = mirror.current_ticket(self.counter_id)
        number = ticket.number if ticket else (counter.ticket_number if counter else None)
        self._set(number or "", blink=False, force=True)

    def on_event(self, event: EventMessage, mirror: OfficeMirror) -> None:
        """React to one event already applied to `mirror`."""
        ticket = event.data.get("ticket")
        if (event.type in CALL_EVENTS and event.data.get("counter_id") == self.counter_id
                and isinstance(ticket, dict) and ticket.get("state") == "called"):
            self._set(str(ticket.get("number", "")), blink=True, force=True)
            self._schedule_steady()
            return
        current = mirror.current_ticket(self.counter_id)
        wanted = current.number if current else ""
        if wanted != self.shown:
            self._cancel_blink()
            self._set(wanted, blink=False)

    def refresh(self, mirror: OfficeMirror) -> None:
        """Re-derive the content after tickets were fetched (keeps a blink going)."""
        current = mirror.current_ticket(self.counter_id)
        if current is not None and current.number != self.shown:
            self._set(current.number, blink=False)

    def close(self) -> None:
        """Stop the blink timer (the display itself belongs to whoever made it)."""
        self._cancel_blink()

    def _set(self, text: str, *, blink: bool, force: bool = False) -> None:
        if not force and text == self.shown and blink == self.blinking:
            return
        self.shown, self.blinking = text, bool(text) and blink
        if text:
            self.display.show(text, blink=self.blinking)
        else:
            self.display.clear()

    def _schedule_steady(self) -> None:
        self._cancel_blink()
        loop = self._loop or asyncio.get_running_loop()
        self._steady = loop.call_later(self.blink_s, self._stop_blinking)

    def _stop_blinking(self) -> None:
        self._steady = None
        if self.blinking and self.shown:
            self._set(self.shown, blink=False, force=True)

    def _cancel_blink(self) -> None:
        if self._steady is not None:
            self._steady.cancel()
            self._steady = None
