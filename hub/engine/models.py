"""Plain value objects of the queue: services, counters, tickets and the office policy.

Everything here is immutable; the engine returns new objects inside events instead of
mutating, so a command that fails part-way changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, time, tzinfo
from enum import StrEnum


class TicketState(StrEnum):
    """Where a ticket is in its life. See docs/queue-policy.md for the transitions."""

    WAITING = "waiting"
    TRANSFERRED = "transferred"  # waiting again, in the queue of the service/counter it was sent to
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still open when the business day closed


QUEUED_STATES = frozenset({TicketState.WAITING, TicketState.TRANSFERRED})
AT_COUNTER_STATES = frozenset({TicketState.CALLED, TicketState.SERVING})
TERMINAL_STATES = frozenset(
    {TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.EXPIRED}
)


class CounterState(StrEnum):
    """Whether a counter takes customers."""

    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


NORMAL = "normal"
PRIORITY = "priority"


@dataclass(frozen=True, slots=True)
class Service:
    """A kind of business visitors queue for, with its own ticket prefix."""

    id: str
    prefix: str
    names: Mapping[str, str]
    target_wait_s: int = 600
    # Prior mean service time, used until the day has observed enough real ones.
    expected_service_s: int = 300
    priority_allowed: bool = True

    def name(self, language: str, fallback: str = "en") -> str:
        """The service name in ``language``, else the fallback language, else the id."""
        return self.names.get(language) or self.names.get(fallback) or self.id


@dataclass(frozen=True, slots=True)
class Counter:
    """A service point (window, desk, room) and the services it serves, each with a weight."""

    id: str
    number: str  # what the display shows and the voice says: "counter 3"
    skills: Mapping[str, float]
    name: str | None = None
    # Planned shifts, office-local clock times (start, end), in order; empty: no plan. The
    # clerk still opens and closes the counter; the plan tells the wait estimate when.
    hours: tuple[tuple[time, time], ...] = ()

    def serves(self, service_id: str) -> bool:
        """True if the counter takes tickets of ``service_id``."""
        return self.skills.get(service_id, 0.0) > 0.0


@dataclass(frozen=True, slots=True)
class Policy:
    """Office-wide rules of the queue (see docs/queue-policy.md)."""

    recall_limit: int = 3
    max_number: int = 999
    # Head start, in seconds of waiting, that each priority class gets over `normal`.
    # New kinds (appointment, vip, ...) are just new entries.
    priority_boost_s: Mapping[str, float] = field(
        default_factory=lambda: {NORMAL: 0.0, PRIORITY: 900.0}
    )
    # Any ticket that has waited this long goes first, whatever its class or service weight.
    max_wait_s: float | None = 3600.0
    # How fast each class's claim grows per second waited (absent: 1). Above 1 a class
    # accumulates priority faster, so its visitors overtake fresh normal tickets but not
    # ones that have waited long (an accumulating-priority queue).
    aging_rate: Mapping[str, float] = field(default_factory=dict)
    # A ticket that has waited this long claims as much as the best class: the visitors
    # with the longest waits are no longer overtaken by fresh priority tickets.
    protect_after_s: float | None = None
    # Whether counters order their services by skill weight (else every weight counts as 1;
    # the benchmark's first-come-first-served and strict-priority baselines turn it off).
    skill_weights: bool = True
    # How a skill weight counts. None: it multiplies the claim (a weight-2 service goes first
    # until the other has waited twice as long, without bound). Seconds: each point of weight
    # is a head start of that many seconds at that counter (300: with weights 2 and 1, the
    # weight-2 service goes first unless the other's visitor has waited 5 minutes longer).
    skill_weight_s: float | None = None

    def knows_priority(self, priority: str) -> bool:
        """True if ``priority`` is a configured class."""
        return priority in self.priority_boost_s


@dataclass(frozen=True, slots=True)
class OfficeConfig:
    """The office the engine runs: its services, counters, languages and policy."""

    site_name: str
    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    languages: tuple[str, ...] = ("en",)
    policy: Policy = field(default_factory=Policy)
    timezone: tzinfo = UTC  # the site's: counters' planned hours are in its local time

    def service(self, service_id: str) -> Service | None:
        """The service with ``service_id``, or None."""
        return next((s for s in self.services if s.id == service_id), None)

    def counter(self, counter_id: str) -> Counter | None:
        """The counter with ``counter_id``, or None."""
        return next((c for c in self.counters if c.id == counter_id), None)


@dataclass(frozen=True, slots=True)
class Ticket:
    """One visitor's place in the queue. Times are POSIX seconds (UTC)."""

    id: str
    number: str
    seq_no: int
    service_id: str
    priority: str
    language: str
    state: TicketState
    business_day: str
    issued_at: float
    # When the ticket (re)joined a queue; a transfer keeps the original arrival so the
    # visitor does not start over at the back.
    queued_at: float
    called_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    counter_id: str | None = None
    target_counter_id: str | None = None
    recall_count: int = 0
    transfer_count: int = 0

    @property
    def is_queued(self) -> bool:
        """True while the ticket waits to be called."""
        return self.state in QUEUED_STATES

    @property
    def is_terminal(self) -> bool:
        """True once the ticket can change no more."""
        return self.state in TERMINAL_STATES


@dataclass(frozen=True, slots=True)
class CounterStatus:
    """The live state of a counter."""

    id: str
    state: CounterState = CounterState.CLOSED
    ticket_id: str | None = None
    pause_reason: str | None = None
    changed_at: float = 0.0
