"""A hub that goes silent without closing anything (power or cable gone, as the device sees
it) is noticed by unanswered WebSocket pings or by missing heartbeats, and the stream resumes
with nothing lost or repeated. A lossy proxy plays the silence in front of a real hub."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from hub.client import (
    Backoff,
    ConnectionState,
    ConnectionStatus,
    EventFollower,
    HubClient,
    RetryPolicy,
)
from tests.hub.client.conftest import stored_events
from tests.hub.client.proxy import LossyProxy
from tests.hub.client.streams import Collector
from tests.support.hub_process import HubProcess


@pytest.fixture
def hub(shared_hub: HubProcess) -> HubProcess:
    return shared_hub


@pytest.mark.parametrize("detector", ["ping", "heartbeat"])
async def test_silent_hub_is_noticed_and_the_stream_resumes(
    hub: HubProcess, proxy: LossyProxy, clients: Callable[..., HubClient], detector: str
) -> None:
    kiosk = clients("kiosk")
    status = ConnectionStatus()
    if detector == "ping":  # WebSocket pings unanswered within half the interval
        options = {"ping_s": 0.4, "heartbeat_s": 15.0}
    else:  # no message for 2.5 heartbeat intervals
        options = {"ping_s": None, "heartbeat_s": 0.4}
    watcher = HubClient(proxy.url, hub.tokens["display"], timeout=1.0,
                        retry=RetryPolicy(attempts=1))
    follower = EventFollower(watcher, status=status, backoff=Backoff(0.05, 0.3), **options)
    collector = Collector(follower).start()
    try:
        await status.wait_for(ConnectionState.CONNECTED)
        await kiosk.issue_ticket("general")
        await collector.wait(lambda: len(collector.events) == 1, what="first event")
        proxy.blackhole = True
        silenced = time.monotonic()
        await kiosk.issue_ticket("general")
        await kiosk.issue_ticket("payments")
        await asyncio.wait_for(status.wait_for(ConnectionState.RECONNECTING), 5)
        noticed = time.monotonic() - silenced
        assert len(collector.events) == 1
        proxy.blackhole = False
        await asyncio.wait_for(status.wait_for(ConnectionState.CONNECTED), 10)
        await collector.wait(lambda: len(collector.events) == 3, what="missed events")
    finally:
        await collector.stop()
        await watcher.aclose()
    assert collector.events == stored_events(hub.db, after=collector.snapshots[0].state.seq)
    assert noticed < 2.5, noticed
