"""One tap, one ticket: ask the hub, print, and make sure the visitor saw the number.

The request is written to the journal before the hub is asked and carries one
Idempotency-Key through every retry, so neither a double tap nor a lost answer makes two
tickets. The journal entry goes once the ticket is printed or the screen reports it drew
the number; otherwise the ticket is cancelled (`recovery`), never left waiting.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from hardware.printer import PrinterError, TicketContent
from hub.client import HubError, HubUnreachable, new_idempotency_key
from kiosk.printing import PRINTABLE, PrinterState
from kiosk.recovery import settle_one
from kiosk.ticket import IssuedTicket, public_base_url, ticket_content, tracking_url
from kiosk.view import Screen, ServiceItem

if TYPE_CHECKING:
    from kiosk.model import KioskModel

_LOGGER = logging.getLogger(__name__)
ACK_TIMEOUT_S = 5.0  # the screen must confirm it drew an unprinted number within this
UNSEEN_RETRY_S = 5.0  # after a lost answer, look for the ticket (to cancel it) this soon


class TicketIssuer:
    """Issues at most one ticket at a time for the model."""

    def __init__(self, model: KioskModel) -> None:
        self.model = model
        self.busy = False
        self.active_key: str | None = None
        self.awaiting: tuple[str, str] | None = None  # (journal key, ticket id) to be drawn
        self.last: IssuedTicket | None = None

    def busy_keys(self) -> set[str]:
        """Journal keys of the ticket in hand: not "unseen" yet, not to be cancelled."""
        keys = {self.active_key} if self.active_key else set()
        if self.awaiting is not None:
            keys.add(self.awaiting[0])
        return keys

    def start(self, service: ServiceItem, priority: str, language: str) -> bool:
        """Begin issuing; False when a ticket is already on its way (a second tap)."""
        if self.busy:
            return False
        self.busy = True
        self.model.tasks.spawn(self._issue(service, priority, language), "issue")
        return True

    async def _issue(self, service: ServiceItem, priority: str, language: str) -> None:
        model = self.model
        key = self.active_key = new_idempotency_key()
        model.journal.begin(key, service.id, priority, language)
        try:
            printer_check = model.tasks.spawn(model.read_printer(), "printer-check")
            ticket = await self._ask_hub(key, service, priority, language)
            if ticket is None:
                return
            content = ticket_content(ticket, site_name=model.view.site, config=model.config)
            printed = await self.print_content(content, await printer_check)
            self.last = ticket
            if printed:
                model.journal.settle(key)
                model.show_ticket(ticket, printed=True)
            else:
                self.awaiting = (key, ticket.id)
                model.timers.start("ack", ACK_TIMEOUT_S, self.not_shown)
                model.show_ticket(ticket, printed=False)
        finally:
            self.busy = False
            self.active_key = None

    async def _ask_hub(self, key: str, service: ServiceItem, priority: str,
                       language: str) -> IssuedTicket | None:
        model = self.model
        client = model.link.client()
        try:
            if client is None:
                raise HubUnreachable("(not connected)")
            view = await client.issue_ticket(service.id, language=language, priority=priority,
                                             key=key)
        except HubUnreachable as exc:
            # Maybe issued, maybe not: the journal keeps the key; once the hub answers,
            # replaying it finds the ticket (if any) and cancels it.
            _LOGGER.error("no answer from the hub for a %s ticket: %s", service.id, exc)
            model.show_notice(Screen.OUT_OF_SERVICE)
            model.link.settle_soon(UNSEEN_RETRY_S)
            return None
        except HubError as exc:
            _LOGGER.warning("hub refused a %s ticket: %s", service.id, exc)
            model.journal.settle(key)
            if exc.status in (401, 403):  # this kiosk may not issue: staff must fix it
                model.show_notice(Screen.OUT_OF_SERVICE)
            else:
                model.show_notice(Screen.REFUSED, model.texts._(
                    "Sorry, no ticket can be issued for this service right now."))
            return None
        model.journal.issued(key, view.id, view.number)
        base = public_base_url(client.base_url, model.config.kiosk.public_url)
        return IssuedTicket.from_view(view, service_name=service.name,
                                      url=tracking_url(base, view.id))

    async def print_content(self, content: TicketContent, state_before: PrinterState) -> bool:
        """Print if the printer can; True when the ticket came out (as far as we can know)."""
        printer = self.model.printer
        if printer is None or state_before not in PRINTABLE:
            return False
        try:
            await printer.print_ticket(content)
        except PrinterError as exc:
            _LOGGER.error("ticket %s not printed: %s", content.number, exc)
            await self.model.read_printer()
            return False
        if printer.printer.can_read_status:  # the roll may have run out on this very ticket
            return await self.model.read_printer() != "paper_out"
        return True

    def displayed(self, ticket_id: str) -> None:
        """The screen drew the unprinted ticket's number: the visitor has seen it."""
        if self.awaiting is not None and self.awaiting[1] == ticket_id:
            self.model.journal.settle(self.awaiting[0])
            self.awaiting = None
            self.model.timers.cancel("ack")
            self.model.refresh()

    def not_shown(self) -> None:
        """Neither printed nor drawn: nobody holds this number, so cancel it."""
        if self.awaiting is None:
            return
        key, ticket_id = self.awaiting
        self.awaiting = None
        _LOGGER.error("ticket %s was neither printed nor shown: cancelling it", ticket_id)
        client = self.model.link.client()
        entry = next((e for e in self.model.journal.entries() if e.key == key), None)
        if client is not None and entry is not None:
            self.model.tasks.spawn(settle_one(client, self.model.journal, entry), "cancel")
        else:
            self.model.link.settle_soon()
        self.model.done()
