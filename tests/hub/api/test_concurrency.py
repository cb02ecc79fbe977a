"""Two counters pressing at once never get the same ticket; retries never double-issue."""

from __future__ import annotations

import asyncio
import sqlite3

import aiohttp

from tests.support.api import call, open_all
from tests.support.hub_process import HubProcess


async def test_concurrent_call_next_never_shares_a_ticket(
    hub: HubProcess, http: aiohttp.ClientSession
) -> None:
    issued = await asyncio.gather(*[
        call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "general"})
        for _ in range(30)
    ])
    assert sorted(t["number"] for _, t, _ in issued) == [f"A{n:03d}" for n in range(1, 31)]
    await open_all(http, hub)
    # counters 1, 2 and 4 serve `general`; each presses "call next" ten times, all at once,
    # over separate connections. A call-next with someone at the counter finishes them first.
    async def press(counter: str) -> list[str]:
        async with aiohttp.ClientSession() as own:
            results = await asyncio.gather(*[
                call(own, hub, "POST", f"/counters/{counter}/call-next", counter)
                for _ in range(10)
            ])
        return [t["id"] for status, t, _ in results if status == 200]

    got = await asyncio.gather(press("counter-1"), press("counter-2"), press("counter-4"))
    all_ids = [tid for ids in got for tid in ids]
    assert len(all_ids) == 30
    assert len(set(all_ids)) == 30, "a ticket was handed to two calls"


async def test_idempotent_retries_change_nothing(
    hub: HubProcess, http: aiohttp.ClientSession
) -> None:
    first = await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "payments"},
                       key="tap-1")
    retries = await asyncio.gather(*[
        call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "payments"},
             key="tap-1") for _ in range(5)
    ])
    assert first[0] == 201
    assert all(r[:2] == first[:2] for r in retries)
    _, state, _ = await call(http, hub, "GET", "/state")
    assert [t["number"] for t in state["waiting"]] == ["B001"]

    # The same key from another device is another request.
    other = await call(http, hub, "POST", "/tickets", "admin", body={"service_id": "payments"},
                       key="tap-1")
    assert other[1]["number"] == "B002"
    # Reusing a key for a different operation is refused, not silently answered.
    status, problem, ctype = await call(http, hub, "POST", "/counters/counter-1/open", "kiosk",
                                        key="tap-1")
    assert status in (403, 422)
    status, problem, ctype = await call(http, hub, "POST", "/counters/counter-1/open", "admin",
                                        key="tap-1")
    assert (status, problem["field"], ctype) == (422, "Idempotency-Key",
                                                  "application/problem+json")

    # call-next retried after a lost answer calls one customer, not two.
    await call(http, hub, "POST", "/counters/counter-3/open", "counter-3")
    a = await call(http, hub, "POST", "/counters/counter-3/call-next", "counter-3", key="press-9")
    b = await call(http, hub, "POST", "/counters/counter-3/call-next", "counter-3", key="press-9")
    assert a[:2] == b[:2]
    assert a[1]["number"] == "B001"
    with sqlite3.connect(hub.db) as db:
        calls = db.execute("SELECT COUNT(*) FROM events WHERE type = 'ticket.called'").fetchone()
        issued = db.execute("SELECT COUNT(*) FROM events WHERE type = 'ticket.issued'").fetchone()
    assert (calls[0], issued[0]) == (1, 2)
