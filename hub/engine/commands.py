"""Commands: pure functions from (state, time, arguments) to the events they cause.

None of them changes the state: the caller makes the events durable, then applies them.
Each raises an `EngineError` and returns no events when the command does not fit.
"""

from __future__ import annotations

from dataclasses import replace

from hub.engine.errors import ConflictError, InvalidRequestError, NotFoundError
from hub.engine.events import Event
from hub.engine.models import (
    AT_COUNTER_STATES,
    QUEUED_STATES,
    Counter,
    CounterState,
    CounterStatus,
    Service,
    Ticket,
    TicketState,
)
from hub.engine.numbering import format_number, next_seq_no
from hub.engine.routing import choose_next
from hub.engine.state import OfficeState


def _service(state: OfficeState, service_id: str, field: str = "service_id") -> Service:
    service = state.config.service(service_id)
    if service is None:
        raise NotFoundError(f"there is no service {service_id!r}", field=field)
    return service


def _counter(state: OfficeState, counter_id: str) -> tuple[Counter, CounterStatus]:
    counter = state.config.counter(counter_id)
    if counter is None:
        raise NotFoundError(f"there is no counter {counter_id!r}", field="counter_id")
    return counter, state.counters[counter_id]


def _current(state: OfficeState, status: CounterStatus) -> Ticket:
    if status.ticket_id is None:
        raise ConflictError(
            f"counter {status.id!r} has no customer", current_state=status.state.value
        )
    return state.tickets[status.ticket_id]


def _counter_event(status: CounterStatus, now: float, **changes: object) -> Event:
    return Event("counter.changed", now, counter=replace(status, changed_at=now, **changes))


# -- visitors -----------------------------------------------------------------------------
def issue_ticket(
    state: OfficeState,
    now: float,
    *,
    ticket_id: str,
    service_id: str,
    priority: str = "normal",
    language: str | None = None,
) -> list[Event]:
    """Give a visitor the next number of `service_id`."""
    service = _service(state, service_id)
    policy = state.config.policy
    if not policy.knows_priority(priority):
        known = ", ".join(sorted(policy.priority_boost_s))
        raise InvalidRequestError(
            f"unknown priority class {priority!r} (known: {known})", field="priority"
        )
    if priority != "normal" and not service.priority_allowed:
        raise InvalidRequestError(
            f"service {service_id!r} does not take {priority!r} tickets", field="priority"
        )
    language = language or state.config.languages[0]
    if language not in state.config.languages:
        known = ", ".join(state.config.languages)
        raise InvalidRequestError(
            f"language {language!r} is not offered here (offered: {known})", field="language"
        )
    seq_no = next_seq_no(
        service, state.last_seq_no.get(service_id, 0), state.tickets.values(), policy.max_number,
        state.live_numbers,
    )
    ticket = Ticket(
        id=ticket_id,
        number=format_number(service.prefix, seq_no, policy.max_number),
        seq_no=seq_no,
        service_id=service_id,
        priority=priority,
        language=language,
        state=TicketState.WAITING,
        business_day=state.business_day,
        issued_at=now,
        queued_at=now,
    )
    return [Event("ticket.issued", now, ticket=ticket)]


def cancel_ticket(state: OfficeState, now: float, *, ticket_id: str) -> list[Event]:
    """Withdraw a ticket that has not been served (visitor left, or never saw it)."""
    ticket = state.tickets.get(ticket_id)
    if ticket is None:
        raise NotFoundError(f"there is no open ticket {ticket_id!r} today", field="ticket_id")
    if ticket.state not in QUEUED_STATES | {TicketState.CALLED}:
        raise ConflictError(
            f"ticket {ticket.number} is {ticket.state.value} and cannot be cancelled",
            current_state=ticket.state.value,
        )
    events = [Event("ticket.cancelled", now, ticket=replace(
        ticket, state=TicketState.CANCELLED, finished_at=now))]
    if ticket.state is TicketState.CALLED and ticket.counter_id:
        events.append(_counter_event(state.counters[ticket.counter_id], now, ticket_id=None))
    return events


# -- counters -----------------------------------------------------------------------------
def call_next(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """Call the next ticket to `counter_id`; no events when nothing waits for it.

    A customer still at the counter is finished first (one button, all day long).
    """
    counter, status = _counter(state, counter_id)
    if status.state is not CounterState.OPEN:
        raise ConflictError(
            f"counter {counter_id!r} is {status.state.value}; open it to call",
            current_state=status.state.value,
        )
    finished: list[Event] = []
    if status.ticket_id is not None:
        finished = finish(state, now, counter_id=counter_id)
    ticket = choose_next(state.queue.values(), counter, state.config.policy, now)
    if ticket is None:
        return finished
    # The counter goes straight from the finished visitor to the next: one counter change.
    events = [e for e in finished if e.type != "counter.changed"]
    called = replace(
        ticket, state=TicketState.CALLED, called_at=now, counter_id=counter_id,
        target_counter_id=None, recall_count=0, started_at=None,
    )
    events.append(Event("ticket.called", now, ticket=called,
                        data={"counter_id": counter_id, "counter_number": counter.number}))
    events.append(_counter_event(status, now, ticket_id=called.id))
    return events


def recall(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """Call the current ticket again; past the office's recall limit it becomes a no-show."""
    counter, status = _counter(state, counter_id)
    ticket = _current(state, status)
    if ticket.state is not TicketState.CALLED:
        raise ConflictError(
            f"ticket {ticket.number} is {ticket.state.value}; only a called ticket is recalled",
            current_state=ticket.state.value,
        )
    if ticket.recall_count >= state.config.policy.recall_limit:
        return no_show(state, now, counter_id=counter_id, reason="recall_limit")
    recalled = replace(ticket, recall_count=ticket.recall_count + 1, called_at=now)
    return [Event("ticket.recalled", now, ticket=recalled,
                  data={"counter_id": counter_id, "counter_number": counter.number})]


def start(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """The called visitor arrived: service begins."""
    _, status = _counter(state, counter_id)
    ticket = _current(state, status)
    if ticket.state is not TicketState.CALLED:
        raise ConflictError(
            f"ticket {ticket.number} is {ticket.state.value}; only a called ticket can start",
            current_state=ticket.state.value,
        )
    serving = replace(ticket, state=TicketState.SERVING, started_at=now)
    return [Event("ticket.serving", now, ticket=serving, data={"counter_id": counter_id})]


def finish(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """The visitor at the counter has been served."""
    _, status = _counter(state, counter_id)
    ticket = _current(state, status)
    done = replace(
        ticket, state=TicketState.DONE, finished_at=now,
        started_at=ticket.started_at or ticket.called_at,
    )
    return [
        Event("ticket.done", now, ticket=done, data={"counter_id": counter_id}),
        _counter_event(status, now, ticket_id=None),
    ]


def no_show(
    state: OfficeState, now: float, *, counter_id: str, reason: str = "clerk"
) -> list[Event]:
    """The called visitor did not come."""
    _, status = _counter(state, counter_id)
    ticket = _current(state, status)
    if ticket.state is not TicketState.CALLED:
        raise ConflictError(
            f"ticket {ticket.number} is {ticket.state.value}; only a called ticket can be a "
            "no-show", current_state=ticket.state.value,
        )
    gone = replace(ticket, state=TicketState.NO_SHOW, finished_at=now)
    return [
        Event("ticket.no_show", now, ticket=gone, data={"counter_id": counter_id,
                                                         "reason": reason}),
        _counter_event(status, now, ticket_id=None),
    ]


def transfer(
    state: OfficeState,
    now: float,
    *,
    counter_id: str,
    to_service_id: str | None = None,
    to_counter_id: str | None = None,
) -> list[Event]:
    """Send the visitor at the counter to another service's queue or another counter.

    The ticket keeps its number and its original arrival time.
    """
    if (to_service_id is None) == (to_counter_id is None):
        raise InvalidRequestError(
            "give exactly one of service_id or counter_id to transfer to", field="service_id"
        )
    _, status = _counter(state, counter_id)
    ticket = _current(state, status)
    service_id = ticket.service_id
    if to_service_id is not None:
        service_id = _service(state, to_service_id).id
    if to_counter_id is not None:
        target = state.config.counter(to_counter_id)
        if target is None:
            raise NotFoundError(f"there is no counter {to_counter_id!r}", field="counter_id")
        if to_counter_id == counter_id:
            raise InvalidRequestError("cannot transfer to the same counter", field="counter_id")
        if not target.serves(service_id):
            # Keep the ticket servable there: take the target's main service.
            service_id = max(target.skills, key=lambda s: target.skills[s])
    moved = replace(
        ticket, state=TicketState.TRANSFERRED, service_id=service_id, counter_id=None,
        target_counter_id=to_counter_id, called_at=None, started_at=None, recall_count=0,
        transfer_count=ticket.transfer_count + 1,
    )
    data = {"from_counter_id": counter_id, "from_service_id": ticket.service_id,
            "to_service_id": service_id, "to_counter_id": to_counter_id}
    return [
        Event("ticket.transferred", now, ticket=moved, data=data),
        _counter_event(status, now, ticket_id=None),
    ]


def _set_counter_state(
    state: OfficeState, now: float, counter_id: str, target: CounterState,
    allowed_from: set[CounterState], reason: str | None = None,
) -> list[Event]:
    _, status = _counter(state, counter_id)
    if status.state is target:
        return []  # already there: pressing "open" twice is harmless
    if status.state not in allowed_from:
        raise ConflictError(
            f"counter {counter_id!r} is {status.state.value}; cannot become {target.value}",
            current_state=status.state.value,
        )
    if target is not CounterState.OPEN and status.ticket_id is not None:
        ticket = state.tickets[status.ticket_id]
        raise ConflictError(
            f"counter {counter_id!r} still has ticket {ticket.number}; finish or transfer it",
            current_state=status.state.value,
        )
    return [_counter_event(status, now, state=target, pause_reason=reason)]


def open_counter(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """Open the counter for customers."""
    return _set_counter_state(state, now, counter_id, CounterState.OPEN, {CounterState.CLOSED})


def close_counter(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """Close the counter (end of shift)."""
    return _set_counter_state(
        state, now, counter_id, CounterState.CLOSED, {CounterState.OPEN, CounterState.PAUSED}
    )


def pause(state: OfficeState, now: float, *, counter_id: str, reason: str = "") -> list[Event]:
    """Take a break, with a reason staff can see."""
    return _set_counter_state(
        state, now, counter_id, CounterState.PAUSED, {CounterState.OPEN}, reason or None
    )


def resume(state: OfficeState, now: float, *, counter_id: str) -> list[Event]:
    """Come back from a break."""
    return _set_counter_state(state, now, counter_id, CounterState.OPEN, {CounterState.PAUSED})


# -- the day --------------------------------------------------------------------------------
def close_day(state: OfficeState, now: float, *, new_business_day: str) -> list[Event]:
    """End the business day: unserved tickets expire and numbering restarts."""
    if new_business_day <= state.business_day:
        raise ConflictError(
            f"business day {state.business_day} cannot be followed by {new_business_day}",
            current_state=state.business_day, field="business_day",
        )
    events: list[Event] = []
    for ticket in sorted(state.tickets.values(), key=lambda t: (t.issued_at, t.id)):
        if ticket.is_queued or ticket.state in AT_COUNTER_STATES:
            expired = replace(ticket, state=TicketState.EXPIRED, finished_at=now)
            events.append(Event("ticket.expired", now, ticket=expired))
    for status in state.counters.values():
        if status.ticket_id is not None:
            events.append(_counter_event(status, now, ticket_id=None))
    expired = sum(1 for e in events if e.type == "ticket.expired")
    events.append(Event("day.closed", now, data={
        "business_day": state.business_day, "new_business_day": new_business_day,
        "issued": len(state.tickets), "expired": expired,
    }))
    return events
