"""The kiosk's brain, without Qt: which screen shows, what a touch does, when to go home.

The UI renders `view` and calls methods (`request_ticket`, `set_language`, `touch`, ...);
listeners hear that the view changed. Everything runs on one asyncio loop (qasync in the
app, a plain loop in tests); printer I/O runs on `PrinterService` threads. The hub side
lives in `HubLink`, one ticket's journey in `TicketIssuer`, staff actions in `ServiceMenu`.

Screens: a base screen follows the hub (starting, pairing, home, out of service); an
overlay (ticket, notice, PIN, menu) sits on top until it times out or is dismissed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from hardware.printer import PrinterStatus
from hub.api.schemas import PairingCreated
from hub.client import ConnectionState, DeviceConnection, HubClient, StreamItem
from kiosk.config import DEFAULT_PIN, KioskConfig
from kiosk.hub_link import HubLink
from kiosk.issuing import TicketIssuer
from kiosk.journal import Journal
from kiosk.menu import ServiceMenu
from kiosk.pin import PinLock
from kiosk.printing import PrinterService, PrinterState, printer_state, status_report
from kiosk.tasks import TaskGroup
from kiosk.texts import Texts
from kiosk.ticket import IssuedTicket
from kiosk.timers import Timers
from kiosk.view import KioskView, Screen, priority_class, service_items

_LOGGER = logging.getLogger(__name__)
STOP_GRACE_S = 5.0  # a tapped ticket may finish printing on stop (the unit allows 15 s)
_TICKET_SCREENS = {Screen.TICKET, Screen.FALLBACK, Screen.REFUSED, Screen.OUT_OF_SERVICE}


class KioskModel:
    """State and behaviour of one kiosk; `start()` it with a `DeviceConnection`."""

    def __init__(self, config: KioskConfig, *, printer: PrinterService | None,
                 journal: Journal, app_version: str = "") -> None:
        self.config = config
        self.printer = printer
        self.journal = journal
        self.app_version = app_version
        self.language = config.default_language
        self.texts = Texts(self.language)
        self.pin = PinLock(config.kiosk.service_pin)
        self.on_exit: Callable[[], None] | None = None
        self.tasks = TaskGroup()
        self.timers = Timers()
        self.issuer = TicketIssuer(self)
        self.menu = ServiceMenu(self)
        self.link = HubLink(config, journal, app_version=app_version, changed=self.refresh,
                            status=self.device_status, busy_keys=self.issuer.busy_keys,
                            tasks=self.tasks)
        self._listeners: list[Callable[[], None]] = []
        self._overlay: Screen | None = None
        self._ticket: IssuedTicket | None = None
        self._message: str | None = None
        self._printer_state: PrinterState = "unknown" if printer else "none"
        self.view = self._make_view()

    # -- observing -------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener()` after every change of `view`; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def refresh(self) -> None:
        """Recompute the view and tell listeners if it changed."""
        view = self._make_view()
        if view == self.view:
            return
        self.view = view
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                _LOGGER.exception("kiosk view listener failed")

    @property
    def screen(self) -> Screen:
        """The screen showing now."""
        return self.view.screen

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self, connection: DeviceConnection) -> None:
        """Connect to the hub and start watching the printer."""
        if self.printer is not None:
            self.printer.start(self._on_printer_status)
        if self.config.kiosk.service_pin == DEFAULT_PIN:
            _LOGGER.warning("the service menu PIN is the default one: set kiosk.service_pin")
        await self.link.start(connection)
        self.refresh()

    async def stop(self) -> None:
        """Stop everything this model started (unseen tickets stay in the journal).

        A visitor who already tapped gets their ticket: the request in flight may finish
        (hub answer and print) for up to `STOP_GRACE_S` before the rest is cancelled.
        """
        if not await self.tasks.settle("issue", STOP_GRACE_S):
            _LOGGER.warning("stopping with a ticket still on its way (its key stays in the "
                            "journal and is settled at the next start)")
        self.timers.cancel_all()
        await self.tasks.cancel_all()
        await self.link.stop()
        if self.printer is not None:
            await self.printer.stop()
        self.timers.cancel_all()

    # -- the hub (DeviceConnection callbacks) ------------------------------------------------
    def on_item(self, item: StreamItem) -> None:
        """A snapshot or an event from the hub."""
        self.link.on_item(item)
        if self.language not in self.languages():
            self._set_language(self.config.default_language)
            self.refresh()

    def on_code(self, ticket: PairingCreated) -> None:
        """A pairing code to show."""
        self.link.on_code(ticket)

    def client(self) -> HubClient | None:
        """The client for commands (None before pairing)."""
        return self.link.client()

    def device_status(self) -> Mapping[str, Any]:
        """The kiosk's hardware status for the hub's device list (heartbeat status)."""
        if self.printer is None:
            printer: dict[str, Any] = {"state": "none", "device": "no printer"}
        else:
            printer = status_report(self.printer.label, self.printer.latest)
        return {"printer": printer, "unseen_tickets": self._unseen()}

    def _unseen(self) -> int:
        busy = self.issuer.busy_keys()
        return len([e for e in self.journal.entries() if e.key not in busy])

    # -- the printer ------------------------------------------------------------------------
    def _on_printer_status(self, status: PrinterStatus) -> None:
        state = printer_state(status)
        if state != self._printer_state:
            _LOGGER.info("printer: %s -> %s (%s)", self._printer_state, state, status.error or "")
            self._printer_state = state
            self.link.push_status()
        self.refresh()

    async def read_printer(self) -> PrinterState:
        """Read the printer's status now (off the loop thread) and publish it."""
        if self.printer is None:
            return "none"
        status = await self.printer.read_status()
        self._on_printer_status(status)
        return printer_state(status)

    # -- what the visitor does --------------------------------------------------------------
    def languages(self) -> tuple[str, ...]:
        """The languages offered: the kiosk's, as far as the office has them."""
        offered = self.config.kiosk.languages
        if self.link.state is not None:
            offered = [lang for lang in offered if lang in self.link.state.languages] or offered
        return tuple(offered)

    def priority_offered(self) -> bool:
        """Tell whether the office has a priority class at all (per service: the view)."""
        return priority_class(self.link.state) is not None

    def touch(self) -> None:
        """Someone touched the screen: restart the idle countdown."""
        self.timers.start("idle", self.config.kiosk.idle_timeout_s, self._idle)

    def _idle(self) -> None:
        if self._overlay in (Screen.PIN, Screen.MENU):
            self._overlay = self._message = None
        if self._overlay is None:
            self._set_language(self.config.default_language)
        self.refresh()

    def set_language(self, language: str) -> None:
        """Switch the language (home screen)."""
        if language in self.languages():
            self.touch()
            self._set_language(language)
            self.refresh()

    def _set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.texts = Texts(language)

    def request_ticket(self, service_id: str, *, priority: bool = False) -> bool:
        """Issue, print and show a ticket; False (ignored) if one is already on its way."""
        service = next((s for s in service_items(self.link.state, self.language)
                        if s.id == service_id), None)
        if self.screen is not Screen.HOME or service is None or self.issuer.busy:
            return False
        priority_name = priority_class(self.link.state)
        if priority and not (service.priority_allowed and priority_name):
            return False
        self.touch()
        if not self.issuer.start(service, priority_name if priority else "normal",
                                 self.language):
            return False
        self._show(Screen.ISSUING)
        return True

    def show_ticket(self, ticket: IssuedTicket, *, printed: bool) -> None:
        """Put the visitor's ticket on screen: "take your ticket" or "take a photo"."""
        self._ticket = ticket
        kiosk = self.config.kiosk
        if printed:
            self._show(Screen.TICKET, kiosk.confirmation_s)
        else:
            self._show(Screen.FALLBACK, kiosk.fallback_s)

    def show_notice(self, screen: Screen, message: str | None = None) -> None:
        """A notice instead of a ticket (refused, out of service), for a little while."""
        self._message = message
        seconds = self.config.kiosk.notice_s
        self._show(screen, seconds * 2 if screen is Screen.OUT_OF_SERVICE else seconds)

    def ticket_displayed(self, ticket_id: str) -> None:
        """The UI drew an unprinted ticket's number: the visitor has seen it."""
        self.issuer.displayed(ticket_id)

    def done(self) -> None:
        """The visitor is finished with the ticket or notice: back home."""
        if self._overlay in _TICKET_SCREENS and self.issuer.awaiting is None:
            self._show(None)

    def _show(self, overlay: Screen | None, seconds: float | None = None) -> None:
        """Put an overlay screen up (None: back to the base screen) and arm its timeout."""
        self._overlay = overlay
        if overlay not in (Screen.REFUSED, Screen.PIN, Screen.MENU):
            self._message = None
        if overlay not in (Screen.TICKET, Screen.FALLBACK):
            self._ticket = None
        if seconds is None:
            self.timers.cancel("overlay")
        else:
            self.timers.start("overlay", seconds, self._overlay_expired)
        self.refresh()

    def _overlay_expired(self) -> None:
        if self.issuer.awaiting is not None:
            self.timers.cancel("ack")
            self.issuer.not_shown()  # the number never reached the screen
            return
        self._set_language(self.config.default_language)
        self._show(None)

    # -- staff ------------------------------------------------------------------------------
    def open_service_menu(self) -> None:
        """Staff long-pressed the status bar: ask for the PIN."""
        if self._overlay not in (Screen.ISSUING, Screen.PIN, Screen.MENU):
            self.touch()
            self._message = None
            self._show(Screen.PIN)

    def enter_pin(self, attempt: str) -> bool:
        """Check the PIN; on success the service menu opens."""
        self.touch()
        result = self.pin.check(attempt)
        if result == "ok":
            self._message = None
            self._show(Screen.MENU)
            return True
        if result == "locked":
            seconds = max(1, round(self.pin.locked_for()))
            self._message = self.texts.n_(
                "Too many wrong PINs. Try again in %(n)d second.",
                "Too many wrong PINs. Try again in %(n)d seconds.", seconds) % {"n": seconds}
        else:
            self._message = self.texts._("Wrong PIN")
        self.refresh()
        return False

    def close_service_menu(self) -> None:
        """Back to the visitors' screens."""
        if self._overlay in (Screen.PIN, Screen.MENU):
            self._message = None
            self._show(None)

    def set_menu_message(self, message: str | None) -> None:
        """Show the result of a service menu action."""
        self._message = message
        self.refresh()

    @property
    def last_ticket(self) -> IssuedTicket | None:
        """The last ticket issued here, for the service menu's reprint."""
        return self.issuer.last

    def request_exit(self) -> None:
        """Staff chose "exit" in the service menu."""
        if self.on_exit is not None:
            self.on_exit()

    # -- the view ---------------------------------------------------------------------------
    def _base_screen(self) -> Screen:
        link = self.link
        if link.hub is ConnectionState.PAIRING and link.pairing_code:
            return Screen.PAIRING
        if link.connected and link.state is not None:
            return Screen.HOME
        if link.state is None:
            return Screen.OUT_OF_SERVICE if link.startup_over else Screen.STARTING
        if link.lost and not link.lost_over:
            return Screen.HOME  # a blip: the stream is being resumed
        return Screen.OUT_OF_SERVICE

    def _make_view(self) -> KioskView:
        base = self._base_screen()
        screen = self._overlay or base
        if self._overlay is Screen.OUT_OF_SERVICE and base is Screen.PAIRING:
            screen = base
        link = self.link
        connection = link.connection
        return KioskView(
            screen=screen, language=self.language, languages=self.languages(),
            default_language=self.config.default_language,
            site=link.state.site if link.state else "",
            services=service_items(link.state, self.language),
            hub=str(link.hub), printer=self._printer_state, ticket=self._ticket,
            printer_configured=self.printer is not None, pairing_code=link.pairing_code,
            message=self._message, busy=self.menu.busy,
            device_name=connection.name if connection else self.config.kiosk.device_name,
            hub_url=connection.client.base_url if connection and connection.client else "",
            printer_label=self.printer.label if self.printer else "", unseen=self._unseen())
