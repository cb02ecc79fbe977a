"""Ticket numbers: format, per-service sequences, safe wrapping, restart each business day."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hub.config import load_office
from hub.engine import (
    QueueFullError,
    Service,
    Ticket,
    TicketState,
    business_day,
    commands,
)
from hub.engine.numbering import format_number, next_seq_no
from tests.hub.engine.harness import T0, Desk, sample_config, with_policy

GENERAL = Service("general", "A", {"en": "General"})


def _tickets(seq_nos: set[int], state: TicketState = TicketState.WAITING,
             service_id: str = "general", prefix: str = "A") -> list[Ticket]:
    """Tickets of today holding `seq_nos`, numbered as a max-9 office prints them."""
    return [
        Ticket(id=f"{prefix}{n}", number=format_number(prefix, n, 9), seq_no=n,
               service_id=service_id, priority="normal",
               language="en", state=state, business_day="2026-03-02", issued_at=T0,
               queued_at=T0)
        for n in sorted(seq_nos)
    ]


def _live_numbers(desk: Desk) -> list[str]:
    return sorted(t.number for t in desk.state.tickets.values() if not t.is_terminal)


@pytest.mark.parametrize(
    ("prefix", "seq_no", "max_number", "expected"),
    [
        ("A", 1, 999, "A001"),
        ("A", 7, 999, "A007"),
        ("B", 42, 999, "B042"),
        ("C", 999, 999, "C999"),
        ("A", 1, 9, "A1"),
        ("A", 9, 9, "A9"),
        ("A", 5, 99, "A05"),
        ("AB", 12, 9999, "AB0012"),
        ("Z", 1000, 9999, "Z1000"),
    ],
)
def test_format_pads_to_the_width_of_max_number(
    prefix: str, seq_no: int, max_number: int, expected: str
) -> None:
    assert format_number(prefix, seq_no, max_number) == expected


@pytest.mark.parametrize(
    ("last", "held", "max_number", "expected"),
    [
        (0, set(), 999, 1),
        (41, set(), 999, 42),
        (998, set(), 999, 999),
        (999, set(), 999, 1),  # wraps to 1
        (9, {1, 2}, 9, 3),  # wraps, skipping numbers still held
        (5, {6, 7}, 9, 8),
        (7, {8, 9, 1}, 9, 2),
        (9, {1, 2, 3, 4, 5, 6, 7, 8}, 9, 9),  # only the last number issued is free again
        (4, {5, 6, 7, 8, 9, 1, 2, 3}, 9, 4),
    ],
)
def test_next_seq_no_counts_up_and_wraps_past_held_numbers(
    last: int, held: set[int], max_number: int, expected: int
) -> None:
    assert next_seq_no(GENERAL, last, _tickets(held), max_number) == expected


@pytest.mark.parametrize(
    "state",
    [TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.EXPIRED],
)
def test_finished_tickets_release_their_number(state: TicketState) -> None:
    finished = _tickets({1}, state)
    assert next_seq_no(GENERAL, 9, [*finished, *_tickets({2, 3})], 9) == 1


@pytest.mark.parametrize(
    "state",
    [TicketState.WAITING, TicketState.TRANSFERRED, TicketState.CALLED, TicketState.SERVING],
)
def test_unfinished_tickets_hold_their_number(state: TicketState) -> None:
    assert next_seq_no(GENERAL, 9, _tickets({1}, state), 9) == 2


def test_other_services_do_not_hold_numbers() -> None:
    others = _tickets({1, 2, 3}, service_id="payments", prefix="B")
    assert next_seq_no(GENERAL, 9, others, 9) == 1


def test_all_numbers_held_is_queue_full() -> None:
    with pytest.raises(QueueFullError) as info:
        next_seq_no(GENERAL, 4, _tickets(set(range(1, 10))), 9)
    assert info.value.field == "service_id"
    assert "general" in info.value.detail


def test_each_service_has_its_own_sequence(desk: Desk) -> None:
    issued = [desk.issue(s) for s in ("general", "general", "payments", "documents", "general")]
    assert [t.number for t in issued] == ["A001", "A002", "B001", "C001", "A003"]
    assert [t.seq_no for t in issued] == [1, 2, 1, 1, 3]
    assert desk.state.last_seq_no == {"general": 3, "payments": 1, "documents": 1}


@pytest.mark.parametrize(
    ("max_number", "first", "tenth"),
    [(9, "A1", None), (99, "A01", "A10"), (999, "A001", "A010"), (9999, "A0001", "A0010")],
)
def test_issued_number_width_follows_max_number(
    max_number: int, first: str, tenth: str | None
) -> None:
    desk = Desk(with_policy(sample_config(), max_number=max_number))
    numbers = []
    for _ in range(10):
        try:
            numbers.append(desk.issue("general").number)
        except QueueFullError:
            numbers.append(None)
    assert numbers[0] == first
    assert numbers[9] == tenth  # with max 9, ten live tickets cannot all have a number


def test_wraps_to_one_and_skips_numbers_still_held(small: Desk) -> None:
    tickets = [small.issue("general") for _ in range(9)]
    assert [t.number for t in tickets] == [f"A{n}" for n in range(1, 10)]
    small.run(commands.cancel_ticket, ticket_id=tickets[0].id)  # A1 is free again
    small.run(commands.cancel_ticket, ticket_id=tickets[2].id)  # A3 too; A2 stays held
    assert small.issue("general").number == "A1"
    assert small.issue("general").number == "A3"
    assert _live_numbers(small) == [f"A{n}" for n in range(1, 10)]


def test_numbers_of_served_tickets_are_reused_after_wrapping(small: Desk) -> None:
    small.open("k2")
    tickets = [small.issue("general") for _ in range(9)]
    small.run(commands.call_next, counter_id="k2")
    small.run(commands.finish, counter_id="k2")
    assert small.state_of(tickets[0].id) is TicketState.DONE
    again = small.issue("general")
    assert again.number == "A1"
    assert again.seq_no == 1
    assert again.id != tickets[0].id


def test_queue_full_when_every_number_is_held(small: Desk) -> None:
    for _ in range(9):
        small.issue("general")
    log_before = len(small.log)
    with pytest.raises(QueueFullError) as info:
        small.issue("general")
    assert info.value.field == "service_id"
    assert len(small.log) == log_before
    assert small.state.last_seq_no["general"] == 9
    # Another service is not affected.
    assert small.issue("payments").number == "B1"


def test_numbering_restarts_after_close_day(desk: Desk) -> None:
    assert [desk.issue("general").number for _ in range(3)] == ["A001", "A002", "A003"]
    desk.issue("payments")
    desk.advance(20 * 3600)
    desk.run(commands.close_day, new_business_day="2026-03-03")
    assert desk.state.last_seq_no == {}
    ticket = desk.issue("general")
    assert (ticket.number, ticket.business_day) == ("A001", "2026-03-03")
    assert desk.issue("payments").number == "B001"


@pytest.mark.parametrize(
    ("zone", "before", "after", "old_day", "new_day"),
    [
        # 29 March 2026, clocks go forward: 05:00 BST is 04:00 UTC.
        ("Europe/London", (2026, 3, 29, 3, 59), (2026, 3, 29, 4, 0), "2026-03-28", "2026-03-29"),
        # Shanghai (UTC+8): 05:00 local is 21:00 UTC the evening before.
        ("Asia/Shanghai", (2026, 3, 1, 20, 59), (2026, 3, 1, 21, 0), "2026-03-01", "2026-03-02"),
    ],
)
def test_numbering_restarts_at_the_local_day_start(
    zone: str, before: tuple[int, ...], after: tuple[int, ...], old_day: str, new_day: str
) -> None:
    """The caller closes the day when `business_day` turns (05:00 local in the sample office)."""
    office = load_office()
    day_start = office.day_start
    tz = ZoneInfo(zone)
    at_0459 = datetime(*before, tzinfo=UTC).timestamp()
    at_0500 = datetime(*after, tzinfo=UTC).timestamp()
    assert business_day(at_0459, tz, day_start).isoformat() == old_day
    desk = Desk(office.config, now=at_0459, day=old_day)
    assert [desk.issue("general").number for _ in range(2)] == ["A001", "A002"]
    desk.now = at_0500
    today = business_day(at_0500, tz, day_start).isoformat()
    assert today == new_day
    desk.run(commands.close_day, new_business_day=today)
    ticket = desk.issue("general")
    assert (ticket.number, ticket.business_day) == ("A001", new_day)


def test_transfer_to_another_service_does_not_shift_its_numbering(desk: Desk) -> None:
    """Regression (0be5b6c): held numbers were keyed by the ticket's current service."""
    desk.open("counter-1")
    desk.issue("general")  # A001
    desk.run(commands.call_next, counter_id="counter-1")
    desk.run(commands.transfer, counter_id="counter-1", to_service_id="payments")
    assert desk.issue("payments").number == "B001"  # was B002


def test_wrapping_never_reuses_the_number_of_a_transferred_ticket(small: Desk) -> None:
    """Regression (0be5b6c): after a wrap, general issued a second live A1."""
    small.open("k1")
    first = small.issue("general")  # A1
    small.run(commands.call_next, counter_id="k1")
    small.run(commands.transfer, counter_id="k1", to_service_id="payments")
    assert small.state_of(first.id) is TicketState.TRANSFERRED
    for _ in range(8):
        small.issue("general")  # A2..A9
    with pytest.raises(QueueFullError):
        small.issue("general")  # A1..A9 are all held (it was: a second live "A1")
    small.run(commands.cancel_ticket, ticket_id=first.id)
    assert small.issue("general").number == "A1"
    live = _live_numbers(small)
    assert len(live) == len(set(live)) == 9
