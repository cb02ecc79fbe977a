"""What the kiosk screen shows right now: plain frozen data the UI renders, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hub.api.schemas import StateView
from kiosk.printing import PrinterState
from kiosk.texts import pick_name
from kiosk.ticket import IssuedTicket


class Screen(StrEnum):
    """The screens of the kiosk."""

    STARTING = "starting"  # looking for the hub, before its first answer
    PAIRING = "pairing"  # not set up: showing the six-digit code for staff
    HOME = "home"  # language switch and services
    ISSUING = "issuing"  # asking the hub, printing
    TICKET = "ticket"  # printed: "please take your ticket"
    FALLBACK = "fallback"  # not printed: the number on screen, "take a photo"
    REFUSED = "refused"  # the hub issued no ticket for this service
    OUT_OF_SERVICE = "out_of_service"  # the hub is unreachable
    PIN = "pin"  # staff enter the service menu PIN
    MENU = "menu"  # staff service menu


@dataclass(frozen=True)
class ServiceItem:
    """One service button: its name in the current language and its queue figures."""

    id: str
    name: str
    waiting: int
    estimated_wait_s: int | None
    priority_allowed: bool


@dataclass(frozen=True)
class KioskView:
    """Everything a screen needs; the UI draws it and calls model methods, nothing else."""

    screen: Screen
    language: str
    languages: tuple[str, ...]
    default_language: str
    site: str
    services: tuple[ServiceItem, ...]
    hub: str  # a ConnectionState value
    printer: PrinterState
    ticket: IssuedTicket | None = None
    printer_configured: bool = True  # False: screen-only kiosk, the number is never printed
    pairing_code: str | None = None
    message: str | None = None  # refusals, PIN and service menu results (translated)
    busy: bool = False  # a service menu action is running
    device_name: str = ""
    hub_url: str = ""
    printer_label: str = ""
    unseen: int = 0  # tickets nobody saw, waiting to be cancelled


def service_items(state: StateView | None, language: str) -> tuple[ServiceItem, ...]:
    """The services of a hub snapshot, named in `language`, in the hub's order."""
    if state is None:
        return ()
    return tuple(ServiceItem(id=s.id, name=pick_name(s.names, language, s.id),
                             waiting=s.waiting, estimated_wait_s=s.estimated_wait_s,
                             priority_allowed=s.priority_allowed)
                 for s in state.services)


def priority_class(state: StateView | None) -> str | None:
    """The office's priority class for the "priority" button (None: it has none)."""
    if state is None:
        return None
    return next((p for p in state.priorities if p != "normal"), None)
