"""Events: every change of the queue is one of these, carrying the new state it caused.

Events carry full snapshots of the ticket and counter they changed (event-carried state),
so applying them is trivial, the store can project them into rows, and a display that
receives `ticket.called` needs nothing else to show the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from hub.engine.models import CounterStatus, Ticket

EventType = Literal[
    "ticket.issued",
    "ticket.called",
    "ticket.recalled",
    "ticket.serving",
    "ticket.done",
    "ticket.no_show",
    "ticket.cancelled",
    "ticket.transferred",
    "ticket.expired",
    "counter.changed",
    "day.closed",
    "device.changed",
]

EVENT_TYPES: tuple[EventType, ...] = EventType.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Event:
    """A change the engine decided. The store gives it its `seq` when it is written."""

    type: EventType
    at: float
    ticket: Ticket | None = None
    counter: CounterStatus | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as stored: numbered with the hub's strictly increasing sequence."""

    seq: int
    event: Event


class EngineListener:
    """Base for code that reacts to events; override only the methods you need."""

    def on_event(self, recorded: RecordedEvent) -> None:
        """Called once per event after it was made durable, in `seq` order."""
