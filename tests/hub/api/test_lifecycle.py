"""The whole life of tickets through a real hub process."""

from __future__ import annotations

import aiohttp

from tests.support.api import call, open_all
from tests.support.hub_process import HubProcess


async def test_health_and_openapi(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    status, body, _ = await call(http, hub, "GET", "/health", who=None)
    assert status == 200
    assert body["status"] == "ok"
    assert body["site"] == "Now Serving Sample Office"
    status, doc, _ = await call(http, hub, "GET", "/openapi.json", who=None)
    assert status == 200
    assert doc["openapi"] == "3.1.0"
    for path in ("/api/v1/state", "/api/v1/tickets", "/api/v1/events",
                 "/api/v1/counters/{counter_id}/call-next",
                 "/api/v1/counters/{counter_id}/transfer"):
        assert path in doc["paths"], path
    assert "TicketView" in doc["components"]["schemas"]
    ticket_post = doc["paths"]["/api/v1/tickets"]["post"]
    assert ticket_post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "IssueTicketRequest")


async def test_ticket_lifecycle(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    status, a1, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                               body={"service_id": "general", "language": "ru"})
    assert status == 201
    assert a1["number"] == "A001"
    assert a1["state"] == "waiting"
    assert a1["language"] == "ru"
    assert a1["people_ahead"] == 0
    assert a1["estimated_wait_s"] is None  # no counter is open yet: honest "unknown"
    status, a2, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                               body={"service_id": "general"})
    assert (status, a2["number"], a2["people_ahead"], a2["language"]) == (201, "A002", 1, "en")
    status, b1, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                               body={"service_id": "payments"})
    assert b1["number"] == "B001"

    await open_all(http, hub)
    status, state, _ = await call(http, hub, "GET", "/state", "display")
    assert status == 200
    general = next(s for s in state["services"] if s["id"] == "general")
    assert general["waiting"] == 2
    assert general["estimated_wait_s"] == 0  # three counters serve A and are free
    assert [t["number"] for t in state["waiting"]] == ["A001", "A002", "B001"]

    status, called, _ = await call(http, hub, "POST", "/counters/counter-2/call-next",
                                   "counter-2")
    assert (status, called["number"], called["state"], called["counter_id"]) == (
        200, "A001", "called", "counter-2")
    status, recalled, _ = await call(http, hub, "POST", "/counters/counter-2/recall",
                                     "counter-2")
    assert (status, recalled["recall_count"]) == (200, 1)
    status, serving, _ = await call(http, hub, "POST", "/counters/counter-2/start", "counter-2")
    assert serving["state"] == "serving"
    status, done, _ = await call(http, hub, "POST", "/counters/counter-2/done", "counter-2")
    assert (status, done["state"]) == (200, "done")
    assert done["finished_at"] >= done["started_at"] >= done["called_at"]

    # counter-3 serves payments (and documents) only: it gets B001, never an A ticket.
    status, got, _ = await call(http, hub, "POST", "/counters/counter-3/call-next", "counter-3")
    assert got["number"] == "B001"
    status, _, _ = await call(http, hub, "POST", "/counters/counter-3/call-next", "counter-3")
    assert status == 204  # B001 finished; nothing else it serves waits

    # Transfer: A002 to documents keeps its number; counter-3 can then call it.
    _, a2c, _ = await call(http, hub, "POST", "/counters/counter-1/call-next", "counter-1")
    assert a2c["number"] == "A002"
    status, moved, _ = await call(http, hub, "POST", "/counters/counter-1/transfer",
                                  "counter-1", body={"service_id": "documents"})
    assert (status, moved["number"], moved["state"], moved["service_id"]) == (
        200, "A002", "transferred", "documents")
    _, again, _ = await call(http, hub, "POST", "/counters/counter-3/call-next", "counter-3")
    assert again["number"] == "A002"
    status, gone, _ = await call(http, hub, "POST", "/counters/counter-3/no-show", "counter-3")
    assert gone["state"] == "no_show"

    # Cancel a waiting ticket; pause/resume/close a counter.
    _, c1, _ = await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "documents"})
    status, cancelled, _ = await call(http, hub, "POST", f"/tickets/{c1['id']}/cancel", "kiosk")
    assert (status, cancelled["state"]) == (200, "cancelled")
    status, paused, _ = await call(http, hub, "POST", "/counters/counter-4/pause", "counter-4",
                                   body={"reason": "lunch"})
    assert (paused["state"], paused["pause_reason"]) == ("paused", "lunch")
    status, resumed, _ = await call(http, hub, "POST", "/counters/counter-4/resume", "counter-4")
    assert resumed["state"] == "open"
    status, closed, _ = await call(http, hub, "POST", "/counters/counter-4/close", "counter-4")
    assert closed["state"] == "closed"

    status, fetched, _ = await call(http, hub, "GET", f"/tickets/{a1['id']}", "display")
    assert (status, fetched["state"], fetched["counter_id"]) == (200, "done", "counter-2")
    _, state, _ = await call(http, hub, "GET", "/state", "display")
    assert state["waiting"] == []
    assert [c["number"] for c in state["recent_calls"]][:4] == ["A002", "A002", "B001", "A001"]


async def test_recall_limit_marks_no_show(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "general"})
    await call(http, hub, "POST", "/counters/counter-2/open", "counter-2")
    await call(http, hub, "POST", "/counters/counter-2/call-next", "counter-2")
    for expected in (1, 2, 3):  # the sample office allows three recalls
        _, t, _ = await call(http, hub, "POST", "/counters/counter-2/recall", "counter-2")
        assert (t["state"], t["recall_count"]) == ("called", expected)
    _, t, _ = await call(http, hub, "POST", "/counters/counter-2/recall", "counter-2")
    assert t["state"] == "no_show"
    _, state, _ = await call(http, hub, "GET", "/state", "display")
    counter = next(c for c in state["counters"] if c["id"] == "counter-2")
    assert counter["ticket_id"] is None
