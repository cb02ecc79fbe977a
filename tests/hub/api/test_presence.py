"""Device heartbeats and presence: online, status changes, offline after silence."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.support.api import call
from tests.support.hub_process import HubProcess, running_hub


@pytest.fixture
def quick_hub(tmp_path: Path) -> Iterator[HubProcess]:
    with running_hub(tmp_path, extra_args=("--offline-after", "1.5")) as process:
        yield process


async def test_heartbeat_online_status_offline(quick_hub: HubProcess,
                                               http: aiohttp.ClientSession) -> None:
    hub = quick_hub
    url = hub.url.replace("http", "ws") + "/events?since=0"
    async with http.ws_connect(url, headers=hub.headers("admin")) as ws:
        status, ack, _ = await call(http, hub, "POST", "/devices/heartbeat", "kiosk",
                                    body={"app_version": "0.1.0",
                                          "status": {"printer": {"online": True,
                                                                 "paper": "ok"}}})
        assert status == 200
        assert ack["heartbeat_interval_s"] > 0
        # The same heartbeat again changes nothing: no event.
        await call(http, hub, "POST", "/devices/heartbeat", "kiosk",
                   body={"app_version": "0.1.0",
                         "status": {"printer": {"online": True, "paper": "ok"}}})
        await call(http, hub, "POST", "/devices/heartbeat", "kiosk",
                   body={"app_version": "0.1.0",
                         "status": {"printer": {"online": True, "paper": "out"}}})
        events = []
        async with asyncio.timeout(6):
            while len(events) < 3:
                msg = await ws.receive()
                data = json.loads(msg.data)
                if data["type"] == "device.changed":
                    events.append(data)
        reasons = [e["data"]["reason"] for e in events]
        assert reasons == ["online", "status", "offline"]
        assert events[1]["data"]["device"]["status"]["printer"]["paper"] == "out"
        assert events[2]["data"]["device"]["online"] is False
        assert events[2]["data"]["device"]["kind"] == "kiosk"
        assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)

    status, devices, _ = await call(http, hub, "GET", "/devices")
    assert status == 200
    (kiosk,) = devices
    assert (kiosk["kind"], kiosk["name"], kiosk["online"]) == ("kiosk", "test kiosk", False)
    assert kiosk["status"]["printer"]["paper"] == "out"
    status, _, _ = await call(http, hub, "GET", "/devices", "kiosk")
    assert status == 403

    # The registry survives a restart.
    hub.stop()
    hub.start()
    status, devices, _ = await call(http, hub, "GET", "/devices")
    assert [d["name"] for d in devices] == ["test kiosk"]
