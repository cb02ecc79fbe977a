"""Engine objects to API models: pure functions, tested on their own."""

from __future__ import annotations

from hub.api.schemas import (
    CallView,
    CounterView,
    EventMessage,
    ServiceView,
    StateView,
    TicketSnapshot,
    TicketView,
)
from hub.engine import Counter, CounterStatus, OfficeState, RecordedEvent, Ticket
from hub.store.codec import counter_to_dict, ticket_to_dict


def ticket_snapshot(ticket: Ticket) -> TicketSnapshot:
    """The ticket without its place in line."""
    fields = ticket_to_dict(ticket)
    fields.pop("seq_no")
    return TicketSnapshot(**fields)


def ticket_view(state: OfficeState, ticket: Ticket, now: float) -> TicketView:
    """The ticket with people ahead and estimated wait as of `now`."""
    estimate = state.estimate_for(ticket, now)
    return TicketView(
        **ticket_snapshot(ticket).model_dump(),
        people_ahead=estimate.people_ahead,
        estimated_wait_s=estimate.estimated_wait_s,
        estimated_wait_low_s=estimate.estimated_wait_low_s,
        estimated_wait_high_s=estimate.estimated_wait_high_s,
    )


def counter_view(state: OfficeState, counter: Counter, status: CounterStatus) -> CounterView:
    """A configured counter with its live status."""
    ticket = state.tickets.get(status.ticket_id) if status.ticket_id else None
    return CounterView(
        id=counter.id, number=counter.number, name=counter.name, skills=dict(counter.skills),
        state=status.state.value, ticket_id=status.ticket_id,
        ticket_number=ticket.number if ticket else None, pause_reason=status.pause_reason,
        changed_at=status.changed_at,
    )


def state_view(state: OfficeState, seq: int, hub_id: str, now: float) -> StateView:
    """The whole office as of `seq`."""
    config = state.config
    services = []
    for service in config.services:
        estimate = state.estimate_for_service(service.id, now)
        services.append(ServiceView(
            id=service.id, prefix=service.prefix, names=dict(service.names),
            target_wait_s=service.target_wait_s, priority_allowed=service.priority_allowed,
            waiting=estimate.people_ahead, estimated_wait_s=estimate.estimated_wait_s,
            estimated_wait_low_s=estimate.estimated_wait_low_s,
            estimated_wait_high_s=estimate.estimated_wait_high_s,
        ))
    numbers = {c.id: c.number for c in config.counters}
    waiting = sorted(state.queued(), key=lambda t: (t.queued_at, t.number))
    return StateView(
        seq=seq, hub_id=hub_id, site=config.site_name, business_day=state.business_day,
        languages=list(config.languages), priorities=list(config.policy.priority_boost_s),
        services=services,
        counters=[counter_view(state, c, state.counters[c.id]) for c in config.counters],
        waiting=[ticket_view(state, t, now) for t in waiting],
        recent_calls=[
            CallView(ticket_id=c.ticket_id, number=c.number, service_id=c.service_id,
                     counter_id=c.counter_id, counter_number=numbers.get(c.counter_id, "?"),
                     at=c.at, recall=c.recall)
            for c in state.recent_calls
        ],
    )


def event_message(recorded: RecordedEvent) -> EventMessage:
    """An event as streamed: `{"seq", "type", "at", "data"}`."""
    event = recorded.event
    data = dict(event.data)
    if event.ticket is not None:
        data["ticket"] = ticket_snapshot(event.ticket).model_dump()
    if event.counter is not None:
        data["counter"] = counter_to_dict(event.counter)
    return EventMessage(seq=recorded.seq, type=event.type, at=event.at, data=data)
