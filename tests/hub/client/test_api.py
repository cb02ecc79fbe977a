"""Every typed HubClient method against a real hub (refusals: test_api_errors.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from hub.api.schemas import CounterView, Health, StateView, TicketView
from hub.client import HubClient, HubUnreachable, RetryPolicy
from tests.support.hub_process import HubProcess, free_port


async def test_queue_lifecycle_through_typed_methods(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    kiosk, c1, c4 = clients("kiosk"), clients("counter-1"), clients("counter-4")
    health = await clients(None).health()
    assert isinstance(health, Health) and health.status == "ok" and health.hub_id

    first = await kiosk.issue_ticket("general")
    second = await kiosk.issue_ticket("payments", language="ru", priority="priority")
    third = await kiosk.issue_ticket("general")
    assert isinstance(first, TicketView)
    assert (first.number, first.state, first.people_ahead) == ("A001", "waiting", 0)
    assert first.estimated_wait_s is None  # no counter is open yet
    assert (second.number, second.language, second.priority) == ("B001", "ru", "priority")
    assert third.people_ahead == 1

    fetched = await clients("display").get_ticket(third.id)
    assert (fetched.id, fetched.number) == (third.id, "A002")
    cancelled = await kiosk.cancel_ticket(third.id)
    assert cancelled.state == "cancelled"

    opened = await c1.open("counter-1")
    assert isinstance(opened, CounterView) and opened.state == "open"
    state = await clients("display").state()
    assert isinstance(state, StateView) and state.hub_id == health.hub_id
    assert {t.number for t in state.waiting} == {"A001", "B001"}

    called = await c1.call_next("counter-1")
    assert called is not None and called.number == "B001"  # priority goes first
    assert called.state == "called" and called.counter_id == "counter-1"
    recalled = await c1.recall("counter-1")
    assert (recalled.id, recalled.recall_count) == (called.id, 1)
    started = await c1.start("counter-1")
    assert started.state == "serving"
    finished = await c1.done("counter-1")
    assert finished.state == "done" and finished.finished_at is not None

    called = await c1.call_next("counter-1")
    assert called is not None and called.number == "A001"
    missing = await c1.no_show("counter-1")
    assert missing.state == "no_show"
    assert await c1.call_next("counter-1") is None  # 204: nobody waits

    paused = await c1.pause("counter-1", "lunch")
    assert (paused.state, paused.pause_reason) == ("paused", "lunch")
    resumed = await c1.resume("counter-1")
    assert resumed.state == "open"

    # Transfers: to another service's queue, then to a named counter.
    await c4.open("counter-4")
    await kiosk.issue_ticket("general")
    moving = await c4.call_next("counter-4")
    assert moving is not None
    to_service = await c4.transfer("counter-4", to_service_id="documents")
    assert (to_service.state, to_service.service_id) == ("transferred", "documents")
    assert to_service.number == moving.number and to_service.transfer_count == 1
    again = await c4.call_next("counter-4")
    assert again is not None and again.id == moving.id
    to_counter = await c4.transfer("counter-4", to_counter_id="counter-1")
    assert (to_counter.state, to_counter.target_counter_id) == ("transferred", "counter-1")

    closed = await c1.close("counter-1")
    assert closed.state == "closed"


async def test_unreachable_hub_is_reported_after_bounded_retries() -> None:
    port = free_port()  # nothing listens here
    retry = RetryPolicy(attempts=3, initial=0.05, maximum=0.1)
    async with HubClient(f"http://127.0.0.1:{port}/api/v1", "x", retry=retry) as client:
        started = time.monotonic()
        with pytest.raises(HubUnreachable) as err:
            await client.issue_ticket("general")
        assert time.monotonic() - started < 2.0
    assert str(port) in str(err.value)
