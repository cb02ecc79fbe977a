"""The office mirror, the clerk's day and the LED feed, fed with hand-made hub events."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from counter.day_stats import DayStats, load_stats, save_stats
from counter.led_feed import LedFeed
from counter.office import OfficeMirror
from hardware.led import FakeLedDisplay
from hub.api.schemas import CounterView, EventMessage, ServiceView, StateView

DAY = "2026-11-23"


def ticket(tid: str, number: str, state: str, **extra: Any) -> dict[str, Any]:
    base = {"id": tid, "number": number, "service_id": "general", "priority": "normal",
            "language": "en", "state": state, "business_day": DAY, "issued_at": 100.0,
            "queued_at": 100.0}
    base.update(extra)
    return base


def counter(state: str = "open", ticket_id: str | None = None) -> dict[str, Any]:
    return {"id": "counter-1", "state": state, "ticket_id": ticket_id, "pause_reason": None,
            "changed_at": 0.0}


def snapshot() -> StateView:
    service = ServiceView(id="general", prefix="A", names={"en": "General"}, target_wait_s=600,
                          priority_allowed=True, waiting=0, estimated_wait_s=None)
    counters = [CounterView(id=f"counter-{n}", number=str(n), name=None,
                            skills={"general": 1.0}, state="open", ticket_id=None,
                            ticket_number=None, pause_reason=None, changed_at=0.0)
                for n in (1, 2)]
    return StateView(seq=10, hub_id="h1", site="s", business_day=DAY, languages=["en"],
                     priorities=["normal"], services=[service], counters=counters, waiting=[],
                     recent_calls=[])


def event(seq: int, kind: str, **data: Any) -> EventMessage:
    return EventMessage(seq=seq, type=kind, at=float(seq), data=data)


def test_mirror_follows_a_ticket_through_the_counter() -> None:
    mirror = OfficeMirror()
    mirror.load(snapshot())
    mirror.apply(event(11, "ticket.issued", ticket=ticket("t1", "A001", "waiting")))
    mirror.apply(event(12, "ticket.issued", ticket=ticket("t2", "A002", "waiting",
                                                          queued_at=101.0)))
    assert [t.number for t in mirror.waiting_for("counter-1", 200.0)] == ["A001", "A002"]
    mirror.apply(event(13, "ticket.called", counter_id="counter-1",
                       ticket=ticket("t1", "A001", "called", called_at=150.0,
                                     counter_id="counter-1")))
    mirror.apply(event(14, "counter.changed", counter=counter(ticket_id="t1")))
    assert mirror.current_ticket("counter-1").number == "A001"
    assert mirror.counters["counter-1"].ticket_number == "A001"
    assert mirror.waiting_counts(["general"]) == {"general": 1}
    # A ticket sent to counter-2 is not in counter-1's line, and is first in counter-2's.
    mirror.apply(event(15, "ticket.transferred", ticket=ticket(
        "t1", "A001", "transferred", target_counter_id="counter-2")))
    mirror.apply(event(16, "counter.changed", counter=counter()))
    assert [t.number for t in mirror.waiting_for("counter-1", 200.0)] == ["A002"]
    assert [t.number for t in mirror.waiting_for("counter-2", 200.0)] == ["A001", "A002"]
    assert mirror.current_ticket("counter-1") is None
    assert mirror.seq == 16


def test_day_figures_count_only_this_counter_and_today() -> None:
    stats = DayStats("counter-1", hub_id="h1", business_day=DAY)
    called = ticket("t1", "A001", "called", issued_at=100.0, called_at=160.0)
    assert stats.apply(event(1, "ticket.called", counter_id="counter-1", ticket=called))
    done = ticket("t1", "A001", "done", called_at=160.0, started_at=170.0, finished_at=290.0)
    assert stats.apply(event(2, "ticket.done", counter_id="counter-1", ticket=done))
    assert not stats.apply(event(3, "ticket.done", counter_id="counter-2", ticket=done))
    assert not stats.apply(event(2, "ticket.done", counter_id="counter-1", ticket=done))
    old = ticket("t9", "A009", "done", business_day="2026-11-22", started_at=1, finished_at=2)
    assert not stats.apply(event(4, "ticket.done", counter_id="counter-1", ticket=old))
    assert stats.apply(event(5, "ticket.no_show", counter_id="counter-1",
                             ticket=ticket("t2", "A002", "no_show")))
    assert (stats.calls, stats.served, stats.no_shows) == (1, 1, 1)
    assert stats.average_service_s == 120.0
    assert stats.average_wait_s == 60.0
    assert stats.apply(event(6, "day.closed", new_business_day="2026-11-24"))
    assert (stats.served, stats.business_day, stats.seq) == (0, "2026-11-24", 6)


def test_day_figures_survive_a_restart_but_not_another_hub(tmp_path: Path) -> None:
    path = tmp_path / "day.json"
    stats = DayStats("counter-1", hub_id="h1", business_day=DAY, seq=7, served=3,
                     service_total_s=300.0)
    save_stats(path, stats)
    assert load_stats(path, "counter-1", "h1") == stats
    assert load_stats(path, "counter-1", "other-hub") is None
    path.write_text("{not json")
    assert load_stats(path, "counter-1", "h1") is None


async def test_led_blinks_a_new_call_then_holds_it_and_clears_when_done() -> None:
    sign = FakeLedDisplay()
    feed = LedFeed(sign, "counter-1", blink_s=0.05)
    mirror = OfficeMirror()
    mirror.load(snapshot())
    feed.on_snapshot(mirror)
    assert sign.history == [("", False)]
    called = event(11, "ticket.called", counter_id="counter-1",
                   ticket=ticket("t1", "A001", "called", counter_id="counter-1"))
    mirror.apply(called)
    feed.on_event(called, mirror)
    assert sign.history[-1] == ("A001", True)
    changed = event(12, "counter.changed", counter=counter(ticket_id="t1"))
    mirror.apply(changed)
    feed.on_event(changed, mirror)
    assert sign.history[-1] == ("A001", True)  # still blinking: nothing changed
    await asyncio.sleep(0.15)
    assert sign.history[-1] == ("A001", False)
    # Another counter's call does not touch this sign.
    other = event(13, "ticket.called", counter_id="counter-2",
                  ticket=ticket("t2", "A002", "called", counter_id="counter-2"))
    mirror.apply(other)
    feed.on_event(other, mirror)
    assert sign.history[-1] == ("A001", False)
    done = event(14, "ticket.done", counter_id="counter-1",
                 ticket=ticket("t1", "A001", "done", counter_id="counter-1"))
    mirror.apply(done)
    feed.on_event(done, mirror)
    assert sign.history[-1] == ("", False)
    feed.close()
