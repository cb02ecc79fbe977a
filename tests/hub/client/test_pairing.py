"""Pairing from the device's side against a real hub: code, approval, token kept once (0600),
rejection, expiry, wrong and reused codes, and revocation cutting the live stream.

The tests share one hub: each pairs a device of its own name (the last one revokes the
display token, which no other test uses).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hub.api.schemas import PairingCreated
from hub.client import (
    ConnectionState,
    ConnectionStatus,
    CredentialStore,
    EventFollower,
    HubClient,
    HubError,
    HubUnreachable,
    PairingFailed,
    TokenRevoked,
    pair_device,
)
from hub.client import pairing as client_pairing
from hub.client.backoff import Backoff
from hub.client.pairing import request_code
from tests.hub.client.proxy import LossyProxy
from tests.hub.client.streams import Collector
from tests.support.hub_process import HubProcess


@pytest.fixture
def hub(shared_hub: HubProcess) -> HubProcess:
    return shared_hub


class Codes:
    """Collects the codes a pairing shows; `next()` waits for a new one."""

    def __init__(self) -> None:
        self.shown: list[PairingCreated] = []
        self._queue: asyncio.Queue[PairingCreated] = asyncio.Queue()

    def __call__(self, ticket: PairingCreated) -> None:
        self.shown.append(ticket)
        self._queue.put_nowait(ticket)

    async def next(self) -> PairingCreated:
        return await asyncio.wait_for(self._queue.get(), 10)


def _close_claim_window(hub: HubProcess, code: str) -> None:
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        db.execute("UPDATE pairing_requests SET expires_at = ? WHERE code = ? "
                   "AND status = 'claimed'", (time.time() - 1, code))
        db.commit()


def _requests_of(hub: HubProcess, device_id: str) -> int:
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        return int(db.execute("SELECT COUNT(*) FROM pairing_requests WHERE device_id = ?",
                              (device_id,)).fetchone()[0])


def _expire(hub: HubProcess, code: str) -> None:
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        db.execute("UPDATE pairing_requests SET expires_at = ? WHERE code = ?",
                   (time.time() - 1, code))
        db.commit()


async def test_counter_pairs_and_keeps_its_token_private(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    store = CredentialStore(tmp_path / "config" / "counter")
    codes = Codes()
    device = clients(None)
    pairing = asyncio.create_task(pair_device(device, store, kind="counter", name="Window 3",
                                              on_code=codes))
    shown = await codes.next()
    assert len(shown.code) == 6 and shown.code.isdigit()
    admin = clients("admin")
    approved = await admin.approve(shown.code, counter_id="3")
    assert (approved.status, approved.counter_id, approved.token) == ("approved", "counter-3",
                                                                      None)
    credentials = await asyncio.wait_for(pairing, 10)

    assert (credentials.role, credentials.counter_id) == ("counter", "counter-3")
    assert credentials.hub_url == hub.url
    assert credentials.hub_id == (await device.health()).hub_id
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600, oct(mode)
    assert json.loads(store.path.read_text())["token"] == credentials.token
    assert sorted(p.name for p in store.directory.iterdir()) == ["credentials.json",
                                                                 "device_id"]
    assert store.load() == credentials

    # The token works, for its own counter only.
    paired = clients(None)
    paired.transport.token = credentials.token
    assert (await paired.open("counter-3")).state == "open"
    with pytest.raises(HubError) as foreign:
        await paired.open("counter-1")
    assert foreign.value.status == 403
    names = {t.name: t for t in await admin.tokens()}
    assert names["Window 3"].role == "counter" and names["Window 3"].revoked_at is None

    # Once the re-claim window is over the hub never gives a token again; the code is spent.
    _close_claim_window(hub, shown.code)
    assert (await device.pairing_status(shown.request_id)).status == "claimed"
    assert (await paired.whoami()).counter_id == "counter-3"
    with pytest.raises(HubError) as reused:
        await admin.approve(shown.code, counter_id="3")
    assert (reused.value.status, reused.value.field) == (410, "code")
    assert "already" in reused.value.detail


async def test_restarted_device_shows_the_same_code(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    store = CredentialStore(tmp_path / "kiosk")
    codes = Codes()
    first = asyncio.create_task(pair_device(clients(None), store, kind="kiosk",
                                            name="Kiosk R", on_code=codes))
    shown = await codes.next()
    pending = store.directory / "pairing.json"
    assert stat.S_IMODE(pending.stat().st_mode) == 0o600
    first.cancel()  # the kiosk was switched off while showing its code
    with contextlib.suppress(asyncio.CancelledError):
        await first

    again = asyncio.create_task(pair_device(clients(None), store, kind="kiosk",
                                            name="Kiosk R", on_code=codes))
    resumed = await codes.next()
    assert (resumed.code, resumed.request_id) == (shown.code, shown.request_id)
    await clients("admin").approve(shown.code)
    credentials = await asyncio.wait_for(again, 10)
    assert credentials.role == "kiosk" and not pending.exists()


async def test_rejected_code_fails_pairing(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    store = CredentialStore(tmp_path / "display")
    codes = Codes()
    pairing = asyncio.create_task(pair_device(clients(None), store, kind="display",
                                              name="Hall TV", on_code=codes))
    shown = await codes.next()
    rejected = await clients("admin").reject(shown.code)
    assert rejected.status == "rejected"
    with pytest.raises(PairingFailed) as failed:
        await asyncio.wait_for(pairing, 10)
    assert failed.value.status == "rejected"
    assert store.load() is None and not store.path.exists()


async def test_expired_code_is_replaced_by_a_new_one(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    store = CredentialStore(tmp_path / "kiosk")
    codes = Codes()
    device_id = store.device_id()
    pairing = asyncio.create_task(pair_device(clients(None), store, kind="kiosk",
                                              name="Kiosk 1", on_code=codes))
    first = await codes.next()
    _expire(hub, first.code)
    second = await codes.next()  # the device asked for a fresh code by itself
    assert second.request_id != first.request_id
    admin = clients("admin")
    with pytest.raises(HubError) as stale:
        await admin.approve(first.code)
    assert stale.value.status == 410 and "expired" in stale.value.detail
    await admin.approve(second.code)
    credentials = await asyncio.wait_for(pairing, 10)
    assert credentials.role == "kiosk"
    assert store.device_id() == device_id, "the device id outlives pairings"

    # Without renewal the expiry is reported.
    other = CredentialStore(tmp_path / "kiosk2")
    codes2 = Codes()
    once = asyncio.create_task(pair_device(clients(None), other, kind="kiosk", name="K2",
                                           on_code=codes2, renew_codes=False))
    _expire(hub, (await codes2.next()).code)
    with pytest.raises(PairingFailed) as expired:
        await asyncio.wait_for(once, 10)
    assert expired.value.status == "expired"


async def test_wrong_and_malformed_codes_are_clear_errors(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    admin = clients("admin")
    with pytest.raises(HubError) as wrong:
        await admin.approve("000000", counter_id="1")
    assert (wrong.value.status, wrong.value.field) == (404, "code")
    assert "no device is showing code 000000" in wrong.value.detail
    with pytest.raises(HubError) as malformed:
        await admin.reject("12345")
    assert (malformed.value.status, malformed.value.field) == (422, "code")
    with pytest.raises(HubError) as not_admin:
        await clients("kiosk").approve("000000")
    assert not_admin.value.status == 403
    with pytest.raises(HubError) as bad_request:
        await clients(None).request_pairing("kiosk", "Kiosk", "x")  # device id too short
    assert (bad_request.value.status, bad_request.value.field) == (422, "device_id")


async def test_lost_answers_leave_no_orphan_code_and_no_lost_token(
    hub: HubProcess, clients: Callable[..., HubClient], proxy: LossyProxy, tmp_path: Path
) -> None:
    store = CredentialStore(tmp_path / "lossy")
    codes = Codes()
    proxy.drop_responses[b"POST /api/v1/pairing "] = 1  # the hub's first answer is lost
    pairing = asyncio.create_task(pair_device(clients(None, url=proxy.url), store,
                                              kind="kiosk", name="Kiosk L", on_code=codes))
    shown = await codes.next()
    keys = proxy.keys(b"POST /api/v1/pairing ")
    assert len(keys) == 2, "the answer was lost, so the device asked again"
    assert keys[0] == keys[1] and len(keys[0]) == 32
    assert _requests_of(hub, store.device_id()) == 1, "the retry got the same request"
    assert codes.shown == [shown]

    admin = clients("admin")
    await admin.approve(shown.code)
    proxy.drop_responses[b"GET /api/v1/pairing/"] = 1  # the answer with the token is lost
    credentials = await asyncio.wait_for(pairing, 15)
    assert proxy.drop_responses[b"GET /api/v1/pairing/"] == 0
    mine = [t for t in await admin.tokens() if t.name == "Kiosk L"]
    assert len(mine) == 2, "the lost token was replaced by a new one"
    assert sum(t.revoked_at is None for t in mine) == 1
    assert not (store.directory / "pairing.json").exists()

    device = clients(None)
    device.transport.token = credentials.token
    me = await device.whoami()
    assert (me.role, me.device_kind, me.device_name, me.device_id) == (
        "kiosk", "kiosk", "Kiosk L", store.device_id())
    assert me.token_id == next(t.id for t in mine if t.revoked_at is None)


async def test_request_code_keeps_its_key_and_replaces_a_spent_one(
    hub: HubProcess, clients: Callable[..., HubClient], proxy: LossyProxy,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every answer is lost: each retry (of the transport and of request_code) carries the
    # same key, the hub keeps one request, and the device gives up in the end.
    proxy.drop_responses[b"POST /api/v1/pairing "] = 1000
    lossy = clients(None, url=proxy.url)
    with pytest.raises(HubUnreachable):
        await request_code(lossy, "display", "Hall D", "dev-lossy", patience_s=0.5,
                           backoff=Backoff(initial=0.05, maximum=0.1))
    proxy.drop_responses.clear()
    keys = proxy.keys(b"POST /api/v1/pairing ")
    assert len(keys) > 3, "more rounds than the transport's own three attempts"
    assert len(set(keys)) == 1
    assert _requests_of(hub, "dev-lossy") == 1

    # A key whose request is over (here: approved) is replaced by a new one.
    device = clients(None)
    spent = "k" * 32
    monkeypatch.setattr(client_pairing, "new_idempotency_key", lambda: spent)
    first = await request_code(device, "display", "Hall D", "dev-spent")
    await clients("admin").approve(first.code)
    fresh = iter([spent, "f" * 32])
    monkeypatch.setattr(client_pairing, "new_idempotency_key", lambda: next(fresh))
    second = await request_code(device, "display", "Hall D", "dev-spent")
    assert second.request_id != first.request_id and second.code != first.code
    assert _requests_of(hub, "dev-spent") == 2


async def test_whoami_tells_an_app_its_counter(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    me = await clients("counter-4").whoami()
    assert (me.role, me.counter_id, me.counter_number, me.device_kind) == (
        "counter", "counter-4", "4", None)
    assert me.hub_id == (await clients(None).health()).hub_id
    with pytest.raises(HubError) as refused:
        await clients(None).whoami()
    assert (refused.value.status, refused.value.field) == (401, "Authorization")


async def test_revocation_cuts_the_event_stream(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    admin = clients("admin")
    status = ConnectionStatus()
    collector = Collector(EventFollower(clients("display"), status=status)).start()
    try:
        await asyncio.wait_for(status.wait_for(ConnectionState.CONNECTED), 10)
        token_id = next(t.id for t in await admin.tokens() if t.name == "test display")
        started = time.monotonic()
        revoked = await admin.revoke_token(token_id)
        assert revoked.revoked_at is not None
        await asyncio.wait_for(status.wait_for(ConnectionState.REVOKED), 5)
        assert time.monotonic() - started < 2.0
        await collector.wait(lambda: collector.error is not None, what="TokenRevoked")
    finally:
        await collector.stop()
    assert isinstance(collector.error, TokenRevoked)
    assert collector.task is not None and collector.task.done()

    # A follower started with a revoked token stops at once, too.
    again = Collector(EventFollower(clients("display"))).start()
    try:
        await again.wait(lambda: again.error is not None, what="TokenRevoked")
    finally:
        await again.stop()
    assert isinstance(again.error, TokenRevoked) and again.follower.status.state == "revoked"
