"""The hub's look-ahead wait estimate (hub.engine.wait_model), through OfficeState.

Lives beside the simulator tests because the simulator is what measures it; these tests pin
the behaviour on small offices at a frozen time.
"""

from __future__ import annotations

import time

import pytest

from hub.engine import PRIORITY, commands
from hub.engine.estimate import ArrivalRate, Durations
from hub.engine.wait_model import residual, wait_range
from tests.hub.engine.harness import Desk, sample_config


def test_residual_and_range() -> None:
    assert residual(300.0, 0.0, 100.0) == 200.0
    assert residual(300.0, 90_000.0, 0.0) == 300.0
    assert 0 < residual(300.0, 90_000.0, 100.0) < 300.0
    assert residual(300.0, 90_000.0, 100_000.0) <= 30.0  # far past the usual: ends soon
    median, low, high = wait_range(600.0, 200.0**2)
    assert low < median < 600.0 < high
    assert wait_range(0.0, 0.0) == (0.0, 0.0, 0.0)


def test_durations_and_arrival_rates() -> None:
    d = Durations().add(100).add(300)
    mean, var = d.moments(200.0, 0.0, weight=0.0)
    assert (mean, var) == (200.0, 10_000.0)
    assert Durations().moments(200.0, 0.5) == (200.0, pytest.approx(100.0**2))
    rate = ArrivalRate()
    for i in range(60):
        rate = rate.add(i * 60.0)  # one a minute for an hour
    assert rate.per_s(3600.0, 0.0) * 3600 == pytest.approx(60, rel=0.1)


def _office(desk: Desk, n: int, service: str = "general") -> list[str]:
    return [desk.issue(service).id for _ in range(n)]


def test_one_counter_calls_in_turn(desk: Desk) -> None:
    desk.open("counter-2")  # general only, prior 240 s
    ids = _office(desk, 4)
    desk.run(commands.call_next, counter_id="counter-2")
    told = [desk.state.estimate_for(desk.ticket(i), desk.now) for i in ids[1:]]
    assert [e.people_ahead for e in told] == [0, 1, 2]
    points = [e.estimated_wait_s or 0 for e in told]
    assert points == sorted(points) and points[0] > 0
    # Each waits one more service: the medians step by about the prior mean.
    assert points[2] - points[1] == pytest.approx(240, rel=0.2)
    for e in told:
        assert e.estimated_wait_low_s is not None and e.estimated_wait_high_s is not None
        assert e.estimated_wait_low_s < e.estimated_wait_s < e.estimated_wait_high_s


def test_elapsed_service_shortens_the_wait(desk: Desk) -> None:
    desk.open("counter-2")
    _office(desk, 2)
    desk.run(commands.call_next, counter_id="counter-2")
    fresh = desk.state.estimate_for_service("general", desk.now).estimated_wait_s
    desk.advance(200)
    later = desk.state.estimate_for_service("general", desk.now).estimated_wait_s
    # Lognormal occupancy: after 200 s of a 240 s mean, less remains, though not 40 s.
    assert fresh is not None and later is not None and later < fresh - 30


def test_priority_arrivals_that_will_overtake_are_counted(desk: Desk) -> None:
    desk.open("counter-2")
    _office(desk, 3)
    calm = desk.state.estimate_for_service("general", desk.now).estimated_wait_s
    busy = Desk(sample_config())
    busy.open("counter-2")
    for _ in range(20):  # priority visitors lately: one every 4 minutes, served in 4
        busy.issue("general", PRIORITY)
        busy.run(commands.call_next, counter_id="counter-2")
        busy.advance(240)
        busy.run(commands.finish, counter_id="counter-2")
    _office(busy, 3)
    rush = busy.state.estimate_for_service("general", busy.now).estimated_wait_s
    assert calm is not None and rush is not None and rush > calm * 1.3


def test_skill_weights_decide_who_a_shared_counter_serves(desk: Desk) -> None:
    # counter-4: documents weight 2, general weight 1. With documents waiting as long as
    # general, it takes documents first, so general waits for counter-4 longer than QL says.
    desk.open("counter-4")
    _office(desk, 2, "documents")
    g = desk.issue("general")
    # A minute of waiting for all: weight x waited then favours documents (2 x 60 > 1 x 60);
    # at zero wait every score is 0 and the tie would be broken by number instead.
    desk.advance(60)
    told = desk.state.estimate_for(desk.ticket(g.id), desk.now).estimated_wait_s
    assert told is not None and told > 2 * 480 * 0.7  # behind both documents tickets


def test_observed_occupancy_per_counter(desk: Desk) -> None:
    desk.open("counter-1", "counter-2")
    for counter, seconds in (("counter-1", 60), ("counter-2", 600)):
        desk.issue("general")
        desk.run(commands.call_next, counter_id=counter)
        desk.advance(seconds)
        desk.run(commands.finish, counter_id=counter)
    seen = desk.state.observed.occupancy
    assert seen[("general", "counter-1")] == Durations(1, 60.0, 3600.0)
    assert seen[("general", "counter-2")] == Durations(1, 600.0, 360_000.0)
    desk.issue("general")
    desk.run(commands.call_next, counter_id="counter-1")
    desk.advance(90)
    desk.run(commands.no_show, counter_id="counter-1")
    assert desk.state.observed.no_show["general"] == Durations(1, 90.0, 8100.0)
    assert desk.state.observed.left == {"general": 1}


def test_a_long_queue_stays_fast(desk: Desk) -> None:
    desk.open("counter-1", "counter-2", "counter-3", "counter-4")
    for i in range(900):
        desk.state.apply(commands.issue_ticket(
            desk.state, desk.now + i, ticket_id=f"q{i}",
            service_id=("general", "payments", "documents")[i % 3])[0])
    now = desk.now + 900
    start = time.perf_counter()
    last = desk.state.estimate_for(desk.state.tickets["q899"], now)
    for ticket in list(desk.state.queue.values()):
        desk.state.estimate_for(ticket, now)
    assert time.perf_counter() - start < 2.0
    assert last.estimated_wait_s is not None and last.estimated_wait_s > 3600


def test_a_ticket_sent_to_a_closed_counter_does_not_stall_the_look_ahead(desk: Desk) -> None:
    desk.open("counter-2")
    sent = desk.issue("general")
    _office(desk, 3)
    desk.run(commands.call_next, counter_id="counter-2")
    desk.run(commands.transfer, counter_id="counter-2", to_counter_id="counter-4")
    assert desk.ticket(sent.id).target_counter_id == "counter-4"  # closed
    projection = desk.state.projection(desk.now)
    assert sent.id not in projection.called  # nobody will call it until counter-4 opens
    assert len(projection.called) == 3 + 1  # the others, and a probe for general (staffed)
    assert desk.state.estimate_for(desk.ticket(sent.id), desk.now).estimated_wait_s is not None


def _with_hours(desk: Desk, **hours: list[tuple[str, str]]) -> Desk:
    """A fresh desk whose counters have planned hours (site time: London, GMT on T0)."""
    from dataclasses import replace
    from datetime import time as clock

    def parse(hhmm: str) -> clock:
        return clock(*map(int, hhmm.split(":")))

    config = desk.state.config
    counters = tuple(
        replace(c, hours=tuple((parse(a), parse(b)) for a, b in hours.get(c.id.replace(
            "-", "_"), []))) for c in config.counters)
    return Desk(replace(config, counters=counters))


def test_a_counter_planned_to_open_later_is_counted(desk: Desk) -> None:
    """At 09:00 with every counter closed: no estimate, unless one is planned at 09:10."""
    ids = _office(desk, 2)
    assert desk.state.estimate_for(desk.ticket(ids[0]), desk.now).estimated_wait_s is None
    planned = _with_hours(desk, counter_2=[("09:10", "12:00")])
    ids = _office(planned, 2)
    first, second = (planned.state.estimate_for(planned.ticket(i), planned.now) for i in ids)
    # The point is a median, a little under the projected 600 s; the range holds 600 s.
    assert first.estimated_wait_s == pytest.approx(600, rel=0.1)
    assert first.estimated_wait_low_s is not None and first.estimated_wait_high_s is not None
    assert first.estimated_wait_low_s < 600 < first.estimated_wait_high_s
    assert second.estimated_wait_s is not None
    assert second.estimated_wait_s == pytest.approx(600 + 240, rel=0.25)  # then one service
    # A shift already over does not count.
    over = _with_hours(desk, counter_2=[("07:00", "08:30")])
    ids = _office(over, 1)
    assert over.state.estimate_for(over.ticket(ids[0]), over.now).estimated_wait_s is None


def test_an_open_counter_stops_calling_when_its_shift_ends(desk: Desk) -> None:
    """Counter 2 (general only) goes home at 09:02; counter 4 (general too) starts at 09:30."""
    planned = _with_hours(desk, counter_2=[("08:00", "09:02")], counter_4=[("09:30", "17:00")])
    planned.open("counter-2")
    ids = _office(planned, 2)
    planned.run(commands.call_next, counter_id="counter-2")  # serves the first till ~09:04
    waiting = planned.state.estimate_for(planned.ticket(ids[1]), planned.now)
    assert waiting.estimated_wait_s == pytest.approx(1800, rel=0.1)  # counter 4 at 09:30
    unplanned = _with_hours(desk)
    unplanned.open("counter-2")
    ids = _office(unplanned, 2)
    unplanned.run(commands.call_next, counter_id="counter-2")
    estimate = unplanned.state.estimate_for(unplanned.ticket(ids[1]), unplanned.now)
    assert estimate.estimated_wait_s is not None and estimate.estimated_wait_s < 400
