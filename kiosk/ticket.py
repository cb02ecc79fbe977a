"""A ticket the hub issued, as the kiosk shows and prints it; and its tracking link."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit, urlunsplit

from hardware.printer import TicketContent, options_from_config
from hub.api.schemas import TicketView
from kiosk.config import KioskConfig
from kiosk.texts import Texts

API_PATH = "/api/v1"


def public_base_url(hub_api_url: str, configured: str = "") -> str:
    """The base URL phones reach the hub at: the configured one, else the kiosk's own.

    `hub_api_url` is what the kiosk talks to (`http://10.0.0.5:8470/api/v1`); installers
    behind NAT set `public_url` because phones may see the hub under another address.
    """
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(hub_api_url)
    path = parts.path.rstrip("/")
    if path.endswith(API_PATH):
        path = path[: -len(API_PATH)]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def tracking_url(base_url: str, ticket_id: str) -> str:
    """The live page of one ticket: `<base>/t/<ticket id>` (served by the hub)."""
    return f"{base_url.rstrip('/')}/t/{quote(ticket_id, safe='')}"


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket as the visitor sees it, with the figures from the hub's answer.

    The wait is the hub's point estimate (a median) with its 80% range, low and high (None
    when the hub gives none).
    """

    id: str
    number: str
    service_id: str
    service_name: str
    priority: str
    language: str
    people_ahead: int
    estimated_wait_s: int | None
    issued_at: datetime
    url: str
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None

    @property
    def is_priority(self) -> bool:
        """Tell whether the ticket is of a priority class."""
        return self.priority != "normal"

    @classmethod
    def from_view(cls, view: TicketView, *, service_name: str, url: str) -> IssuedTicket:
        """Build from the hub's answer (times become local time of the kiosk)."""
        return cls(id=view.id, number=view.number, service_id=view.service_id,
                   service_name=service_name, priority=view.priority, language=view.language,
                   people_ahead=view.people_ahead, estimated_wait_s=view.estimated_wait_s,
                   issued_at=datetime.fromtimestamp(view.issued_at).astimezone(), url=url,
                   estimated_wait_low_s=view.estimated_wait_low_s,
                   estimated_wait_high_s=view.estimated_wait_high_s)

    def wait_text(self, texts: Texts) -> str:
        """The wait line, with the range when the estimate is uncertain."""
        return texts.estimated_wait(self.estimated_wait_s, low_s=self.estimated_wait_low_s,
                                    high_s=self.estimated_wait_high_s)


def ticket_content(ticket: IssuedTicket, *, site_name: str, config: KioskConfig,
                   reprint: bool = False) -> TicketContent:
    """What goes on paper, every line in the ticket's language."""
    texts = Texts(ticket.language)
    header = config.lines("header", ticket.language) or ()
    if reprint:
        header = (texts._("COPY"), *header)
    footer = config.lines("footer", ticket.language)
    if footer is None:
        footer = (texts._("Please watch the screen: your number will be called."),)
    return TicketContent(
        language=ticket.language,
        site_name=site_name,
        number=ticket.number,
        service_name=ticket.service_name,
        issued_at_text=texts.issued_at(ticket.issued_at),
        people_ahead_text=texts.people_ahead(ticket.people_ahead),
        wait_text=paper_wait_text(ticket, texts, _paper_columns(config))
        if config.ticket.show_wait else "",
        qr_url=ticket.url,
        header_lines=header,
        footer_lines=footer,
        logo_path=config.logo_path,
        priority_label=texts._("Priority ticket") if ticket.is_priority else None,
    )


def paper_wait_text(ticket: IssuedTicket, texts: Texts, columns: int) -> str:
    """The wait line for paper `columns` characters wide (a Chinese character counts two).

    When the whole line does not fit but the point alone does, the range goes to a line of
    its own: the printer may break Chinese between any two characters ("约 12 分钟（8–15 分"
    / "钟）"). Otherwise the line wraps as usual; the range's spaces do not break.
    """
    whole = ticket.wait_text(texts)
    spread = texts.wait_range(ticket.estimated_wait_s, ticket.estimated_wait_low_s,
                              ticket.estimated_wait_high_s)
    point = texts.estimated_wait(ticket.estimated_wait_s)
    if spread is None or _width(whole) <= columns or _width(point) > columns:
        return whole
    return f"{point}\n{spread}"


def _paper_columns(config: KioskConfig) -> int:
    """Normal-size characters per printed line (80 mm paper when no printer is set)."""
    return options_from_config(config.printer_dict() if config.has_printer else {}).columns


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
