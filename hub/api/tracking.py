"""The visitor's live ticket page: `/t/<ticket id>`, opened from the QR code on the ticket.

Public on purpose (a phone has no token): the unguessable ticket id is the capability, and
the page shows only that ticket — its number, state, how many are ahead, the estimated
wait and, once called, the counter. Nothing about other visitors. Texts are composed here,
in the ticket's language, through the `hub` gettext domain; the page's small script only
swaps them in as server-sent events arrive (and falls back to polling).

The wait reads as the printed ticket does, with the same rounding and the same rule for
when its 80% range follows ("about 12 minutes (8–15 min)"): both use hub.i18n.waits, each
in its own gettext domain; tests/hub/api/test_tracking_range.py holds the two to the same
words (here the range also carries invisible word joiners, for browsers).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiohttp import web

from hub.api.routes import ANYONE_ROLE, Route
from hub.api.schemas import PublicTicketView
from hub.engine import RecordedEvent, Ticket
from hub.i18n import Translator
from hub.i18n.waits import wait_words
from hub.service import HubService

log = logging.getLogger(__name__)

LOCALE_DIR = Path(str(files("hub").joinpath("locale")))
PAGE = files("hub.api").joinpath("static/tracking.html")
SSE_KEEPALIVE_S = 20.0
MAX_WATCHERS = 2000
# Between every character of the range, so that browsers never break it: they may break
# after a dash ("(2–" / "20 min)") and between any two Chinese characters.
WORD_JOINER = "\u2060"


@dataclass(eq=False)
class Watcher:
    """One phone following one ticket."""

    ticket_id: str
    language: str
    queue: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(8))
    last: str = ""


class Tracking:
    """Views for the tracking page, its JSON and its live stream."""

    def __init__(self, service: HubService) -> None:
        self.service = service
        self.watchers: set[Watcher] = set()
        service.subscribe(self._on_events)

    # -- the view --------------------------------------------------------------------------
    def _ticket(self, ticket_id: str) -> Ticket | None:
        return self.service.state.tickets.get(ticket_id) or self.service.store.ticket(ticket_id)

    def language(self, request: web.Request, ticket: Ticket) -> str:
        """`?lang=` when offered by the office, else the language the ticket was taken in."""
        asked = request.query.get("lang", "")
        return asked if asked in self.service.office.config.languages else ticket.language

    def view(self, ticket: Ticket, language: str) -> PublicTicketView:
        """What the visitor may see of their ticket, with texts in their language."""
        state = self.service.state
        config = state.config
        tr = Translator("hub", LOCALE_DIR, language)
        estimate = state.estimate_for(ticket, self.service.clock())
        counter = config.counter(ticket.counter_id) if ticket.counter_id else None
        service = config.service(ticket.service_id)
        service_name = service.name(language) if service else ticket.service_id
        wait = wait_words(tr, estimate.estimated_wait_s, estimate.estimated_wait_low_s,
                          estimate.estimated_wait_high_s, joiner=WORD_JOINER)
        headline, detail = _texts(tr, ticket.state.value, estimate.people_ahead, wait,
                                  counter.number if counter else None, service_name,
                                  ticket.transfer_count > 0)
        return PublicTicketView(
            number=ticket.number, state=ticket.state.value, service=service_name,
            site=config.site_name, language=language,
            people_ahead=estimate.people_ahead if ticket.is_queued else None,
            estimated_wait_s=estimate.estimated_wait_s if ticket.is_queued else None,
            estimated_wait_low_s=estimate.estimated_wait_low_s if ticket.is_queued else None,
            estimated_wait_high_s=estimate.estimated_wait_high_s if ticket.is_queued else None,
            counter_number=counter.number if counter and not ticket.is_queued else None,
            headline=headline, detail=detail,
            title=tr._("Ticket %(number)s") % {"number": ticket.number},
            live_text=tr._("Updates by itself"), lost_text=tr._("Connection lost, retrying…"),
        )

    # -- live ------------------------------------------------------------------------------
    def _on_events(self, recorded: list[RecordedEvent]) -> None:
        if not self.watchers:
            return
        for watcher in list(self.watchers):
            ticket = self._ticket(watcher.ticket_id)
            if ticket is None:
                continue
            text = self.view(ticket, watcher.language).model_dump_json()
            if text != watcher.last:
                watcher.last = text
                with contextlib.suppress(asyncio.QueueFull):
                    watcher.queue.put_nowait(text)

    # -- handlers --------------------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        """The HTML page (works without script; the script makes it live)."""
        ticket = self._ticket(request.match_info["ticket_id"])
        if ticket is None:
            tr = Translator("hub", LOCALE_DIR, self.service.office.config.languages[0])
            body = _not_found_page(tr)
            return web.Response(status=404, text=body, content_type="text/html")
        view = self.view(ticket, self.language(request, ticket))
        page = PAGE.read_text(encoding="utf-8")
        for key, value in view.model_dump().items():
            page = page.replace("{{" + key + "}}", html.escape(str(value or "")))
        page = page.replace("{{json}}", html.escape(view.model_dump_json(), quote=False)
                            .replace("</", "<\\/"))
        return web.Response(text=page, content_type="text/html",
                            headers={"Cache-Control": "no-store",
                                     "Referrer-Policy": "no-referrer"})

    async def data(self, request: web.Request) -> web.Response:
        """The page's data as JSON (the script polls this if events cannot stream)."""
        ticket = self._ticket(request.match_info["ticket_id"])
        if ticket is None:
            raise web.HTTPNotFound(text="no such ticket")
        view = self.view(ticket, self.language(request, ticket))
        return web.Response(text=view.model_dump_json(), content_type="application/json",
                            headers={"Cache-Control": "no-store"})

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the view again each time it changes."""
        ticket = self._ticket(request.match_info["ticket_id"])
        if ticket is None:
            raise web.HTTPNotFound(text="no such ticket")
        if len(self.watchers) >= MAX_WATCHERS:
            raise web.HTTPServiceUnavailable(text="too many live pages; the page will poll")
        response = web.StreamResponse(headers={
            "Content-Type": "text/event-stream", "Cache-Control": "no-store",
            "X-Accel-Buffering": "no"})
        await response.prepare(request)
        watcher = Watcher(ticket.id, self.language(request, ticket))
        watcher.last = self.view(ticket, watcher.language).model_dump_json()
        self.watchers.add(watcher)
        try:
            await response.write(f"data: {watcher.last}\n\n".encode())
            while True:
                try:
                    text = await asyncio.wait_for(watcher.queue.get(), SSE_KEEPALIVE_S)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
                    continue
                await response.write(f"data: {text}\n\n".encode())
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.watchers.discard(watcher)
        return response

    def routes(self) -> list[Route]:
        """The public tracking routes (outside /api/v1 for the page itself)."""
        anyone = frozenset({ANYONE_ROLE})
        return [
            Route("GET", "/public/tickets/{ticket_id}", self.data,
                  "What a visitor may see of their ticket", anyone, response=PublicTicketView),
            Route("GET", "/public/tickets/{ticket_id}/events", self.stream,
                  "The same, live (server-sent events)", anyone),
        ]


def _texts(tr: Translator, state: str, ahead: int, wait_words: str | None,
           counter: str | None, service: str, transferred: bool) -> tuple[str, str]:
    if state in ("waiting", "transferred"):
        people = tr.n_("%(n)d person ahead of you", "%(n)d people ahead of you", ahead) % {
            "n": ahead}
        if ahead == 0:
            people = tr._("You are next")
        wait = (tr._("Estimated wait: %(wait)s") % {"wait": wait_words}
                if wait_words is not None else tr._("No counter is open for this service yet"))
        headline = (tr._("Transferred to %(service)s — you keep your number")
                    % {"service": service}) if transferred else tr._("Please wait")
        return headline, f"{people}\n{wait}"
    if state == "called":
        return (tr._("It's your turn!"),
                tr._("Please go to counter %(counter)s") % {"counter": counter or "?"})
    if state == "serving":
        return (tr._("Being served"),
                tr._("At counter %(counter)s") % {"counter": counter or "?"})
    texts = {
        "done": (tr._("Served"), tr._("Thank you for your visit.")),
        "no_show": (tr._("You were called"),
                    tr._("You did not come when called. Please ask at the desk.")),
        "cancelled": (tr._("Cancelled"), tr._("This ticket was cancelled.")),
        "expired": (tr._("Expired"), tr._("This ticket expired at the end of the day.")),
    }
    return texts.get(state, (state, ""))


def _not_found_page(tr: Translator) -> str:
    title = html.escape(tr._("Ticket not found"))
    detail = html.escape(tr._("This ticket does not exist or is from an earlier day."))
    return (f"<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' "
            f"content='width=device-width,initial-scale=1'><title>{title}</title></head>"
            f"<body style='font-family:sans-serif;padding:2em'><h1>{title}</h1>"
            f"<p>{detail}</p></body></html>")


def page_routes(tracking: Tracking) -> list[tuple[str, str, Any]]:
    """Routes outside the API base: the page a phone opens."""
    return [("GET", "/t/{ticket_id}", tracking.page)]
