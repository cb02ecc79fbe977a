"""Every typed HubClient method against a real hub, and how refusals map to HubError."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from hub.api.schemas import CounterView, Health, StateView, TicketView
from hub.client import HubClient, HubError, HubUnreachable, RetryPolicy
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


async def test_refusals_carry_the_problem(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    kiosk, c1 = clients("kiosk"), clients("counter-1")

    with pytest.raises(HubError) as not_found:
        await kiosk.get_ticket("no-such-ticket")
    assert (not_found.value.status, not_found.value.field) == (404, "ticket_id")
    assert "no-such-ticket" in not_found.value.detail

    with pytest.raises(HubError) as unknown_service:
        await kiosk.issue_ticket("no-such-service")
    assert unknown_service.value.status == 404
    assert unknown_service.value.field == "service_id"

    with pytest.raises(HubError) as bad_slug:  # the hub validates, not the client
        await kiosk.issue_ticket("Not A Slug")
    assert (bad_slug.value.status, bad_slug.value.field) == (422, "service_id")
    assert bad_slug.value.errors and bad_slug.value.errors[0]["field"] == "service_id"

    with pytest.raises(HubError) as conflict:
        await c1.start("counter-1")  # closed, nobody called
    assert conflict.value.status == 409
    assert conflict.value.current_state == "closed"

    with pytest.raises(HubError) as foreign:
        await c1.open("counter-2")
    assert (foreign.value.status, foreign.value.field) == (403, "counter_id")

    with pytest.raises(HubError) as role:
        await clients("display").issue_ticket("general")
    assert (role.value.status, role.value.field) == (403, "Authorization")

    anonymous = clients(None)
    with pytest.raises(HubError) as no_token:
        await anonymous.state()
    assert (no_token.value.status, no_token.value.field) == (401, "Authorization")

    with pytest.raises(HubError) as reused:
        await kiosk.issue_ticket("general", key="press-1")
        await kiosk.cancel_ticket("whatever", key="press-1")
    assert (reused.value.status, reused.value.field) == (422, "Idempotency-Key")
    assert str(reused.value).startswith("422 ")


async def test_caller_key_makes_a_repeated_command_a_no_op(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    kiosk = clients("kiosk")
    first = await kiosk.issue_ticket("general", key="keypad-7-press-1")
    # The app restarted and sends the same press again: the stored answer comes back.
    repeat = await clients("kiosk").issue_ticket("general", key="keypad-7-press-1")
    assert repeat.id == first.id and repeat.number == first.number
    other = await kiosk.issue_ticket("general")
    assert other.number == "A002"


async def test_unreachable_hub_is_reported_after_bounded_retries() -> None:
    port = free_port()  # nothing listens here
    retry = RetryPolicy(attempts=3, initial=0.05, maximum=0.1)
    async with HubClient(f"http://127.0.0.1:{port}/api/v1", "x", retry=retry) as client:
        started = time.monotonic()
        with pytest.raises(HubUnreachable) as err:
            await client.issue_ticket("general")
        assert time.monotonic() - started < 2.0
    assert str(port) in str(err.value)
