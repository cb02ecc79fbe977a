"""The staff service menu's actions: test print, paper status, reprint last ticket, exit."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from hardware.printer import PrinterError
from hub.client import HubError, HubUnreachable
from kiosk.ticket import ticket_content

if TYPE_CHECKING:
    from kiosk.model import KioskModel

_LOGGER = logging.getLogger(__name__)


class ServiceMenu:
    """Runs one action at a time and puts its result in the model's message line."""

    def __init__(self, model: KioskModel) -> None:
        self.model = model
        self.busy = False

    def _run(self, action: Callable[[], Awaitable[str]], name: str) -> bool:
        if self.busy:
            return False
        self.busy = True
        self.model.touch()
        self.model.set_menu_message(self.model.texts._("Please wait…"))

        async def run() -> None:
            message = self.model.texts._("Something went wrong; see the kiosk's log.")
            try:
                message = await action()
            finally:
                self.busy = False
                self.model.set_menu_message(message)

        self.model.tasks.spawn(run(), name)
        return True

    def test_print(self) -> bool:
        """Print the printer's self-test ticket."""
        return self._run(self._test_print, "menu-test-print")

    def paper_status(self) -> bool:
        """Ask the printer now and say how its paper is."""
        return self._run(self._paper_status, "menu-paper-status")

    def reprint_last(self) -> bool:
        """Print the last ticket issued here again, marked as a copy."""
        return self._run(self._reprint, "menu-reprint")

    async def _test_print(self) -> str:
        texts, printer = self.model.texts, self.model.printer
        if printer is None:
            return texts._("No printer is configured.")
        try:
            await printer.test_print()
        except PrinterError as exc:
            return texts._("Printing failed: %(error)s") % {"error": exc}
        return texts._("Test ticket sent to the printer.")

    async def _paper_status(self) -> str:
        texts = self.model.texts
        state = await self.model.read_printer()
        return texts.printer_report(state)

    async def _reprint(self) -> str:
        model = self.model
        texts, ticket = model.texts, model.last_ticket
        if ticket is None:
            return texts._("No ticket has been issued here yet.")
        if model.printer is None:
            return texts._("No printer is configured.")
        client = model.client()
        if client is not None:  # print where the visitor stands now, not at issue time
            with contextlib.suppress(HubError, HubUnreachable):
                fresh = await client.get_ticket(ticket.id)
                ticket = replace(ticket, people_ahead=fresh.people_ahead,
                                 estimated_wait_s=fresh.estimated_wait_s,
                                 estimated_wait_low_s=fresh.estimated_wait_low_s,
                                 estimated_wait_high_s=fresh.estimated_wait_high_s)
        content = ticket_content(ticket, site_name=model.view.site, config=model.config,
                                 reprint=True)
        try:
            await model.printer.print_ticket(content)
        except PrinterError as exc:
            return texts._("Printing failed: %(error)s") % {"error": exc}
        return texts._("Ticket %(number)s printed again.") % {"number": ticket.number}

    def exit(self) -> None:
        """Close the kiosk app (the appliance's service manager may start it again)."""
        _LOGGER.warning("exit chosen in the service menu")
        self.model.request_exit()
