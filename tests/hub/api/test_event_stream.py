"""The WebSocket event stream: replay, live, resume after a drop, heartbeats."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from typing import Any

import aiohttp

from tests.support.api import call
from tests.support.hub_process import HubProcess


async def _receive(ws: aiohttp.ClientWebSocketResponse, count: int,
                   timeout: float = 10.0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    async with asyncio.timeout(timeout):
        while len(out) < count:
            msg = await ws.receive()
            assert msg.type == aiohttp.WSMsgType.TEXT, msg
            data = json.loads(msg.data)
            if data["type"] != "heartbeat":
                out.append(data)
    return out


def _stored_seqs(hub: HubProcess) -> list[tuple[int, str]]:
    with sqlite3.connect(hub.db) as db:
        return db.execute("SELECT seq, type FROM events ORDER BY seq").fetchall()


async def test_replay_live_and_resume(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    for service in ("general", "payments"):
        await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": service})
    url = hub.url.replace("http", "ws") + "/events"
    async with http.ws_connect(url + "?since=0", headers=hub.headers("display")) as ws:
        replayed = await _receive(ws, 2)
        assert [e["type"] for e in replayed] == ["ticket.issued", "ticket.issued"]
        assert [e["seq"] for e in replayed] == [1, 2]
        assert replayed[0]["data"]["ticket"]["number"] == "A001"
        await call(http, hub, "POST", "/counters/counter-1/open")
        await call(http, hub, "POST", "/counters/counter-1/call-next")
        live = await _receive(ws, 3)
        assert [e["type"] for e in live] == ["counter.changed", "ticket.called",
                                             "counter.changed"]
        called = live[1]
        assert called["data"]["ticket"]["number"] == "A001"
        assert called["data"]["counter_id"] == "counter-1"
        assert called["data"]["counter_number"] == "1"
        last = live[-1]["seq"]
    # While the client is away, things happen.
    await call(http, hub, "POST", "/counters/counter-1/recall")
    await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "documents"})
    async with http.ws_connect(f"{url}?since={last}", headers=hub.headers("display")) as ws:
        missed = await _receive(ws, 2)
        await call(http, hub, "POST", "/counters/counter-1/done")
        after = await _receive(ws, 2)
    seen = [(e["seq"], e["type"]) for e in replayed + live + missed + after]
    assert seen == _stored_seqs(hub), "every stored event exactly once, in order"


async def test_resume_with_unknown_future_seq_says_reset(
    hub: HubProcess, http: aiohttp.ClientSession
) -> None:
    await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "general"})
    url = hub.url.replace("http", "ws") + "/events?since=999"
    async with http.ws_connect(url, headers=hub.headers("counter-1")) as ws:
        (reset,) = await _receive(ws, 1)
        assert reset["type"] == "stream.reset"
        assert reset["seq"] == 1
        await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "general"})
        (issued,) = await _receive(ws, 1)
        assert (issued["seq"], issued["type"]) == (2, "ticket.issued")


async def test_stream_refuses_bad_requests(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    status, problem, _ = await call(http, hub, "GET", "/events?since=abc", "display")
    assert (status, problem["field"]) == (422, "since")
    status, problem, _ = await call(http, hub, "GET", "/events", None)
    assert status == 401


async def test_many_clients_each_get_every_event(
    hub: HubProcess, http: aiohttp.ClientSession
) -> None:
    url = hub.url.replace("http", "ws") + "/events?since=0"
    sockets = [await http.ws_connect(url, headers=hub.headers("display")) for _ in range(20)]
    try:
        await asyncio.gather(*[
            call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "general"})
            for _ in range(10)
        ])
        results = await asyncio.gather(*[_receive(ws, 10) for ws in sockets])
        for events in results:
            assert [e["seq"] for e in events] == list(range(1, 11))
    finally:
        for ws in sockets:
            await ws.close()
