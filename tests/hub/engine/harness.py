"""A frozen-clock office for engine tests: run commands, apply their events, check replay.

`Desk` is the engine's only caller in these tests. Every command it runs is checked to leave
the state untouched (commands are pure; only `OfficeState.apply` changes it), and after the
events are applied the state must equal a fresh replay of the whole event log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any

from hub.config import load_office
from hub.engine import (
    NORMAL,
    PRIORITY,
    Counter,
    CounterState,
    Event,
    OfficeConfig,
    OfficeState,
    Policy,
    Service,
    Ticket,
    TicketState,
    commands,
)

# Monday 2 March 2026, 09:00 UTC (= 09:00 in London, GMT in winter): the tests' frozen "now".
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp()
DAY0 = "2026-03-02"

Command = Callable[..., list[Event]]
Snapshot = dict[str, Any]


def sample_config() -> OfficeConfig:
    """The embedded sample office: general(A)/payments(B)/documents(C), counters 1-4."""
    return load_office().config


def with_policy(config: OfficeConfig, **changes: Any) -> OfficeConfig:
    """`config` with some policy fields changed."""
    return replace(config, policy=replace(config.policy, **changes))


def small_config() -> OfficeConfig:
    """Two services, three counters and single-digit numbers, so numbering wraps quickly."""
    return OfficeConfig(
        site_name="Small office",
        services=(
            Service("general", "A", {"en": "General"}, expected_service_s=120),
            Service("payments", "B", {"en": "Payments"}, expected_service_s=60,
                    priority_allowed=False),
        ),
        counters=(
            Counter("k1", "1", {"general": 1.0, "payments": 3.0}),
            Counter("k2", "2", {"general": 2.0}),
            Counter("k3", "3", {"payments": 1.0}),
        ),
        languages=("en", "zh"),
        policy=Policy(
            recall_limit=1, max_number=9,
            priority_boost_s={NORMAL: 0.0, PRIORITY: 300.0}, max_wait_s=1200.0,
        ),
    )


def snapshot(state: OfficeState) -> Snapshot:
    """Every field of the state but its config (indexes included), copied deeply."""
    return {f.name: deepcopy(getattr(state, f.name)) for f in fields(state)
            if f.name != "config"}


def replay(config: OfficeConfig, business_day: str, events: Iterable[Event]) -> OfficeState:
    """A new state built by applying `events` in order."""
    state = OfficeState(config=config, business_day=business_day)
    for event in events:
        state.apply(event)
    return state


def types_of(events: Iterable[Event]) -> list[str]:
    """The event types, in order."""
    return [e.type for e in events]


class Desk:
    """Runs engine commands at a frozen, manually advanced time and keeps the event log."""

    def __init__(self, config: OfficeConfig, *, now: float = T0, day: str = DAY0) -> None:
        self.config = config
        self.first_day = day
        self.state = OfficeState(config=config, business_day=day)
        self.now = now
        self.log: list[Event] = []
        self._ids = 0

    def run(self, command: Command, **kwargs: Any) -> list[Event]:
        """Decide `command` now, apply its events, and check purity and replay."""
        before = snapshot(self.state)
        try:
            events = command(self.state, self.now, **kwargs)
        finally:
            assert snapshot(self.state) == before, "a command changed the state itself"
        for event in events:
            self.state.apply(event)
        self.log.extend(events)
        fresh = replay(self.config, self.first_day, self.log)
        assert snapshot(fresh) == snapshot(self.state), "state differs from a replay"
        return events

    def advance(self, seconds: float) -> None:
        """Move the frozen clock forward."""
        self.now += seconds

    def new_id(self) -> str:
        """A fresh ticket id."""
        self._ids += 1
        return f"t{self._ids:04d}"

    def issue(
        self, service_id: str, priority: str = NORMAL, language: str | None = None
    ) -> Ticket:
        """Issue one ticket and return it as the state holds it."""
        (event,) = self.run(
            commands.issue_ticket, ticket_id=self.new_id(), service_id=service_id,
            priority=priority, language=language,
        )
        assert event.type == "ticket.issued"
        assert event.ticket is not None
        return self.state.tickets[event.ticket.id]

    def open(self, *counter_ids: str) -> None:
        """Open counters."""
        for counter_id in counter_ids:
            self.run(commands.open_counter, counter_id=counter_id)
            assert self.state.counters[counter_id].state is CounterState.OPEN

    def ticket(self, ticket_id: str) -> Ticket:
        """The ticket as the state holds it now."""
        return self.state.tickets[ticket_id]

    def state_of(self, ticket_id: str) -> TicketState:
        """The state of a ticket now."""
        return self.state.tickets[ticket_id].state

