"""Ticket and counter lifecycles: what each command emits, and what it refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hub.engine import (
    EVENT_TYPES,
    PRIORITY,
    ConflictError,
    CounterState,
    EngineError,
    Event,
    InvalidRequestError,
    NotFoundError,
    Ticket,
    TicketState,
    commands,
)
from tests.hub.engine.harness import T0, Desk, sample_config, types_of, with_policy


def called_id(events: list[Event]) -> str | None:
    """The id of the ticket a `call_next` called, if any."""
    return next((e.ticket.id for e in events if e.type == "ticket.called" and e.ticket), None)


def call(desk: Desk, counter_id: str) -> Ticket:
    """Call next at `counter_id` and return the called ticket."""
    ticket_id = called_id(desk.run(commands.call_next, counter_id=counter_id))
    assert ticket_id is not None
    return desk.ticket(ticket_id)


# -- issuing ----------------------------------------------------------------------------------
def test_issue_ticket(desk: Desk) -> None:
    events = desk.run(commands.issue_ticket, ticket_id="abc", service_id="documents",
                      priority=PRIORITY, language="zh")
    assert types_of(events) == ["ticket.issued"]
    ticket = desk.ticket("abc")
    assert events[0].ticket == ticket
    assert events[0].at == T0
    assert ticket == Ticket(
        id="abc", number="C001", seq_no=1, service_id="documents", priority=PRIORITY,
        language="zh", state=TicketState.WAITING, business_day="2026-03-02", issued_at=T0,
        queued_at=T0,
    )


def test_issue_defaults_to_the_first_language(desk: Desk) -> None:
    assert desk.issue("general").language == "en"


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"service_id": "passports"}, NotFoundError, "service_id"),
        ({"service_id": "general", "priority": "vip"}, InvalidRequestError, "priority"),
        ({"service_id": "general", "language": "fr"}, InvalidRequestError, "language"),
    ],
)
def test_issue_refusals(desk: Desk, kwargs: dict[str, Any], error: type[EngineError],
                        field: str) -> None:
    with pytest.raises(error) as info:
        desk.run(commands.issue_ticket, ticket_id="x", **kwargs)
    assert info.value.field == field
    assert desk.state.tickets == {}
    assert desk.log == []


def test_issue_priority_refused_where_not_allowed(small: Desk) -> None:
    with pytest.raises(InvalidRequestError) as info:
        small.run(commands.issue_ticket, ticket_id="x", service_id="payments",
                  priority=PRIORITY)
    assert info.value.field == "priority"
    assert small.issue("general", PRIORITY).priority == PRIORITY


# -- the happy path ---------------------------------------------------------------------------
def test_waiting_called_serving_done(desk: Desk) -> None:
    desk.open("counter-1")
    issued = desk.issue("general")
    desk.advance(120)
    events = desk.run(commands.call_next, counter_id="counter-1")
    assert types_of(events) == ["ticket.called", "counter.changed"]
    assert events[0].data == {"counter_id": "counter-1", "counter_number": "1"}
    called = desk.ticket(issued.id)
    assert (called.state, called.counter_id, called.called_at) == (
        TicketState.CALLED, "counter-1", T0 + 120)
    assert desk.state.counters["counter-1"].ticket_id == issued.id
    assert desk.state.counters["counter-1"].changed_at == T0 + 120
    assert desk.state.recent_calls[0].ticket_id == issued.id

    desk.advance(30)
    assert types_of(desk.run(commands.start, counter_id="counter-1")) == ["ticket.serving"]
    assert desk.ticket(issued.id).state is TicketState.SERVING
    assert desk.ticket(issued.id).started_at == T0 + 150

    desk.advance(200)
    events = desk.run(commands.finish, counter_id="counter-1")
    assert types_of(events) == ["ticket.done", "counter.changed"]
    done = desk.ticket(issued.id)
    assert (done.state, done.started_at, done.finished_at) == (
        TicketState.DONE, T0 + 150, T0 + 350)
    assert desk.state.counters["counter-1"].ticket_id is None
    assert desk.state.service_times["general"].count == 1
    assert desk.state.service_times["general"].total_s == 200


def test_finish_without_start_counts_from_the_call(desk: Desk) -> None:
    desk.open("counter-2")
    issued = desk.issue("general")
    desk.advance(10)
    call(desk, "counter-2")
    desk.advance(90)
    desk.run(commands.finish, counter_id="counter-2")
    done = desk.ticket(issued.id)
    assert (done.state, done.started_at, done.finished_at) == (
        TicketState.DONE, T0 + 10, T0 + 100)
    assert desk.state.service_times["general"].total_s == 90


def test_no_show(desk: Desk) -> None:
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    events = desk.run(commands.no_show, counter_id="counter-2")
    assert types_of(events) == ["ticket.no_show", "counter.changed"]
    assert events[0].data == {"counter_id": "counter-2", "reason": "clerk"}
    assert desk.state_of(issued.id) is TicketState.NO_SHOW
    assert desk.ticket(issued.id).finished_at == T0
    assert desk.state.counters["counter-2"].ticket_id is None
    assert "general" not in desk.state.service_times  # a no-show is not a service time


@pytest.mark.parametrize("command", [commands.no_show, commands.recall])
def test_no_show_and_recall_refused_once_serving(desk: Desk, command: Callable[..., Any]) -> None:
    desk.open("counter-2")
    desk.issue("general")
    call(desk, "counter-2")
    desk.run(commands.start, counter_id="counter-2")
    with pytest.raises(ConflictError) as info:
        desk.run(command, counter_id="counter-2")
    assert info.value.current_state == "serving"


@pytest.mark.parametrize(
    "command",
    [commands.recall, commands.start, commands.finish, commands.no_show,
     lambda s, n, **kw: commands.transfer(s, n, to_service_id="payments", **kw)],
)
def test_counter_commands_need_a_customer(desk: Desk, command: Callable[..., Any]) -> None:
    desk.open("counter-1")
    with pytest.raises(ConflictError) as info:
        desk.run(command, counter_id="counter-1")
    assert info.value.current_state == "open"


def test_start_twice_refused(desk: Desk) -> None:
    desk.open("counter-2")
    desk.issue("general")
    call(desk, "counter-2")
    desk.run(commands.start, counter_id="counter-2")
    with pytest.raises(ConflictError) as info:
        desk.run(commands.start, counter_id="counter-2")
    assert info.value.current_state == "serving"


@pytest.mark.parametrize(
    "command",
    [commands.call_next, commands.recall, commands.start, commands.finish, commands.no_show,
     commands.open_counter, commands.close_counter, commands.pause, commands.resume],
)
def test_unknown_counter(desk: Desk, command: Callable[..., Any]) -> None:
    with pytest.raises(NotFoundError) as info:
        desk.run(command, counter_id="counter-9")
    assert info.value.field == "counter_id"


# -- cancel -----------------------------------------------------------------------------------
def test_cancel_waiting(desk: Desk) -> None:
    issued = desk.issue("general")
    desk.advance(5)
    events = desk.run(commands.cancel_ticket, ticket_id=issued.id)
    assert types_of(events) == ["ticket.cancelled"]
    assert desk.state_of(issued.id) is TicketState.CANCELLED
    assert desk.ticket(issued.id).finished_at == T0 + 5


def test_cancel_called_frees_the_counter(desk: Desk) -> None:
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    events = desk.run(commands.cancel_ticket, ticket_id=issued.id)
    assert types_of(events) == ["ticket.cancelled", "counter.changed"]
    assert desk.state_of(issued.id) is TicketState.CANCELLED
    assert desk.state.counters["counter-2"].ticket_id is None
    assert desk.state.counters["counter-2"].state is CounterState.OPEN


def test_cancel_transferred(desk: Desk) -> None:
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    desk.run(commands.transfer, counter_id="counter-2", to_service_id="documents")
    desk.run(commands.cancel_ticket, ticket_id=issued.id)
    assert desk.state_of(issued.id) is TicketState.CANCELLED


@pytest.mark.parametrize(
    ("steps", "current"),
    [
        ([commands.start], "serving"),
        ([commands.finish], "done"),
        ([commands.no_show], "no_show"),
    ],
)
def test_cancel_refused_after_the_call(
    desk: Desk, steps: list[Callable[..., Any]], current: str
) -> None:
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    for step in steps:
        desk.run(step, counter_id="counter-2")
    with pytest.raises(ConflictError) as info:
        desk.run(commands.cancel_ticket, ticket_id=issued.id)
    assert info.value.current_state == current
    assert desk.state_of(issued.id).value == current


def test_cancel_twice_refused(desk: Desk) -> None:
    issued = desk.issue("general")
    desk.run(commands.cancel_ticket, ticket_id=issued.id)
    with pytest.raises(ConflictError) as info:
        desk.run(commands.cancel_ticket, ticket_id=issued.id)
    assert info.value.current_state == "cancelled"


def test_cancel_unknown(desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        desk.run(commands.cancel_ticket, ticket_id="nope")


# -- transfer ---------------------------------------------------------------------------------
def test_transfer_to_a_service(desk: Desk) -> None:
    desk.open("counter-2", "counter-3")
    issued = desk.issue("general")
    desk.advance(300)
    call(desk, "counter-2")
    desk.run(commands.start, counter_id="counter-2")
    desk.advance(60)
    events = desk.run(commands.transfer, counter_id="counter-2", to_service_id="payments")
    assert types_of(events) == ["ticket.transferred", "counter.changed"]
    assert events[0].data == {"from_counter_id": "counter-2", "from_service_id": "general",
                              "to_service_id": "payments", "to_counter_id": None}
    moved = desk.ticket(issued.id)
    assert moved.state is TicketState.TRANSFERRED
    assert (moved.number, moved.queued_at, moved.issued_at) == ("A001", T0, T0)
    assert (moved.service_id, moved.counter_id, moved.target_counter_id) == (
        "payments", None, None)
    assert (moved.called_at, moved.started_at, moved.transfer_count) == (None, None, 1)
    assert desk.state.counters["counter-2"].ticket_id is None

    # counter-2 serves only general: it cannot call it any more; counter-3 (payments) can.
    assert desk.run(commands.call_next, counter_id="counter-2") == []
    assert call(desk, "counter-3").id == issued.id
    assert desk.ticket(issued.id).number == "A001"


def test_transfer_keeps_the_place_in_the_queue(desk: Desk) -> None:
    desk.open("counter-1", "counter-3")
    early = desk.issue("general")
    desk.advance(100)
    payment = desk.issue("payments")
    desk.advance(100)
    call(desk, "counter-1")  # the general ticket (waited 200 > 100)
    desk.run(commands.transfer, counter_id="counter-1", to_service_id="payments")
    assert call(desk, "counter-3").id == early.id  # it arrived before the payment ticket
    assert desk.state_of(payment.id) is TicketState.WAITING


def test_transfer_to_a_counter_is_called_first_there_only(desk: Desk) -> None:
    desk.open("counter-1", "counter-2", "counter-4")
    old = desk.issue("general")
    desk.advance(4000)  # `old` is now overdue
    moved = desk.issue("general")
    call(desk, "counter-1")  # old (overdue)
    assert desk.ticket(old.id).counter_id == "counter-1"
    call(desk, "counter-2")  # moved
    events = desk.run(commands.transfer, counter_id="counter-2", to_counter_id="counter-4")
    assert events[0].data["to_counter_id"] == "counter-4"
    queued = desk.ticket(moved.id)
    assert (queued.state, queued.target_counter_id, queued.service_id) == (
        TicketState.TRANSFERRED, "counter-4", "general")
    newer = desk.issue("general", PRIORITY)
    desk.advance(5000)  # `newer` is overdue too, but targeted tickets come first
    desk.run(commands.finish, counter_id="counter-1")
    # counter-1 serves general but may not call a ticket sent to counter-4.
    assert call(desk, "counter-1").id == newer.id
    desk.issue("general")
    assert call(desk, "counter-4").id == moved.id
    assert desk.ticket(moved.id).target_counter_id is None


def test_transfer_to_a_counter_that_does_not_serve_the_service(desk: Desk) -> None:
    """The ticket takes the target counter's heaviest service, so that counter can call it."""
    desk.open("counter-2", "counter-3")
    issued = desk.issue("general")
    call(desk, "counter-2")
    events = desk.run(commands.transfer, counter_id="counter-2", to_counter_id="counter-3")
    assert events[0].data["to_service_id"] == "documents"  # counter-3: documents weight 2
    assert desk.ticket(issued.id).service_id == "documents"
    assert call(desk, "counter-3").id == issued.id


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, InvalidRequestError),
        ({"to_service_id": "payments", "to_counter_id": "counter-3"}, InvalidRequestError),
        ({"to_counter_id": "counter-2"}, InvalidRequestError),  # the same counter
        ({"to_counter_id": "counter-9"}, NotFoundError),
        ({"to_service_id": "passports"}, NotFoundError),
    ],
)
def test_transfer_refusals(desk: Desk, kwargs: dict[str, str], error: type[EngineError]) -> None:
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    with pytest.raises(error):
        desk.run(commands.transfer, counter_id="counter-2", **kwargs)
    assert desk.state_of(issued.id) is TicketState.CALLED


# -- recall -----------------------------------------------------------------------------------
def test_recall_counts_and_turns_into_no_show_past_the_limit(desk: Desk) -> None:
    assert desk.config.policy.recall_limit == 3
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    for n in (1, 2, 3):
        desk.advance(30)
        events = desk.run(commands.recall, counter_id="counter-2")
        assert types_of(events) == ["ticket.recalled"]
        assert events[0].data == {"counter_id": "counter-2", "counter_number": "2"}
        assert desk.ticket(issued.id).recall_count == n
        assert desk.ticket(issued.id).called_at == desk.now
        assert desk.state.recent_calls[0].recall is True
    desk.advance(30)
    events = desk.run(commands.recall, counter_id="counter-2")
    assert types_of(events) == ["ticket.no_show", "counter.changed"]
    assert events[0].data["reason"] == "recall_limit"
    assert desk.state_of(issued.id) is TicketState.NO_SHOW
    assert desk.state.counters["counter-2"].ticket_id is None


@pytest.mark.parametrize("limit", [0, 1, 5])
def test_recall_limit_is_configurable(limit: int) -> None:
    desk = Desk(with_policy(sample_config(), recall_limit=limit))
    desk.open("counter-2")
    issued = desk.issue("general")
    call(desk, "counter-2")
    for _ in range(limit):
        desk.run(commands.recall, counter_id="counter-2")
    assert desk.state_of(issued.id) is TicketState.CALLED
    desk.run(commands.recall, counter_id="counter-2")
    assert desk.state_of(issued.id) is TicketState.NO_SHOW


# -- call next --------------------------------------------------------------------------------
def test_call_next_finishes_the_current_customer_first(desk: Desk) -> None:
    desk.open("counter-2")
    first = desk.issue("general")
    second = desk.issue("general")
    call(desk, "counter-2")
    desk.run(commands.start, counter_id="counter-2")
    desk.advance(100)
    events = desk.run(commands.call_next, counter_id="counter-2")
    # The counter goes straight from one visitor to the next: one counter change.
    assert types_of(events) == ["ticket.done", "ticket.called", "counter.changed"]
    assert events[-1].counter is not None
    assert events[-1].counter.ticket_id == second.id
    assert desk.state_of(first.id) is TicketState.DONE
    assert desk.ticket(first.id).finished_at == T0 + 100
    assert desk.state_of(second.id) is TicketState.CALLED
    assert desk.state.counters["counter-2"].ticket_id == second.id


def test_call_next_with_nobody_waiting_only_finishes(desk: Desk) -> None:
    desk.open("counter-2")
    first = desk.issue("general")
    call(desk, "counter-2")
    events = desk.run(commands.call_next, counter_id="counter-2")
    assert types_of(events) == ["ticket.done", "counter.changed"]
    assert desk.state_of(first.id) is TicketState.DONE
    assert desk.run(commands.call_next, counter_id="counter-2") == []


def test_call_next_resets_recall_count(desk: Desk) -> None:
    desk.open("counter-2")
    desk.issue("general")
    second = desk.issue("general")
    call(desk, "counter-2")
    desk.run(commands.recall, counter_id="counter-2")
    call(desk, "counter-2")
    assert desk.ticket(second.id).recall_count == 0


@pytest.mark.parametrize(("setup", "current"), [([], "closed"), ([commands.pause], "paused")])
def test_closed_or_paused_counters_cannot_call(
    desk: Desk, setup: list[Callable[..., Any]], current: str
) -> None:
    desk.issue("general")
    if setup:
        desk.open("counter-2")
    for step in setup:
        desk.run(step, counter_id="counter-2")
    with pytest.raises(ConflictError) as info:
        desk.run(commands.call_next, counter_id="counter-2")
    assert info.value.current_state == current


# -- counter states ---------------------------------------------------------------------------
OPEN, CLOSED, PAUSED = CounterState.OPEN, CounterState.CLOSED, CounterState.PAUSED
TO: dict[CounterState, list[Callable[..., list[Event]]]] = {
    CLOSED: [], OPEN: [commands.open_counter], PAUSED: [commands.open_counter, commands.pause],
}


@pytest.mark.parametrize(
    ("start_in", "command", "outcome"),
    [
        (CLOSED, commands.open_counter, OPEN),
        (OPEN, commands.open_counter, None),  # already open: no events
        (PAUSED, commands.open_counter, ConflictError),
        (OPEN, commands.pause, PAUSED),
        (PAUSED, commands.pause, None),
        (CLOSED, commands.pause, ConflictError),
        (PAUSED, commands.resume, OPEN),
        (OPEN, commands.resume, None),
        (CLOSED, commands.resume, ConflictError),
        (OPEN, commands.close_counter, CLOSED),
        (PAUSED, commands.close_counter, CLOSED),
        (CLOSED, commands.close_counter, None),
    ],
)
def test_counter_transitions(
    desk: Desk, start_in: CounterState, command: Callable[..., list[Event]],
    outcome: CounterState | type[ConflictError] | None,
) -> None:
    for step in TO[start_in]:
        desk.run(step, counter_id="counter-1")
    assert desk.state.counters["counter-1"].state is start_in
    desk.advance(60)
    if outcome is ConflictError:
        with pytest.raises(ConflictError) as info:
            desk.run(command, counter_id="counter-1")
        assert info.value.current_state == start_in.value
        assert desk.state.counters["counter-1"].state is start_in
    elif outcome is None:
        assert desk.run(command, counter_id="counter-1") == []
    else:
        events = desk.run(command, counter_id="counter-1")
        assert types_of(events) == ["counter.changed"]
        status = desk.state.counters["counter-1"]
        assert (status.state, status.changed_at) == (outcome, T0 + 60)


def test_pause_reason_is_kept_until_resumed(desk: Desk) -> None:
    desk.open("counter-1")
    desk.run(commands.pause, counter_id="counter-1", reason="lunch")
    assert desk.state.counters["counter-1"].pause_reason == "lunch"
    desk.run(commands.resume, counter_id="counter-1")
    assert desk.state.counters["counter-1"].pause_reason is None


@pytest.mark.parametrize("command", [commands.pause, commands.close_counter])
def test_counter_with_a_customer_cannot_pause_or_close(
    desk: Desk, command: Callable[..., Any]
) -> None:
    desk.open("counter-2")
    desk.issue("general")
    call(desk, "counter-2")
    with pytest.raises(ConflictError) as info:
        desk.run(command, counter_id="counter-2")
    assert info.value.current_state == "open"
    assert desk.state.counters["counter-2"].state is OPEN


# -- the day ----------------------------------------------------------------------------------
def test_close_day_expires_what_is_open_and_clears_the_state(desk: Desk) -> None:
    desk.open("counter-1", "counter-2", "counter-3")
    done = desk.issue("general")
    call(desk, "counter-2")
    desk.run(commands.finish, counter_id="counter-2")
    called = desk.issue("general")
    call(desk, "counter-2")
    serving = desk.issue("payments")
    call(desk, "counter-3")
    desk.run(commands.start, counter_id="counter-3")
    moved = desk.issue("general")
    call(desk, "counter-1")
    desk.run(commands.transfer, counter_id="counter-1", to_counter_id="counter-4")
    waiting = desk.issue("documents")
    cancelled = desk.issue("documents")
    desk.run(commands.cancel_ticket, ticket_id=cancelled.id)
    desk.run(commands.pause, counter_id="counter-1")

    desk.advance(12 * 3600)
    events = desk.run(commands.close_day, new_business_day="2026-03-03")
    expired = [e.ticket.id for e in events if e.type == "ticket.expired" and e.ticket]
    assert expired == [called.id, serving.id, moved.id, waiting.id]  # in issue order
    assert all(e.ticket.finished_at == desk.now for e in events if e.ticket)
    cleared = sorted(e.counter.id for e in events if e.type == "counter.changed" and e.counter)
    assert cleared == ["counter-2", "counter-3"]
    assert events[-1].type == "day.closed"
    assert events[-1].data == {"business_day": "2026-03-02", "new_business_day": "2026-03-03",
                               "issued": 6, "expired": 4}
    assert done.id not in expired
    st = desk.state
    assert (st.business_day, st.tickets, st.last_seq_no) == ("2026-03-03", {}, {})
    assert (st.service_times, st.recent_calls) == ({}, [])
    assert all(c.ticket_id is None for c in st.counters.values())
    # Counters keep their open/paused/closed state across the night.
    assert {k: c.state for k, c in st.counters.items()} == {
        "counter-1": PAUSED, "counter-2": OPEN, "counter-3": OPEN, "counter-4": CLOSED}


@pytest.mark.parametrize("new_day", ["2026-03-02", "2026-03-01"])
def test_close_day_must_move_forward(desk: Desk, new_day: str) -> None:
    desk.issue("general")
    with pytest.raises(ConflictError) as info:
        desk.run(commands.close_day, new_business_day=new_day)
    assert info.value.current_state == "2026-03-02"
    assert len(desk.state.tickets) == 1


def test_a_whole_day_uses_every_event_type(desk: Desk) -> None:
    """A scripted day touching every event type; `Desk.run` checks replay after each."""
    desk.open("counter-1", "counter-2")
    desk.issue("general")
    desk.issue("general")
    desk.issue("payments")
    call(desk, "counter-1")
    desk.run(commands.recall, counter_id="counter-1")
    desk.run(commands.start, counter_id="counter-1")
    desk.run(commands.transfer, counter_id="counter-1", to_service_id="payments")
    call(desk, "counter-2")
    desk.run(commands.no_show, counter_id="counter-2")
    call(desk, "counter-1")
    desk.run(commands.finish, counter_id="counter-1")
    desk.run(commands.cancel_ticket, ticket_id=desk.issue("documents").id)
    desk.issue("documents")
    desk.run(commands.close_day, new_business_day="2026-03-03")
    queue_events = {t for t in EVENT_TYPES if t.startswith(("ticket.", "counter.", "day."))}
    assert set(types_of(desk.log)) == queue_events
