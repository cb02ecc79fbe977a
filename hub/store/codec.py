"""Rows and JSON for engine objects: how tickets, counters and events are stored."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from hub.engine import CounterState, CounterStatus, Event, Ticket, TicketState

# Field names, read once: `dataclasses.asdict` deep-copies and is slow on the hot path.
_TICKET_FIELDS = tuple(f.name for f in fields(Ticket))
_COUNTER_FIELDS = tuple(f.name for f in fields(CounterStatus))


def ticket_to_dict(ticket: Ticket) -> dict[str, Any]:
    """A ticket as plain JSON-able values."""
    row = {name: getattr(ticket, name) for name in _TICKET_FIELDS}
    row["state"] = ticket.state.value
    return row


def ticket_from_dict(row: dict[str, Any]) -> Ticket:
    """Inverse of `ticket_to_dict` (extra columns such as `updated_seq` are ignored)."""
    fields = {k: row[k] for k in Ticket.__dataclass_fields__ if k in row}
    fields["state"] = TicketState(fields["state"])
    return Ticket(**fields)


def counter_to_dict(status: CounterStatus) -> dict[str, Any]:
    """A counter status as plain JSON-able values."""
    row = {name: getattr(status, name) for name in _COUNTER_FIELDS}
    row["state"] = status.state.value
    return row


def counter_from_dict(row: dict[str, Any]) -> CounterStatus:
    """Inverse of `counter_to_dict`."""
    fields = {k: row[k] for k in CounterStatus.__dataclass_fields__ if k in row}
    fields["state"] = CounterState(fields["state"])
    return CounterStatus(**fields)


def event_payload(event: Event) -> str:
    """The stored JSON of an event: its data plus the snapshots it carries."""
    payload: dict[str, Any] = {"data": event.data}
    if event.ticket is not None:
        payload["ticket"] = ticket_to_dict(event.ticket)
    if event.counter is not None:
        payload["counter"] = counter_to_dict(event.counter)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def event_from_row(type_: str, at: float, payload: str) -> Event:
    """Rebuild an event from its stored columns."""
    decoded = json.loads(payload)
    ticket = decoded.get("ticket")
    counter = decoded.get("counter")
    return Event(
        type=type_,  # type: ignore[arg-type]
        at=at,
        ticket=ticket_from_dict(ticket) if ticket else None,
        counter=counter_from_dict(counter) if counter else None,
        data=decoded.get("data") or {},
    )
