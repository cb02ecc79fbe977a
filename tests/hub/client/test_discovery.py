"""Discovery on 127.0.0.1 only: real hubs advertising, a stranger's records, picking by id."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from zeroconf.asyncio import AsyncServiceInfo

from hub.client import (
    SERVICE_TYPE,
    AmbiguousHub,
    HubClient,
    discover,
    find_hub,
    parse_announcement,
)
from tests.support.hub_process import HubProcess, free_port

LOOPBACK = ["127.0.0.1"]


@pytest.fixture
def two_offices(tmp_path: Path) -> Iterator[tuple[HubProcess, HubProcess]]:
    """Two real hubs on one "LAN" (127.0.0.1), both advertising over mDNS."""
    hubs = []
    try:
        for name in ("north", "south"):
            (tmp_path / name).mkdir()
            hub = HubProcess(tmp_path / name, mdns=True)
            hub.start()
            hubs.append(hub)
        yield hubs[0], hubs[1]
    finally:
        for hub in hubs:
            hub.stop()


@pytest.fixture
def announcer() -> Iterator[list[subprocess.Popen[str]]]:
    """Start `tests.hub.client.announcer` processes; all are ended after the test."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _announce(procs: list[subprocess.Popen[str]], name: str, port: int,
              **props: str) -> None:
    """Start announcing (in parallel with the others); `_ready` waits for all of them."""
    procs.append(subprocess.Popen(
        [sys.executable, "-m", "tests.hub.client.announcer", name, str(port),
         *(f"{k}={v}" for k, v in props.items())],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))


def _ready(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"


async def _hub_id(hub: HubProcess) -> str:
    async with HubClient(hub.url, None) as client:
        return (await client.health()).hub_id


async def test_find_hub_picks_our_office_by_id(
    two_offices: tuple[HubProcess, HubProcess]
) -> None:
    north, south = two_offices
    north_id, south_id = await _hub_id(north), await _hub_id(south)
    # The hubs announce once HTTP listens; probing takes a second or two.
    first = await find_hub(north_id, LOOPBACK, timeout=5)
    assert first is not None and first.port == north.port

    started = time.monotonic()
    found = await find_hub(south_id, LOOPBACK, timeout=5)
    assert found is not None
    assert (found.hub_id, found.port) == (south_id, south.port)
    assert time.monotonic() - started < 3, "stops as soon as our hub answers (limit 5 s)"
    assert found.base_url == south.url
    assert found.api_path == "/api/v1" and found.pairing_open
    assert found.site == "Now Serving Sample Office" and found.version
    assert found.addresses == ("127.0.0.1",)
    async with HubClient(found.base_url, None) as client:
        assert (await client.health()).hub_id == south_id

    everyone = await discover(LOOPBACK, timeout=1.5)
    ours = {a.hub_id: a.port for a in everyone if a.hub_id in (north_id, south_id)}
    assert ours == {north_id: north.port, south_id: south.port}
    north_only = await discover(LOOPBACK, timeout=1.5, hub_id=north_id)
    assert [a.port for a in north_only] == [north.port]

    # Unpaired, with two offices open for pairing: the device must not guess.
    with pytest.raises(AmbiguousHub) as ambiguous:
        await find_hub(None, LOOPBACK, timeout=1.5)
    assert {north_id, south_id} <= {c.hub_id for c in ambiguous.value.candidates}


async def test_records_are_parsed_at_the_edge(
    announcer: list[subprocess.Popen[str]]
) -> None:
    closed_id, open_id = uuid.uuid4().hex[:16], uuid.uuid4().hex[:16]
    port = free_port()
    _announce(announcer, "Closed office", port, hub_id=closed_id, site="Closed",
              version="9.9", api="api/v2/", pairing="closed")
    _announce(announcer, "Open office", port + 1, hub_id=open_id, site="Офис", version="1",
              pairing="open")
    _ready(announcer)
    closed = await find_hub(closed_id, LOOPBACK, timeout=5)
    assert closed is not None
    assert (closed.site, closed.version, closed.api_path, closed.pairing_open) == (
        "Closed", "9.9", "/api/v2", False)
    assert closed.base_url == f"http://127.0.0.1:{port}/api/v2"
    assert closed.host == "Closed-office.local."
    found = {a.hub_id: a for a in await discover(LOOPBACK, timeout=1.5)}
    assert {closed_id, open_id} <= found.keys()
    assert found[open_id].site == "Офис" and found[open_id].api_path == "/api/v1"
    assert all(a.hub_id for a in found.values())

    # An unpaired device prefers a hub open for pairing. (A hub of another test run
    # announcing on 127.0.0.1 at this moment makes it ambiguous, never the closed one.)
    try:
        best = await find_hub(None, LOOPBACK, timeout=1.5)
        assert best is not None and best.hub_id == open_id
    except AmbiguousHub as several:
        ids = {c.hub_id for c in several.candidates}
        assert open_id in ids and closed_id not in ids
        assert all(c.pairing_open for c in several.candidates)
    assert await find_hub("no-such-hub", LOOPBACK, timeout=0.5) is None


def test_announcer_uses_the_client_service_type() -> None:
    from tests.hub.client import announcer as module

    assert module.SERVICE_TYPE == SERVICE_TYPE


def test_parse_announcement_without_network() -> None:
    info = AsyncServiceInfo(
        SERVICE_TYPE, f"X.{SERVICE_TYPE}", port=8470,
        properties={"hub_id": "h1", "site": "S", "version": "1", "api": "/api/v1",
                    "pairing": "OPEN"},
        server="hub.local.", parsed_addresses=["fe80::1", "10.0.0.5"])
    announcement = parse_announcement(info)
    assert announcement is not None
    assert announcement.addresses == ("10.0.0.5", "fe80::1")
    assert announcement.base_url == "http://10.0.0.5:8470/api/v1"
    assert announcement.pairing_open
    v6 = AsyncServiceInfo(SERVICE_TYPE, f"Y.{SERVICE_TYPE}", port=1,
                          properties={"hub_id": "h2"}, server="y.local.",
                          parsed_addresses=["fd00::2"])
    parsed = parse_announcement(v6)
    assert parsed is not None and parsed.base_url == "http://[fd00::2]:1/api/v1"
    assert not parsed.pairing_open
    stranger = AsyncServiceInfo(SERVICE_TYPE, f"Z.{SERVICE_TYPE}", port=1,
                                properties={"site": "no id"}, parsed_addresses=["10.0.0.1"])
    assert parse_announcement(stranger) is None
