"""Ticket numbers: prefix plus a zero-padded per-day sequence (`A001`), wrapping safely."""

from __future__ import annotations

from collections.abc import Container, Iterable

from hub.engine.errors import QueueFullError
from hub.engine.models import Service, Ticket


def format_number(prefix: str, seq_no: int, max_number: int) -> str:
    """`A` + 7 with a maximum of 999 gives `A007`: the width is that of the maximum."""
    return f"{prefix}{seq_no:0{len(str(max_number))}d}"


def next_seq_no(
    service: Service,
    last_seq_no: int,
    day_tickets: Iterable[Ticket],
    max_number: int,
    live_numbers: Container[str] | None = None,
) -> int:
    """The next free sequence number for `service` today.

    Counts up from the last one issued; past `max_number` it wraps to 1, skipping any number
    still held by a ticket that is not finished, so two live tickets never share a number.
    Numbers are compared as printed (`A002`), because a ticket transferred to another
    service keeps its number. `live_numbers`, when the caller keeps it, saves a scan.
    """
    in_use = live_numbers
    if in_use is None:
        in_use = {t.number for t in day_tickets if not t.is_terminal}
    candidate = last_seq_no
    for _ in range(max_number):
        candidate = candidate + 1 if candidate < max_number else 1
        if format_number(service.prefix, candidate, max_number) not in in_use:
            return candidate
    raise QueueFullError(
        f"all {max_number} numbers of service {service.id!r} are in use",
        field="service_id",
    )
