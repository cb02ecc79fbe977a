"""What the display fetches beside the event stream: the hub's clock and wait estimates."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from display.config import load_config
from display.model import DisplayModel
from display.sync import HubSync
from hub.api.schemas import HeartbeatAck, StateView
from hub.client import ConnectionState, ConnectionStatus, Credentials, Snapshot
from tests.display.helpers import T0, called, make_state


@dataclass
class FakeClient:
    """Answers /state and heartbeats like a hub whose clock runs 100 s ahead."""

    state_calls: int = 0
    heartbeats: list[dict[str, object]] = field(default_factory=list)

    async def state(self) -> StateView:
        self.state_calls += 1
        return make_state(estimates={"general": 1200, "payments": 60, "documents": None})

    async def heartbeat(self, app_version: str, status: dict[str, object]) -> HeartbeatAck:
        self.heartbeats.append(status)
        return HeartbeatAck(heartbeat_interval_s=10.0, server_time=time.time() + 100.0)


@dataclass
class FakeConnection:
    client: FakeClient = field(default_factory=FakeClient)
    status: ConnectionStatus = field(
        default_factory=lambda: ConnectionStatus(ConnectionState.CONNECTED))
    credentials: Credentials = field(default_factory=lambda: Credentials(
        hub_id="hub-1", hub_url="http://127.0.0.1:1/api/v1", token="ns_x", role="display",
        zone="services=general"))
    app_version: str = "test"


async def test_clock_and_debounced_estimates() -> None:
    model = DisplayModel(load_config())
    model.apply(Snapshot(make_state(waiting=["A002", "A003", "A004"])))
    connection = FakeConnection()
    sync = HubSync(connection, model, refresh_s=60.0, debounce_s=0.1)  # type: ignore[arg-type]
    model.subscribe(lambda what: sync.poke() if what == "board" else None)
    task = asyncio.create_task(sync.run())
    try:
        await asyncio.sleep(0.3)
        assert abs(model.hub_offset_s - 100.0) < 1.0
        assert connection.client.heartbeats[0]["languages"] == ["en", "zh", "ru"]
        before = connection.client.state_calls
        for seq, number in enumerate(["A002", "A003", "A004"], start=11):  # a burst of calls
            model.apply(called(seq, number, 2, T0))
        await asyncio.sleep(0.6)
        assert connection.client.state_calls == before + 1  # one refresh for the burst ...
        await asyncio.sleep(0.4)
        assert connection.client.state_calls == before + 1  # ... none caused by the refresh
        line = model.board.waiting_lines()[0]
        assert (line.id, line.estimated_wait_s, line.waiting) == ("general", 1200, 0)
        assert model.board.zone.everything  # the app, not the sync, applies the paired zone
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_clock_is_measured_again_after_a_reconnect() -> None:
    model = DisplayModel(load_config())
    connection = FakeConnection()
    sync = HubSync(connection, model, refresh_s=60.0, debounce_s=0.05)  # type: ignore[arg-type]
    task = asyncio.create_task(sync.run())
    try:
        await asyncio.sleep(0.1)
        assert len(connection.client.heartbeats) == 1
        connection.status.set(ConnectionState.RECONNECTING)
        connection.status.set(ConnectionState.CONNECTED)
        sync.poke()
        await asyncio.sleep(0.3)
        assert len(connection.client.heartbeats) == 2
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
