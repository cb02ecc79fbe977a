"""The board without Qt: snapshots, events, waiting counts, zones, idempotence."""

from __future__ import annotations

from display.board import Board
from display.zone import Zone
from tests.display.helpers import T0, busy_office, call, called, event, make_state, ticket


def test_snapshot_fills_the_board() -> None:
    board = Board()
    calls = board.load(busy_office())
    assert board.loaded and board.site == "Now Serving Sample Office"
    assert [c.number for c in calls][:3] == ["A042", "B017", "C008"]
    # The big rows: the latest call of each counter, newest first.
    assert [(c.number, c.counter_number) for c in board.now_calling(4)] == [
        ("A042", "3"), ("B017", "1"), ("C008", "4"), ("A041", "2")]
    assert [c.number for c in board.history(4, 8)] == [
        "A040", "B016", "A039", "C007", "A038", "B015", "A037"]
    lines = {line.id: line for line in board.waiting_lines()}
    assert lines["general"].waiting == 12 and lines["payments"].waiting == 3
    assert lines["documents"].waiting == 0
    assert lines["general"].estimated_wait_s == 900
    assert lines["documents"].name("ru") == "Документы"


def test_call_event_goes_on_top_and_leaves_the_queue() -> None:
    board = Board()
    board.load(make_state([call("A001", 1, T0 - 30)], waiting=["A002", "A003"]))
    new = board.apply(called(11, "A002", 2, T0))
    assert new is not None and new.number == "A002" and new.counter_number == "2"
    assert not new.recall
    assert [c.number for c in board.now_calling(4)] == ["A002", "A001"]
    assert board.waiting_lines()[0].waiting == 1
    assert board.seq == 11


def test_recall_is_a_new_call_of_the_same_ticket() -> None:
    board = Board()
    board.load(make_state([call("A001", 1, T0 - 30)]))
    again = board.apply(called(11, "A001", 1, T0, recall=True))
    assert again is not None and again.recall and again.at == T0
    assert [c.number for c in board.now_calling(4)] == ["A001"]
    assert board.history(4, 8) == []  # one line per ticket


def test_applying_twice_changes_nothing() -> None:
    board = Board()
    board.load(make_state(waiting=["A002"]))
    first = board.apply(called(11, "A002", 2, T0))
    assert first is not None
    assert board.apply(called(11, "A002", 2, T0)) is None
    assert len(board.calls()) == 1
    issued = event(12, "ticket.issued", T0, ticket=ticket("A009"))
    board.apply(issued)
    board.apply(issued)
    assert board.waiting_lines()[0].waiting == 1


def test_tickets_leaving_and_returning_to_the_queue() -> None:
    board = Board()
    board.load(make_state(waiting=["A002", "B001"]))
    board.apply(event(11, "ticket.cancelled", T0, ticket=ticket("A002", "cancelled")))
    board.apply(event(12, "ticket.transferred", T0,
                      ticket={**ticket("C005", "transferred")}))
    counts = {line.id: line.waiting for line in board.waiting_lines()}
    assert counts == {"general": 0, "payments": 1, "documents": 1}


def test_day_closed_clears_calls_and_queue() -> None:
    board = Board()
    board.load(busy_office())
    board.apply(event(11, "day.closed", T0, business_day="2026-11-23",
                      new_business_day="2026-11-24"))
    assert board.calls() == [] and board.business_day == "2026-11-24"
    assert all(line.waiting == 0 for line in board.waiting_lines())


def test_refreshed_estimates_keep_calls() -> None:
    board = Board()
    board.load(busy_office())
    board.refresh_estimates(make_state(estimates={"general": 1800, "payments": None}))
    lines = {line.id: line for line in board.waiting_lines()}
    assert lines["general"].estimated_wait_s == 1800 and lines["payments"].estimated_wait_s is None
    assert len(board.calls()) == 11 and lines["general"].waiting == 12


def test_zone_filters_calls_and_services() -> None:
    board = Board(zone=Zone.parse("counters=counter-1,counter-2"))
    board.load(busy_office())
    assert {c.counter_id for c in board.calls()} == {"counter-1", "counter-2"}
    assert [c.number for c in board.now_calling(4)] == ["B017", "A041"]
    assert [line.id for line in board.waiting_lines()] == ["general", "payments"]
    assert board.apply(called(11, "C009", 4, T0 + 1)) is None  # not ours: kept, not shown
    board.zone = Zone()
    assert board.now_calling(1)[0].number == "C009"


def test_unknown_fields_from_a_newer_hub_are_ignored() -> None:
    board = Board()
    board.load(make_state())
    newer = called(11, "A002", 2, T0)
    newer.data["ticket"]["vip_lounge"] = True
    assert board.apply(newer) is not None
