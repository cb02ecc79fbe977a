"""Stream cases a healthy hub cannot be made to produce on demand (a gap in seq, a heartbeat
ahead of the events, an unreadable message), scripted by a tiny in-process WebSocket server
speaking the protocol of docs/api.md. Everything else is tested against the real hub."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from hub.api.schemas import EventMessage, Health, StateView
from hub.client import Backoff, EventFollower, HubClient, RetryPolicy, TokenRevoked
from tests.hub.client.streams import Collector


def _event(seq: int, type_: str = "ticket.issued") -> str:
    return json.dumps({"seq": seq, "type": type_, "at": 0.0, "data": {}})


class ScriptedHub:
    """Serves /health, /state and /events; each WebSocket connection plays the next script."""

    def __init__(self, scripts: list[list[Any]], state_seqs: list[int]) -> None:
        self.scripts = scripts
        self.state_seqs = state_seqs
        self.since: list[int] = []
        self.health_calls = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/v1/health", self.health)
        app.router.add_get("/api/v1/state", self.state)
        app.router.add_get("/api/v1/events", self.events)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/api/v1"

    async def stop(self) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def health(self, request: web.Request) -> web.Response:
        self.health_calls += 1
        return web.Response(text=Health(version="0", site="s", hub_id="h").model_dump_json(),
                            content_type="application/json")

    async def state(self, request: web.Request) -> web.Response:
        view = StateView(seq=self.state_seqs.pop(0), hub_id="h", site="s",
                         business_day="2026-01-01", languages=["en"], priorities=["normal"],
                         services=[], counters=[], waiting=[], recent_calls=[])
        return web.Response(text=view.model_dump_json(), content_type="application/json")

    async def events(self, request: web.Request) -> web.WebSocketResponse:
        self.since.append(int(request.query["since"]))
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        script = self.scripts.pop(0) if self.scripts else []
        for step in script:
            if isinstance(step, int):
                await ws.close(code=step)
                return ws
            await ws.send_str(step)
        async for _ in ws:  # keep the connection until the client leaves
            pass
        return ws


@pytest.fixture
async def scripted() -> AsyncIterator[ScriptedHub]:
    hub = ScriptedHub(
        scripts=[
            # since=0: one event, a heartbeat, a duplicate, then seq 3 where 2 was due.
            [_event(1), _event(1, "heartbeat"), _event(1), _event(3)],
            # since=3 (after the resync): an event, then a heartbeat saying seq 6 exists.
            [_event(4), _event(6, "heartbeat")],
            # since=4: garbage is skipped, then the rest, then the token is revoked.
            ["not json", _event(5), _event(6, "ticket.called"), 4001],
        ],
        state_seqs=[0, 3],
    )
    await hub.start()
    try:
        yield hub
    finally:
        await hub.stop()


async def test_gap_resyncs_heartbeat_ahead_resumes_and_4001_stops(
    scripted: ScriptedHub
) -> None:
    async with HubClient(scripted.url, "t", retry=RetryPolicy(attempts=1)) as client:
        follower = EventFollower(client, backoff=Backoff(0.01, 0.05))
        collector = Collector(follower).start()
        try:
            await collector.wait(lambda: collector.error is not None, what="revocation")
        finally:
            await collector.stop()
    assert isinstance(collector.error, TokenRevoked)
    shape = [(type(i).__name__, i.seq if isinstance(i, EventMessage) else i.reason)
             for i in collector.items]
    assert shape == [("Snapshot", "initial"), ("EventMessage", 1), ("Snapshot", "resync"),
                     ("EventMessage", 4), ("EventMessage", 5), ("EventMessage", 6)]
    assert scripted.since == [0, 3, 4]
    assert follower.stats.resyncs == 1
    assert scripted.health_calls >= 1, "the hub's identity is checked before resuming"
    assert follower.status.state == "revoked"


async def test_refused_handshake_means_revoked() -> None:
    async def refuse(request: web.Request) -> web.Response:
        if request.path.endswith("/state"):
            view = StateView(seq=0, hub_id="h", site="s", business_day="2026-01-01",
                             languages=[], priorities=[], services=[], counters=[],
                             waiting=[], recent_calls=[])
            return web.Response(text=view.model_dump_json(), content_type="application/json")
        return web.json_response({"title": "Unauthorized", "status": 401, "detail": "revoked"},
                                 status=401, content_type="application/problem+json")

    app = web.Application()
    app.router.add_get("/api/v1/{tail:.*}", refuse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with HubClient(f"http://127.0.0.1:{port}/api/v1", "t") as client:
            collector = Collector(EventFollower(client)).start()
            try:
                await collector.wait(lambda: collector.error is not None, what="refusal")
            finally:
                await collector.stop()
    finally:
        await runner.cleanup()
    assert isinstance(collector.error, TokenRevoked)
    assert len(collector.snapshots) == 1 and not collector.events
