"""Call order (routing.py docstring): targeted, overdue, score with boost and weight, ties."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.engine import NORMAL, PRIORITY, Counter, Policy, Ticket, TicketState, commands
from hub.engine.routing import call_order_key, choose_next, eligible, service_order_key
from tests.hub.engine.harness import T0, Desk, sample_config

CONFIG = sample_config()
# Priority boost 900 s, max wait 3600 s; these cases pin the multiplicative weight and no
# protection (the office default's head start per weight point and protection after 30
# minutes are covered in tests/hub/simulation/test_policies.py).
POLICY = replace(CONFIG.policy, skill_weight_s=None, protect_after_s=None)
COUNTERS = {c.id: c for c in CONFIG.counters}
NOW = T0 + 10_000


def counter(counter_id: str) -> Counter:
    return COUNTERS[counter_id]


def ticket(
    ticket_id: str, *, waited: float, service: str = "general", priority: str = NORMAL,
    seq_no: int = 1, target: str | None = None, state: TicketState = TicketState.WAITING,
) -> Ticket:
    """A queued ticket that has waited `waited` seconds at `NOW`."""
    return Ticket(
        id=ticket_id, number=f"X{seq_no:03d}", seq_no=seq_no, service_id=service,
        priority=priority, language="en", state=state, business_day="2026-03-02",
        issued_at=NOW - waited, queued_at=NOW - waited, target_counter_id=target,
    )


def pick(counter_id: str, *tickets: Ticket, policy: Policy = POLICY) -> str | None:
    chosen = choose_next(tickets, counter(counter_id), policy, NOW)
    return None if chosen is None else chosen.id


# Each row: counter, the tickets waiting, the id that must be called.
CASES: list[tuple[str, str, list[Ticket], str]] = [
    ("priority overtakes a normal ticket that waited less than the boost", "counter-2",
     [ticket("normal", waited=899, seq_no=1),
      ticket("prio", waited=0, priority=PRIORITY, seq_no=2)], "prio"),
    ("a normal ticket that waited longer than the boost beats a fresh priority one (aging)",
     "counter-2",
     [ticket("prio", waited=0, priority=PRIORITY, seq_no=2),
      ticket("normal", waited=901, seq_no=1)], "normal"),
    ("equal score: the earlier arrival goes first", "counter-2",
     [ticket("prio", waited=0, priority=PRIORITY, seq_no=2),
      ticket("normal", waited=900, seq_no=1)], "normal"),
    ("both priority: the longer wait goes first", "counter-2",
     [ticket("p1", waited=10, priority=PRIORITY, seq_no=1),
      ticket("p2", waited=20, priority=PRIORITY, seq_no=2)], "p2"),
    ("counter weight: documents (2x) beats payments that waited a bit longer", "counter-3",
     [ticket("pay", waited=150, service="payments", seq_no=1),
      ticket("doc", waited=100, service="documents", seq_no=1)], "doc"),
    ("counter weight: payments wins once it waited more than twice as long", "counter-3",
     [ticket("pay", waited=250, service="payments", seq_no=1),
      ticket("doc", waited=100, service="documents", seq_no=1)], "pay"),
    ("weight multiplies the boost too: 2 x (0 + 900) > 1 x (1700 + 0)", "counter-3",
     [ticket("pay", waited=1700, service="payments", seq_no=1),
      ticket("doc", waited=0, service="documents", priority=PRIORITY, seq_no=1)], "doc"),
    ("overdue (waited max_wait_s) goes before a higher score", "counter-3",
     [ticket("doc", waited=3000, service="documents", priority=PRIORITY, seq_no=1),
      ticket("pay", waited=3600, service="payments", seq_no=1)], "pay"),
    ("one second short of max_wait_s is not overdue", "counter-3",
     [ticket("doc", waited=3000, service="documents", seq_no=1),
      ticket("pay", waited=3599, service="payments", seq_no=1)], "doc"),
    ("among overdue tickets the oldest goes first, whatever weight or class", "counter-3",
     [ticket("doc", waited=3700, service="documents", priority=PRIORITY, seq_no=1),
      ticket("pay", waited=3800, service="payments", seq_no=1)], "pay"),
    ("same arrival and score: the lower number goes first", "counter-2",
     [ticket("n7", waited=60, seq_no=7), ticket("n3", waited=60, seq_no=3),
      ticket("n5", waited=60, seq_no=5)], "n3"),
    ("a ticket transferred to this counter goes before an overdue one", "counter-2",
     [ticket("old", waited=7200, seq_no=1),
      ticket("mine", waited=5, seq_no=2, target="counter-2", state=TicketState.TRANSFERRED)],
     "mine"),
    ("a ticket transferred to another counter is not eligible here", "counter-2",
     [ticket("theirs", waited=7200, seq_no=1, target="counter-1",
             state=TicketState.TRANSFERRED),
      ticket("fresh", waited=0, seq_no=2)], "fresh"),
    ("transferred (to a service) tickets queue like waiting ones", "counter-2",
     [ticket("waiting", waited=30, seq_no=1),
      ticket("moved", waited=40, seq_no=2, state=TicketState.TRANSFERRED)], "moved"),
    ("a service the counter does not serve is never called, however old", "counter-2",
     [ticket("pay", waited=9999, service="payments", seq_no=1),
      ticket("gen", waited=0, seq_no=1)], "gen"),
    ("tickets at a counter or finished are not called", "counter-2",
     [ticket("called", waited=999, seq_no=1, state=TicketState.CALLED),
      ticket("done", waited=999, seq_no=2, state=TicketState.DONE),
      ticket("queued", waited=1, seq_no=3)], "queued"),
]


@pytest.mark.parametrize(("why", "counter_id", "tickets", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_call_order(why: str, counter_id: str, tickets: list[Ticket], expected: str) -> None:
    assert pick(counter_id, *tickets) == expected, why
    assert pick(counter_id, *reversed(tickets)) == expected, "order of input must not matter"


@pytest.mark.parametrize(
    ("counter_id", "services", "expected"),
    [
        ("counter-2", ["payments", "documents"], None),
        ("counter-1", ["documents"], None),
        ("counter-3", ["general"], None),
        ("counter-4", ["payments"], None),
        ("counter-4", ["payments", "general"], "general"),
    ],
)
def test_counter_never_gets_a_service_it_does_not_serve(
    counter_id: str, services: list[str], expected: str | None
) -> None:
    tickets = [ticket(s, waited=5000, service=s) for s in services]
    assert pick(counter_id, *tickets) == expected


def test_nothing_waiting_gives_none() -> None:
    assert pick("counter-1") is None


def test_no_max_wait_means_no_overdue_lane() -> None:
    policy = replace(POLICY, max_wait_s=None)
    old_payment = ticket("pay", waited=100_000, service="payments")
    doc = ticket("doc", waited=60_000, service="documents")
    assert pick("counter-3", old_payment, doc, policy=policy) == "doc"  # 2 x 60000 > 100000
    assert pick("counter-3", old_payment, doc) == "pay"  # both overdue: oldest first


def test_new_priority_classes_and_unknown_ones() -> None:
    policy = replace(POLICY, priority_boost_s={NORMAL: 0.0, PRIORITY: 900.0, "vip": 3000.0})
    vip = ticket("vip", waited=0, priority="vip", seq_no=3)
    prio = ticket("prio", waited=2000, priority=PRIORITY, seq_no=2)  # 2900 < 3000
    assert pick("counter-2", prio, vip, policy=policy) == "vip"
    # A class the policy does not know gets no boost (the engine refuses to issue one).
    odd = ticket("odd", waited=10, priority="odd", seq_no=1)
    normal = ticket("normal", waited=11, seq_no=2)
    assert pick("counter-2", odd, normal) == "normal"


def test_call_order_key_lanes() -> None:
    c2 = counter("counter-2")
    targeted = call_order_key(ticket("a", waited=1, target="counter-2"), c2, POLICY, NOW)
    overdue = call_order_key(ticket("b", waited=4000), c2, POLICY, NOW)
    normal = call_order_key(ticket("c", waited=100, seq_no=4), c2, POLICY, NOW)
    assert targeted[:2] == (0, 1)
    assert overdue[:3] == (1, 0, -4000.0)
    assert normal[:5] == (1, 1, -100.0, NOW - 100, 4)
    assert normal[5:] == ("X004", "c")  # full ties broken by number, then id
    assert targeted < overdue < normal


def test_waiting_time_is_never_negative() -> None:
    future = ticket("future", waited=-50)  # queued "after" now, e.g. a clock step back
    assert call_order_key(future, counter("counter-2"), POLICY, NOW)[2] == 0.0


@pytest.mark.parametrize(
    ("target", "counter_id", "state", "expected"),
    [
        (None, "counter-2", TicketState.WAITING, True),
        ("counter-2", "counter-2", TicketState.TRANSFERRED, True),
        ("counter-1", "counter-2", TicketState.TRANSFERRED, False),
        (None, "counter-3", TicketState.WAITING, False),  # counter-3 does not serve general
        (None, "counter-2", TicketState.SERVING, False),
        (None, "counter-2", TicketState.NO_SHOW, False),
    ],
)
def test_eligible(target: str | None, counter_id: str, state: TicketState,
                  expected: bool) -> None:
    t = ticket("t", waited=10, target=target, state=state)
    assert eligible(t, counter(counter_id)) is expected


waits = st.integers(0, 8000)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(waits, st.sampled_from([NORMAL, PRIORITY])), min_size=1,
                max_size=12))
def test_service_order_matches_a_single_service_counter(
    specs: list[tuple[int, str]]
) -> None:
    """`service_order_key` (used for people-ahead) is the order counter-2 calls general in."""
    tickets = [ticket(f"t{i}", waited=w, priority=p, seq_no=i + 1)
               for i, (w, p) in enumerate(specs)]
    by_service = sorted(tickets, key=lambda t: service_order_key(t, POLICY, NOW))
    remaining = list(tickets)
    called = []
    while remaining:
        chosen = choose_next(remaining, counter("counter-2"), POLICY, NOW)
        assert chosen is not None
        called.append(chosen)
        remaining.remove(chosen)
    assert [t.id for t in called] == [t.id for t in by_service]


def test_engine_calls_in_policy_order(desk: Desk) -> None:
    """End to end: the counter's calls follow the documented order at the frozen time."""
    desk.open("counter-2")
    old = desk.issue("general")
    desk.advance(600)
    prio = desk.issue("general", PRIORITY)  # 0 + 900 > 600
    desk.advance(1)
    later = desk.issue("general")
    order = []
    for _ in range(3):
        events = desk.run(commands.call_next, counter_id="counter-2")
        order.append(next(e.ticket.id for e in events if e.type == "ticket.called"
                          and e.ticket is not None))
    assert order == [prio.id, old.id, later.id]
    assert desk.run(commands.call_next, counter_id="counter-2")[0].type == "ticket.done"
    assert desk.state.counters["counter-2"].ticket_id is None
