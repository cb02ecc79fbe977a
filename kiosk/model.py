"""The kiosk's brain, without Qt: screens, decisions, and every call to the hub and printer.

The UI renders `view` and calls methods (`request_ticket`, `set_language`, `touch`, ...);
listeners hear that something changed. Everything runs on the asyncio loop (qasync in the
app, a plain loop in tests); printer I/O goes to `PrinterService` threads.

A ticket request: remember it in the journal -> issue with one Idempotency-Key (retries
reuse it) -> print -> the visitor sees it (paper, or the number on screen) -> forget it.
Whatever the visitor never saw is cancelled (`recovery`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from hardware.printer import PrinterError, PrinterStatus, TicketContent
from hub.api.schemas import EventMessage, PairingCreated, StateView
from hub.client import (
    ConnectionState,
    DeviceConnection,
    HubClient,
    HubError,
    HubUnreachable,
    RetryPolicy,
    Snapshot,
    StreamItem,
    new_idempotency_key,
)
from kiosk.config import DEFAULT_PIN, KioskConfig
from kiosk.journal import Journal
from kiosk.menu import ServiceMenu
from kiosk.pin import PinLock
from kiosk.printing import (
    PRINTABLE,
    PrinterService,
    PrinterState,
    printer_state,
    status_report,
)
from kiosk.recovery import settle_one, settle_unseen
from kiosk.texts import Texts
from kiosk.ticket import IssuedTicket, public_base_url, ticket_content, tracking_url
from kiosk.timers import Timers
from kiosk.view import KioskView, Screen, ServiceItem, priority_class, service_items

_LOGGER = logging.getLogger(__name__)

# A visitor is waiting in front of the screen: give up on the hub sooner than the default.
COMMAND_RETRY = RetryPolicy(attempts=3, initial=0.2, maximum=1.0)
COMMAND_TIMEOUT_S = 4.0
STARTUP_GRACE_S = 20.0  # "starting" turns into "out of service" after this long
ACK_TIMEOUT_S = 5.0  # the screen must confirm it showed an unprinted number within this
REFRESH_DELAY_S = 0.3  # queue figures are re-read this long after an event (coalesced)
SETTLE_RETRY_S = 10.0
_OVERLAYS = {Screen.ISSUING, Screen.TICKET, Screen.FALLBACK, Screen.REFUSED,
             Screen.OUT_OF_SERVICE, Screen.PIN, Screen.MENU}


class KioskModel:
    """State and behaviour of one kiosk; start it with a `DeviceConnection`."""

    def __init__(self, config: KioskConfig, *, printer: PrinterService | None,
                 journal: Journal, app_version: str = "") -> None:
        self.config = config
        self.printer = printer
        self.journal = journal
        self.app_version = app_version
        self.connection: DeviceConnection | None = None
        self.language = config.default_language
        self.texts = Texts(self.language)
        self.pin = PinLock(config.kiosk.service_pin)
        self.menu = ServiceMenu(self)
        self.on_exit: Callable[[], None] | None = None
        self._listeners: list[Callable[[], None]] = []
        self._timers = Timers()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._state: StateView | None = None
        self._hub = ConnectionState.SEARCHING
        self._startup_over = False  # "starting" has lasted too long: out of service
        self._lost = False  # the hub stream was lost after having been connected
        self._lost_over = False  # ... for longer than the grace period
        self._pairing_code: str | None = None
        self._overlay: Screen | None = None
        self._ticket: IssuedTicket | None = None
        self._message: str | None = None
        self._issuing = False
        self._active_key: str | None = None
        self._awaiting_ack: tuple[str, str] | None = None  # (journal key, ticket id)
        self._last_ticket: IssuedTicket | None = None
        self._client: HubClient | None = None
        self._printer_state: PrinterState = "unknown" if printer else "none"
        self.view = self._make_view()

    # -- observing -------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener()` after every change of `view`; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self) -> None:
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

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run `coro` as a task the model cancels on `stop()`."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOGGER.error("kiosk task %s failed", task.get_name(), exc_info=task.exception())

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self, connection: DeviceConnection) -> None:
        """Connect to the hub and start watching the printer."""
        self.connection = connection
        self._timers.start("startup", STARTUP_GRACE_S, self._startup_expired)
        connection.status.subscribe(self._on_connection)
        if self.printer is not None:
            self.printer.start(self._on_printer_status)
        if self.config.kiosk.service_pin == DEFAULT_PIN:
            _LOGGER.warning("the service menu PIN is the default one: set kiosk.service_pin")
        await connection.start()
        self._changed()

    async def stop(self) -> None:
        """Stop everything this model started (pending tickets stay in the journal)."""
        self._timers.cancel_all()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.connection is not None:
            await self.connection.stop()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self.printer is not None:
            await self.printer.stop()

    # -- the hub ----------------------------------------------------------------------------
    def on_item(self, item: StreamItem) -> None:
        """A snapshot or an event from the hub (DeviceConnection's `on_item`)."""
        if isinstance(item, Snapshot):
            self._apply_state(item.state)
        elif isinstance(item, EventMessage) and item.type.startswith(("ticket.", "counter.",
                                                                      "day.")):
            self._timers.start_once("refresh", REFRESH_DELAY_S,
                                    lambda: self.spawn(self._refresh(), "kiosk-refresh"))

    def on_code(self, ticket: PairingCreated) -> None:
        """Pairing: show this code until staff approve it (DeviceConnection's `on_code`)."""
        self._pairing_code = ticket.code
        self._changed()

    def device_status(self) -> Mapping[str, Any]:
        """The kiosk's hardware status for the hub's device list (heartbeat status)."""
        if self.printer is None:
            printer: dict[str, Any] = {"state": "none", "device": "no printer"}
        else:
            printer = status_report(self.printer.label, self.printer.latest)
        return {"printer": printer, "unseen_tickets": self._unseen()}

    def _unseen(self) -> int:
        """Tickets waiting to be cancelled (not the one being issued or shown right now)."""
        busy = {self._active_key, self._awaiting_ack[0] if self._awaiting_ack else None}
        return len([e for e in self.journal.entries() if e.key not in busy])

    def client(self) -> HubClient | None:
        """A client for commands, tuned for a visitor waiting (shorter retries)."""
        base = self.connection.client if self.connection is not None else None
        if base is None:
            return None
        current = self._client
        if current is None or (current.base_url, current.token) != (base.base_url, base.token):
            if current is not None:
                self.spawn(current.aclose(), "kiosk-client-close")
            self._client = HubClient(base.base_url, base.token, timeout=COMMAND_TIMEOUT_S,
                                     retry=COMMAND_RETRY)
        return self._client

    def _apply_state(self, state: StateView) -> None:
        self._state = state
        if self.language not in self.languages():
            self._set_language(self.config.default_language)
        self._changed()

    async def _refresh(self) -> None:
        client = self.client()
        if client is None:
            return
        with contextlib.suppress(HubUnreachable, HubError):
            self._apply_state(await client.state())

    def _on_connection(self, state: ConnectionState) -> None:
        previous, self._hub = self._hub, state
        if state is ConnectionState.CONNECTED:
            self._lost = self._lost_over = False
            self._timers.cancel("grace")
            self._pairing_code = None
            self._timers.cancel("startup")
            self.spawn(self._settle(), "kiosk-settle")
        elif previous is ConnectionState.CONNECTED:
            self._lost = True
            self._timers.start("grace", self.config.kiosk.out_of_service_after_s,
                               self._grace_expired)
        if state is ConnectionState.REVOKED:
            _LOGGER.error("the hub refused this kiosk's token: pairing again")
            self._timers.start("repair", 2.0, lambda: self.spawn(self._restart(), "repair"))
        self._changed()

    async def _restart(self) -> None:
        if self.connection is not None:
            await self.connection.stop()
            await self.connection.start()

    async def _settle(self) -> None:
        """Cancel unseen tickets now, and keep trying while some are left."""
        client = self.client()
        if client is None:
            return
        skip = frozenset({self._active_key} if self._active_key else ())
        left = await settle_unseen(client, self.journal, skip=skip)
        self._changed()
        if left:
            self._timers.start("settle", SETTLE_RETRY_S,
                               lambda: self.spawn(self._settle(), "kiosk-settle"))

    def _push_status(self) -> None:
        """Tell the hub about a printer change now, not at the next heartbeat."""
        client = self.client()
        if client is None or self._hub is not ConnectionState.CONNECTED:
            return

        async def push() -> None:
            with contextlib.suppress(HubUnreachable, HubError):
                await client.heartbeat(self.app_version, dict(self.device_status()))

        self.spawn(push(), "kiosk-status")

    # -- the printer ------------------------------------------------------------------------
    def _on_printer_status(self, status: PrinterStatus) -> None:
        state = printer_state(status)
        if state != self._printer_state:
            _LOGGER.info("printer: %s -> %s (%s)", self._printer_state, state, status.error or "")
            self._printer_state = state
            self._push_status()
        self._changed()

    async def read_printer(self) -> PrinterState:
        """Read the printer's status now (off the loop thread) and publish it."""
        if self.printer is None:
            return "none"
        status = await self.printer.read_status()
        self._on_printer_status(status)
        return printer_state(status)

    async def print_content(self, content: TicketContent, state_before: PrinterState) -> bool:
        """Print if the printer can; True when the ticket came out (as far as we can know)."""
        if self.printer is None or state_before not in PRINTABLE:
            return False
        try:
            await self.printer.print_ticket(content)
        except PrinterError as exc:
            _LOGGER.error("ticket %s not printed: %s", content.number, exc)
            await self.read_printer()
            return False
        if self.printer.printer.can_read_status:  # paper may have run out on this ticket
            return await self.read_printer() != "paper_out"
        return True

    # -- what the visitor does --------------------------------------------------------------
    def languages(self) -> tuple[str, ...]:
        """The languages offered: the kiosk's, as far as the office has them."""
        offered = self.config.kiosk.languages
        if self._state is not None:
            offered = [lang for lang in offered if lang in self._state.languages] or offered
        return tuple(offered)

    def priority_offered(self) -> bool:
        """Tell whether the office has a priority class at all (per service: the view)."""
        return priority_class(self._state) is not None

    def touch(self) -> None:
        """Someone touched the screen: restart the idle countdown."""
        self._timers.start("idle", self.config.kiosk.idle_timeout_s, self._idle)

    def _idle(self) -> None:
        if self._overlay in (Screen.PIN, Screen.MENU):
            self._overlay = None
            self._message = None
        if self._overlay is None:
            self._set_language(self.config.default_language)
        self._changed()

    def set_language(self, language: str) -> None:
        """Switch the language (home screen)."""
        if language in self.languages():
            self.touch()
            self._set_language(language)
            self._changed()

    def _set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.texts = Texts(language)

    def request_ticket(self, service_id: str, *, priority: bool = False) -> bool:
        """Issue, print and show a ticket; False (ignored) if one is already on its way."""
        service = next((s for s in service_items(self._state, self.language)
                        if s.id == service_id), None)
        if self._issuing or self.screen is not Screen.HOME or service is None:
            return False
        priority_name = priority_class(self._state)
        if priority and not (service.priority_allowed and priority_name):
            return False
        self.touch()
        self._issuing = True
        self._show(Screen.ISSUING)
        self.spawn(self._issue(service, priority_name if priority else "normal",
                                self.language), "kiosk-issue")
        return True

    async def _issue(self, service: ServiceItem, priority: str, language: str) -> None:
        key = self._active_key = new_idempotency_key()
        self.journal.begin(key, service.id, priority, language)
        try:
            printer_check = self.spawn(self.read_printer(), "kiosk-printer-check")
            ticket = await self._ask_hub(key, service, priority, language)
            if ticket is None:
                return
            content = ticket_content(ticket, site_name=self.view.site, config=self.config)
            printed = await self.print_content(content, await printer_check)
            self._ticket = self._last_ticket = ticket
            if printed:
                self.journal.settle(key)
                self._show(Screen.TICKET, self.config.kiosk.confirmation_s)
            else:
                self._awaiting_ack = (key, ticket.id)
                self._timers.start("ack", ACK_TIMEOUT_S, self._not_shown)
                self._show(Screen.FALLBACK, self.config.kiosk.fallback_s)
        finally:
            self._issuing = False
            self._active_key = None

    async def _ask_hub(self, key: str, service: ServiceItem, priority: str,
                       language: str) -> IssuedTicket | None:
        client = self.client()
        try:
            if client is None:
                raise HubUnreachable("(not connected)")
            view = await client.issue_ticket(service.id, language=language, priority=priority,
                                             key=key)
        except HubUnreachable as exc:
            _LOGGER.error("no answer from the hub for a %s ticket: %s", service.id, exc)
            self._show(Screen.OUT_OF_SERVICE, self.config.kiosk.notice_s * 2)
            self._timers.start("settle", SETTLE_RETRY_S / 2,
                               lambda: self.spawn(self._settle(), "kiosk-settle"))
            return None
        except HubError as exc:
            _LOGGER.warning("hub refused a %s ticket: %s", service.id, exc)
            self.journal.settle(key)
            if exc.status in (401, 403):  # this kiosk may not issue: staff must fix it
                self._show(Screen.OUT_OF_SERVICE, self.config.kiosk.notice_s * 2)
                return None
            self._message = self.texts._("Sorry, no ticket can be issued for this service "
                                         "right now.")
            self._show(Screen.REFUSED, self.config.kiosk.notice_s)
            return None
        self.journal.issued(key, view.id, view.number)
        base = public_base_url(client.base_url, self.config.kiosk.public_url)
        return IssuedTicket.from_view(view, service_name=service.name,
                                      url=tracking_url(base, view.id))

    def ticket_displayed(self, ticket_id: str) -> None:
        """The UI drew the unprinted ticket's number: the visitor has seen it."""
        if self._awaiting_ack is not None and self._awaiting_ack[1] == ticket_id:
            self.journal.settle(self._awaiting_ack[0])
            self._awaiting_ack = None
            self._timers.cancel("ack")

    def _not_shown(self) -> None:
        """Neither printed nor drawn: nobody holds this number, so cancel it."""
        if self._awaiting_ack is None:
            return
        key, ticket_id = self._awaiting_ack
        self._awaiting_ack = None
        _LOGGER.error("ticket %s was neither printed nor shown: cancelling it", ticket_id)
        client = self.client()
        entry = next((e for e in self.journal.entries() if e.key == key), None)
        if client is not None and entry is not None:
            self.spawn(settle_one(client, self.journal, entry), "kiosk-cancel")
        self.done()

    def done(self) -> None:
        """The visitor is finished with the ticket screen: back home."""
        if self._overlay in (Screen.TICKET, Screen.FALLBACK, Screen.REFUSED,
                             Screen.OUT_OF_SERVICE):
            if self._awaiting_ack is not None:
                return  # the number must have been drawn before it may go away
            self._show(None)

    def _show(self, overlay: Screen | None, seconds: float | None = None) -> None:
        """Put an overlay screen up (None: back to home) and arm its way back."""
        self._overlay = overlay
        if overlay not in (Screen.REFUSED, Screen.PIN, Screen.MENU):
            self._message = None
        if overlay is None:
            self._ticket = None
        if seconds is None:
            self._timers.cancel("overlay")
        else:
            self._timers.start("overlay", seconds, self._overlay_expired)
        self._changed()

    def _overlay_expired(self) -> None:
        if self._awaiting_ack is not None:
            self._not_shown()
            return
        self._show(None)
        self._set_language(self.config.default_language)
        self._changed()

    # -- the view ---------------------------------------------------------------------------
    def _startup_expired(self) -> None:
        self._startup_over = True
        self._changed()

    def _grace_expired(self) -> None:
        self._lost_over = self._lost
        self._changed()

    def _base_screen(self) -> Screen:
        if self._hub is ConnectionState.PAIRING and self._pairing_code:
            return Screen.PAIRING
        if self._hub is ConnectionState.CONNECTED and self._state is not None:
            return Screen.HOME
        if self._state is None:
            return Screen.OUT_OF_SERVICE if self._startup_over else Screen.STARTING
        if self._lost and not self._lost_over:
            return Screen.HOME  # a blip: the stream is being resumed
        return Screen.OUT_OF_SERVICE

    def _make_view(self) -> KioskView:
        base = self._base_screen()
        overlay = self._overlay
        screen = overlay if overlay in _OVERLAYS else base
        if overlay is Screen.OUT_OF_SERVICE and base is not Screen.HOME:
            screen = base if base is Screen.PAIRING else Screen.OUT_OF_SERVICE
        state = self._state
        connection = self.connection
        return KioskView(
            screen=screen, language=self.language, languages=self.languages(),
            default_language=self.config.default_language,
            site=state.site if state else "", services=service_items(state, self.language),
            hub=str(self._hub), printer=self._printer_state,
            ticket=self._ticket, printer_configured=self.printer is not None,
            pairing_code=self._pairing_code, message=self._message, busy=self.menu.busy,
            device_name=connection.name if connection else self.config.kiosk.device_name,
            hub_url=connection.client.base_url if connection and connection.client else "",
            printer_label=self.printer.label if self.printer else "",
            unseen=self._unseen())

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
        self._changed()
        return False

    def close_service_menu(self) -> None:
        """Back to the visitors' screens."""
        if self._overlay in (Screen.PIN, Screen.MENU):
            self._message = None
            self._show(None)

    def set_menu_message(self, message: str | None) -> None:
        """Show the result of a service menu action."""
        self._message = message
        self._changed()

    @property
    def last_ticket(self) -> IssuedTicket | None:
        """The last ticket issued here, for the service menu's reprint."""
        return self._last_ticket

    def request_exit(self) -> None:
        """Staff chose "exit" in the service menu."""
        if self.on_exit is not None:
            self.on_exit()
