"""The queue engine: pure Python, no I/O and no clock reads (time is passed in).

It decides what a command does to the office (`commands`), as events (`events`) that the
caller makes durable and then folds into the state (`OfficeState.apply`).
"""

from hub.engine import commands, devices
from hub.engine.calendar import business_day
from hub.engine.devices import Device
from hub.engine.errors import (
    ConflictError,
    EngineError,
    InvalidRequestError,
    NotFoundError,
    QueueFullError,
)
from hub.engine.estimate import WaitEstimate
from hub.engine.events import EVENT_TYPES, EngineListener, Event, EventType, RecordedEvent
from hub.engine.models import (
    NORMAL,
    PRIORITY,
    QUEUED_STATES,
    TERMINAL_STATES,
    Counter,
    CounterState,
    CounterStatus,
    OfficeConfig,
    Policy,
    Service,
    Ticket,
    TicketState,
)
from hub.engine.state import Call, OfficeState

__all__ = [
    "EVENT_TYPES",
    "NORMAL",
    "PRIORITY",
    "QUEUED_STATES",
    "TERMINAL_STATES",
    "Call",
    "ConflictError",
    "Counter",
    "CounterState",
    "CounterStatus",
    "Device",
    "EngineError",
    "EngineListener",
    "Event",
    "EventType",
    "InvalidRequestError",
    "NotFoundError",
    "OfficeConfig",
    "OfficeState",
    "Policy",
    "QueueFullError",
    "RecordedEvent",
    "Service",
    "Ticket",
    "TicketState",
    "WaitEstimate",
    "business_day",
    "commands",
    "devices",
]
