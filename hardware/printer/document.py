"""The ticket as an ordered list of blocks, shared by the ESC/POS layout and the PNG preview.

Keeping the order and sizes in one place makes the preview show what the printer prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hardware.printer.content import TicketContent

NUMBER_MAX_SCALE = 6
"""Largest character magnification used for the ticket number (``GS !`` allows 1-8)."""


@dataclass(frozen=True)
class TextBlock:
    """A centred paragraph; ``width``/``height`` are ``GS !`` magnifications (1-8)."""

    text: str
    width: int = 1
    height: int = 1
    bold: bool = False


@dataclass(frozen=True)
class QrBlock:
    """A QR code holding ``url``."""

    url: str


@dataclass(frozen=True)
class LogoBlock:
    """A picture file printed as a dithered bitmap."""

    path: Path


@dataclass(frozen=True)
class RuleBlock:
    """A thin horizontal separator line."""


@dataclass(frozen=True)
class FeedBlock:
    """Blank space of ``lines`` normal text lines."""

    lines: int = 1


Block = TextBlock | QrBlock | LogoBlock | RuleBlock | FeedBlock


def number_scale(number: str, print_width: int, cell_dots: int = 12) -> int:
    """Return the largest magnification at which ``number`` fits on one line."""
    fits = print_width // (cell_dots * max(1, len(number)))
    return max(1, min(NUMBER_MAX_SCALE, fits))


def ticket_blocks(ticket: TicketContent, print_width: int) -> list[Block]:
    """Lay out a ticket from top to bottom: brand, number, details, QR, footer."""
    blocks: list[Block] = []
    if ticket.logo_path is not None:
        blocks.append(LogoBlock(ticket.logo_path))
    blocks.extend(TextBlock(line) for line in ticket.header_lines)
    blocks.append(TextBlock(ticket.site_name, width=1, height=2, bold=True))
    blocks.append(RuleBlock())
    blocks.append(TextBlock(ticket.service_name, width=2, height=2, bold=True))
    scale = number_scale(ticket.number, print_width)
    blocks.append(TextBlock(ticket.number, width=scale, height=scale, bold=True))
    if ticket.priority_label:
        blocks.append(TextBlock(ticket.priority_label, width=2, height=2, bold=True))
    blocks.append(FeedBlock())
    blocks.extend(TextBlock(text) for text in
                  (ticket.issued_at_text, ticket.people_ahead_text, ticket.wait_text) if text)
    if ticket.qr_url:
        blocks.append(QrBlock(ticket.qr_url))
    if ticket.footer_lines:
        blocks.append(RuleBlock())
        blocks.extend(TextBlock(line) for line in ticket.footer_lines)
    return blocks
