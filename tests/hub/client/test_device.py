"""DeviceConnection end to end against real hubs: pair, follow, heartbeat, revoke; find the
hub by id over mDNS and follow it when it comes back on another address."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path

from hub.api.schemas import DeviceView, EventMessage, PairingCreated
from hub.client import (
    Backoff,
    ConnectionState,
    Credentials,
    CredentialStore,
    DeviceConnection,
    HubClient,
    Snapshot,
    StreamItem,
)
from tests.hub.client.conftest import stored_events
from tests.support.hub_process import HubProcess, free_port

LOOPBACK = ["127.0.0.1"]


async def _until(predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def _issued(items: list[StreamItem]) -> list[EventMessage]:
    return [i for i in items if isinstance(i, EventMessage) and i.type == "ticket.issued"]


def _other_tasks() -> set[asyncio.Task[object]]:
    return {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}


async def test_device_pairs_connects_beats_and_is_revoked(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    items: list[StreamItem] = []
    codes: asyncio.Queue[PairingCreated] = asyncio.Queue()
    store = CredentialStore(tmp_path / "kiosk")
    before = _other_tasks()
    connection = DeviceConnection(
        "kiosk", "Kiosk 1", app_version="1.2.3", store=store, hub_url=hub.url,
        on_item=items.append, on_code=codes.put_nowait,
        status_provider=lambda: {"printer": "ok", "paper": "low"})
    states: list[str] = []
    connection.status.subscribe(states.append)
    admin = clients("admin")
    await connection.start()
    try:
        code = (await asyncio.wait_for(codes.get(), 10)).code
        assert connection.status.state is ConnectionState.PAIRING
        await admin.approve(code)
        await asyncio.wait_for(connection.status.wait_for(ConnectionState.CONNECTED), 10)
        await _until(lambda: any(isinstance(i, Snapshot) for i in items), "snapshot")
        assert connection.credentials is not None and store.load() == connection.credentials
        assert connection.client is not None

        ticket = await connection.client.issue_ticket("general")
        await _until(lambda: bool(_issued(items)), "ticket.issued")
        assert _issued(items)[0].data["ticket"]["id"] == ticket.id

        devices = await _wait_device(admin, "Kiosk 1")
        assert devices.online and devices.app_version == "1.2.3"
        assert devices.status == {"printer": "ok", "paper": "low"}

        token_id = next(t.id for t in await admin.tokens() if t.name == "Kiosk 1")
        await admin.revoke_token(token_id)
        await asyncio.wait_for(connection.status.wait_for(ConnectionState.REVOKED), 5)
        await _until(lambda: store.load() is None, "credentials forgotten")
        assert store.device_id()  # the identity stays for the next pairing
    finally:
        await connection.stop()
    assert states == ["pairing", "connected", "revoked", "stopped"]
    assert _other_tasks() <= before, "stop() leaves nothing running"


async def _wait_device(admin: HubClient, name: str) -> DeviceView:
    deadline = time.monotonic() + 10
    while True:
        found = [d for d in await admin.devices() if d.name == name]
        if found and found[0].status:
            return found[0]
        assert time.monotonic() < deadline, f"device {name!r} never reported"
        await asyncio.sleep(0.1)


async def test_device_finds_its_hub_by_id_and_follows_it_to_a_new_address(
    tmp_path: Path
) -> None:
    hub = HubProcess(tmp_path, mdns=True)
    hub.create_tokens()
    hub.start()
    connection: DeviceConnection | None = None
    try:
        async with HubClient(hub.url, hub.tokens["kiosk"]) as kiosk:
            hub_id = (await kiosk.health()).hub_id
            store = CredentialStore(tmp_path / "display")
            stale = f"http://127.0.0.1:{free_port()}/api/v1"  # the hub's old address
            store.save(Credentials(hub_id=hub_id, hub_url=stale, token=hub.tokens["display"],
                                   role="display"))
            items: list[StreamItem] = []
            connection = DeviceConnection(
                "display", "Hall TV", app_version="1", store=store, interfaces=LOOPBACK,
                on_item=items.append, discovery_timeout=5, relocate_after_s=0.3,
                backoff=lambda: Backoff(0.05, 0.5))
            await connection.start()
            await asyncio.wait_for(connection.status.wait_for(ConnectionState.CONNECTED), 15)
            assert connection.client is not None and connection.client.base_url == hub.url
            await kiosk.issue_ticket("general")
            await _until(lambda: len(_issued(items)) == 1, "first ticket")

            await asyncio.to_thread(hub.stop)  # keep our loop answering its close
            hub.port = free_port()
            await asyncio.to_thread(hub.start)
            moved = hub.url
            await kiosk.aclose()
            kiosk.transport.base_url = moved
            await kiosk.issue_ticket("payments")  # happens while the display looks for it
            await _until(lambda: connection.client is not None
                         and connection.client.base_url == moved, "relocation", timeout=20)
            await asyncio.wait_for(connection.status.wait_for(ConnectionState.CONNECTED), 10)
            await _until(lambda: len(_issued(items)) == 2, "the missed event")
            follower = connection.follower
            assert follower is not None
            await _until(lambda: follower.last_seq == stored_events(hub.db)[-1][0], "catch-up")
            saved = json.loads(store.path.read_text())
            assert saved["hub_url"] == moved and saved["token"] == hub.tokens["display"]
    finally:
        if connection is not None:
            await connection.stop()
        hub.stop()
    assert isinstance(items[0], Snapshot)
    assert not any(isinstance(i, Snapshot) for i in items[1:]), "moved, not replaced: no resync"
    seen = [(i.seq, i.type) for i in items[1:] if isinstance(i, EventMessage)]
    assert seen == stored_events(hub.db, after=items[0].state.seq)
