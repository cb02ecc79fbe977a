"""Commands survive lost answers: retries reuse the Idempotency-Key, so nothing happens twice.

Requests go through a lossy 127.0.0.1 proxy in front of a real hub; the hub's SQLite file
is the witness of what really happened. The tests share one hub and assert on what they
changed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable

import pytest

from hub.client import HubClient, HubError, HubUnreachable, RetryPolicy
from tests.hub.client.conftest import count_tickets
from tests.hub.client.proxy import LossyProxy
from tests.support.hub_process import HubProcess


@pytest.fixture
def hub(shared_hub: HubProcess) -> HubProcess:
    return shared_hub


def _ticket_states(hub: HubProcess) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        return dict(db.execute("SELECT id, state FROM tickets").fetchall())


async def test_lost_answer_is_retried_with_the_same_key_and_issues_one_ticket(
    hub: HubProcess, proxy: LossyProxy, clients: Callable[..., HubClient]
) -> None:
    before = _ticket_states(hub)
    proxy.drop_responses[b"POST /api/v1/tickets "] = 1
    ticket = await clients("kiosk", url=proxy.url).issue_ticket("general")

    keys = proxy.keys(b"POST /api/v1/tickets ")
    assert len(keys) == 2, "the first answer was lost, so the client sent it again"
    assert keys[0] == keys[1] and len(keys[0]) == 32
    assert _ticket_states(hub) == before | {ticket.id: "waiting"}, "exactly one new ticket"


async def test_lost_call_next_answer_calls_one_visitor(
    hub: HubProcess, proxy: LossyProxy, clients: Callable[..., HubClient]
) -> None:
    kiosk = clients("kiosk")
    for _ in range(2):
        await kiosk.issue_ticket("general")
    counter = clients("counter-1", url=proxy.url)
    await counter.open("counter-1")
    before = _ticket_states(hub)
    proxy.drop_responses[b"/call-next "] = 1
    called = await counter.call_next("counter-1")

    assert called is not None and before[called.id] == "waiting"
    assert len(set(proxy.keys(b"/call-next "))) == 1 and len(proxy.keys(b"/call-next ")) == 2
    assert _ticket_states(hub) == before | {called.id: "called"}, "one visitor called"


async def test_slow_answer_times_out_and_the_retry_gets_the_stored_answer(
    hub: HubProcess, proxy: LossyProxy, clients: Callable[..., HubClient]
) -> None:
    before = count_tickets(hub.db)
    proxy.delay_responses[b"POST /api/v1/tickets "] = (1, 1.5)
    kiosk = clients("kiosk", url=proxy.url, timeout=0.5)
    ticket = await kiosk.issue_ticket("payments")
    assert ticket.service_id == "payments"
    assert len(proxy.keys(b"POST /api/v1/tickets ")) == 2
    assert count_tickets(hub.db) == before + 1


async def test_503_is_retried_and_refusals_are_not(
    hub: HubProcess, proxy: LossyProxy, clients: Callable[..., HubClient]
) -> None:
    kiosk = clients("kiosk", url=proxy.url)
    before = count_tickets(hub.db)
    proxy.fake_503[b"POST /api/v1/tickets "] = 1
    await kiosk.issue_ticket("general")
    assert count_tickets(hub.db) == before + 1
    keys = proxy.keys(b"POST /api/v1/tickets ")
    assert len(keys) == 2 and keys[0] == keys[1]

    counter = clients("counter-2", url=proxy.url)
    with pytest.raises(HubError) as conflict:
        await counter.start("counter-2")
    assert conflict.value.status == 409
    assert len(proxy.keys(b"/counters/counter-2/start ")) == 1, "a refusal is final"


async def test_gave_up_command_is_applied_once_when_the_caller_repeats_its_key(
    hub: HubProcess, proxy: LossyProxy, clients: Callable[..., HubClient]
) -> None:
    before = _ticket_states(hub)
    proxy.drop_responses[b"POST /api/v1/tickets "] = 10
    retry = RetryPolicy(attempts=3, initial=0.05, maximum=0.1)
    kiosk = clients("kiosk", url=proxy.url, retry=retry)
    with pytest.raises(HubUnreachable):
        await kiosk.issue_ticket("documents", key="touch-42")
    assert proxy.keys(b"POST /api/v1/tickets ") == ["touch-42"] * 3
    after = _ticket_states(hub)
    assert len(after) == len(before) + 1, "the hub did it once; the device never heard"

    proxy.drop_responses.clear()
    ticket = await kiosk.issue_ticket("documents", key="touch-42")
    assert ticket.id in after.keys() - before.keys()
    assert _ticket_states(hub) == after
