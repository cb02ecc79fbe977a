"""Pairing over the API and the CLI: codes, approval, the token and its re-claim window,
idempotent requests, limits, revocation."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import sqlite3
import subprocess
import sys
import time

import aiohttp

from tests.support.api import call
from tests.support.hub_process import HubProcess


async def _request(http: aiohttp.ClientSession, hub: HubProcess, kind: str = "counter",
                   name: str = "Window 3", device_id: str = "dev-0001",
                   key: str | None = None) -> dict[str, object]:
    status, body, _ = await call(http, hub, "POST", "/pairing", None, key=key,
                                 body={"kind": kind, "name": name, "device_id": device_id})
    assert status == 201, body
    return body


def _request_hash(request_id: str) -> str:
    return hashlib.sha256(request_id.encode()).hexdigest()


def _close_claim_window(hub: HubProcess, request_id: str) -> None:
    """Age a claimed request past its re-claim window."""
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        changed = db.execute("UPDATE pairing_requests SET expires_at = ? "
                             "WHERE request_hash = ? AND status = 'claimed'",
                             (time.time() - 1, _request_hash(request_id))).rowcount
        db.commit()
    assert changed == 1


def _pairing_rows(hub: HubProcess, device_id: str) -> int:
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        return int(db.execute("SELECT COUNT(*) FROM pairing_requests WHERE device_id = ?",
                              (device_id,)).fetchone()[0])


async def test_pair_approve_claim_once_and_use(hub: HubProcess,
                                               http: aiohttp.ClientSession) -> None:
    created = await _request(http, hub)
    code = str(created["code"])
    assert len(code) == 6
    assert code.isdigit()
    assert created["expires_at"] > time.time() + 590  # ten minutes
    poll = f"/pairing/{created['request_id']}"
    status, pending, _ = await call(http, hub, "GET", poll, None)
    assert (status, pending["status"], pending["token"]) == (200, "pending", None)

    # A counter device must be bound to a counter.
    status, problem, _ = await call(http, hub, "POST", "/pairing/approve",
                                    body={"code": code})
    assert (status, problem["field"]) == (422, "counter_id")
    status, problem, _ = await call(http, hub, "POST", "/pairing/approve", "kiosk",
                                    body={"code": code, "counter_id": "3"})
    assert status == 403
    status, approved, _ = await call(http, hub, "POST", "/pairing/approve",
                                     body={"code": f"{code[:3]} {code[3:]}", "counter_id": "3"})
    assert (status, approved["status"], approved["counter_id"]) == (200, "approved",
                                                                     "counter-3")
    assert approved["token"] is None  # the admin never sees the device's token

    status, got, _ = await call(http, hub, "GET", poll, None)
    assert (got["status"], got["role"], got["counter_id"]) == ("approved", "counter",
                                                               "counter-3")
    token = got["token"]
    assert token.startswith("ns_")
    # After the re-claim window the token is never given again.
    _close_claim_window(hub, str(created["request_id"]))
    status, again, _ = await call(http, hub, "GET", poll, None)
    assert (again["status"], again["token"]) == ("claimed", None)

    hub.tokens["paired"] = token
    status, opened, _ = await call(http, hub, "POST", "/counters/counter-3/open", "paired")
    assert (status, opened["state"]) == (200, "open")
    status, _, _ = await call(http, hub, "POST", "/counters/counter-1/open", "paired")
    assert status == 403

    # The code cannot be approved twice.
    status, problem, _ = await call(http, hub, "POST", "/pairing/approve",
                                    body={"code": code, "counter_id": "3"})
    assert (status, problem["field"]) == (410, "code")
    assert "already" in problem["detail"]


async def test_reject_unknown_and_guessing(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    created = await _request(http, hub, kind="display", name="Hall TV", device_id="tv-0001")
    status, rejected, _ = await call(http, hub, "POST", "/pairing/reject",
                                     body={"code": created["code"]})
    assert (status, rejected["status"]) == (200, "rejected")
    status, polled, _ = await call(http, hub, "GET", f"/pairing/{created['request_id']}", None)
    assert (polled["status"], polled["token"]) == ("rejected", None)
    status, problem, _ = await call(http, hub, "GET", "/pairing/not-a-request", None)
    assert (status, problem["field"]) == (404, "request_id")
    status, problem, _ = await call(http, hub, "POST", "/pairing/approve",
                                    body={"code": "12345"})
    assert (status, problem["field"]) == (422, "code")

    # Trying codes at random is cut off.
    statuses = []
    for n in range(12):
        status, problem, _ = await call(http, hub, "POST", "/pairing/approve",
                                        body={"code": f"{n:06d}", "counter_id": "1"})
        statuses.append(status)
    assert statuses[:10] == [404] * 10 or 410 in statuses[:10]
    assert statuses[-1] == 429
    # Even the right code is refused while locked out.
    real = await _request(http, hub, kind="kiosk", name="Kiosk", device_id="kiosk-001")
    status, problem, _ = await call(http, hub, "POST", "/pairing/approve",
                                    body={"code": real["code"]})
    assert status == 429
    assert "too many wrong codes" in problem["detail"]


async def test_too_many_requests_from_one_device(hub: HubProcess,
                                                 http: aiohttp.ClientSession) -> None:
    for n in range(3):
        await _request(http, hub, kind="kiosk", device_id=f"k-{n:04d}")
    status, problem, _ = await call(http, hub, "POST", "/pairing", None,
                                    body={"kind": "kiosk", "name": "x", "device_id": "k-9999"})
    assert status == 429
    assert problem["field"] == "device_id"
    status, problem, _ = await call(http, hub, "POST", "/pairing", None,
                                    body={"kind": "toaster", "name": "x", "device_id": "t-1"})
    assert (status, problem["field"]) == (422, "kind")


async def test_cli_pair_list_approve_and_expiry(hub: HubProcess,
                                                http: aiohttp.ClientSession) -> None:
    created = await _request(http, hub, kind="kiosk", name="Kiosk A", device_id="kiosk-a")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hub.launcher", "hub", "pair", *args,
                               "--db", str(hub.db)], capture_output=True, text=True,
                              timeout=30, check=False)

    listed = cli("list")
    assert created["code"] in listed.stdout
    assert "Kiosk A" in listed.stdout
    approved = cli("approve", str(created["code"]))
    assert approved.returncode == 0, approved.stderr
    status, got, _ = await call(http, hub, "GET", f"/pairing/{created['request_id']}", None)
    assert got["status"] == "approved"
    assert got["token"].startswith("ns_")
    wrong = cli("approve", "000000")
    assert wrong.returncode == 1
    assert "no device is showing code 000000" in wrong.stderr

    # Expiry: age a request in the database past its ten minutes.
    old = await _request(http, hub, kind="kiosk", name="Kiosk B", device_id="kiosk-b")
    with sqlite3.connect(hub.db) as db:
        db.execute("UPDATE pairing_requests SET expires_at = ? WHERE code = ?",
                   (time.time() - 1, old["code"]))
    status, got, _ = await call(http, hub, "GET", f"/pairing/{old['request_id']}", None)
    assert got["status"] == "expired"
    expired = cli("approve", str(old["code"]))
    assert expired.returncode == 1
    assert "expired" in expired.stderr


async def test_revocation_cuts_the_live_stream(hub: HubProcess,
                                               http: aiohttp.ClientSession) -> None:
    url = hub.url.replace("http", "ws") + "/events?since=0"
    status, tokens, _ = await call(http, hub, "GET", "/tokens")
    ids = {t["name"]: t["id"] for t in tokens}
    async with http.ws_connect(url, headers=hub.headers("display")) as ws:
        t0 = time.monotonic()
        status, revoked, _ = await call(http, hub, "POST",
                                        f"/tokens/{ids['test display']}/revoke")
        assert status == 200
        assert revoked["revoked_at"] is not None
        async with asyncio.timeout(5):
            msg = await ws.receive()
            while msg.type == aiohttp.WSMsgType.TEXT:
                msg = await ws.receive()
        assert (msg.type, msg.data) == (aiohttp.WSMsgType.CLOSE, 4001), msg
        assert ws.close_code == 4001, ws.exception()
        assert time.monotonic() - t0 < 2
    status, problem, _ = await call(http, hub, "GET", "/state", "display")
    assert status == 401

    # Revoked from the command line (straight into the database): cut within seconds.
    async with http.ws_connect(url, headers=hub.headers("kiosk")) as ws:
        run = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "hub.launcher", "hub", "token", "revoke",
                             ids["test kiosk"], "--db", str(hub.db)],
            capture_output=True, text=True, timeout=30, check=False)
        assert run.returncode == 0
        async with asyncio.timeout(5):
            msg = await ws.receive()
            while msg.type == aiohttp.WSMsgType.TEXT:
                assert json.loads(msg.data)["type"] in ("heartbeat", "ticket.issued")
                msg = await ws.receive()
        assert ws.close_code == 4001


KEY = "0123456789abcdef0123456789abcdef"


async def test_retried_request_gets_the_same_code(hub: HubProcess,
                                                  http: aiohttp.ClientSession) -> None:
    first = await _request(http, hub, kind="kiosk", name="Kiosk I", device_id="idem-0001",
                           key=KEY)
    for _ in range(3):  # the answer was lost, three times
        again = await _request(http, hub, kind="kiosk", name="Kiosk I", device_id="idem-0001",
                               key=KEY)
        assert again == first  # same code, request id, expiry
    assert _pairing_rows(hub, "idem-0001") == 1  # no orphan on the admin's list

    # The key is scoped by the device id: another device's request with it is its own.
    other = await _request(http, hub, kind="kiosk", name="Kiosk I", device_id="idem-0002",
                           key=KEY)
    assert other["request_id"] != first["request_id"]
    assert other["code"] != first["code"]

    # The same key for another request from the same device is refused, changing nothing.
    status, problem, _ = await call(http, hub, "POST", "/pairing", None, key=KEY,
                                    body={"kind": "display", "name": "Kiosk I",
                                          "device_id": "idem-0001"})
    assert (status, problem["field"], problem["title"]) == (422, "Idempotency-Key",
                                                             "Idempotency-Key reused")
    status, problem, _ = await call(http, hub, "POST", "/pairing", None, key=KEY,
                                    body={"kind": "kiosk", "name": "Other name",
                                          "device_id": "idem-0001"})
    assert status == 422
    assert _pairing_rows(hub, "idem-0001") == 1

    # An anonymous caller's key must be long enough to be its own.
    status, problem, _ = await call(http, hub, "POST", "/pairing", None, key="short",
                                    body={"kind": "kiosk", "name": "K", "device_id": "idem-0003"})
    assert (status, problem["field"]) == (400, "Idempotency-Key")
    assert _pairing_rows(hub, "idem-0003") == 0

    # Approved, the request is over: the key cannot bring it (or its id) back.
    status, _, _ = await call(http, hub, "POST", "/pairing/approve",
                              body={"code": first["code"]})
    assert status == 200
    status, problem, _ = await call(http, hub, "POST", "/pairing", None, key=KEY,
                                    body={"kind": "kiosk", "name": "Kiosk I",
                                          "device_id": "idem-0001"})
    assert (status, problem["field"]) == (410, "Idempotency-Key")
    assert "approved" in problem["detail"]
    assert "request_id" not in problem


async def test_retries_do_not_count_against_the_limits(hub: HubProcess,
                                                       http: aiohttp.ClientSession) -> None:
    first = await _request(http, hub, kind="kiosk", device_id="lim-0000", key=KEY)
    assert await _request(http, hub, kind="kiosk", device_id="lim-0000", key=KEY) == first
    for n in (1, 2):  # with the retry, a double count would make the second one the fourth
        await _request(http, hub, kind="kiosk", device_id=f"lim-000{n}", key=f"{KEY}-{n}")
    # The address now holds its three live requests: a new one is refused ...
    status, problem, _ = await call(http, hub, "POST", "/pairing", None, key=f"{KEY}-3",
                                    body={"kind": "kiosk", "name": "x",
                                          "device_id": "lim-0003"})
    assert (status, problem["field"]) == (429, "device_id")
    # ... but a retry of one of them still gets its answer.
    assert await _request(http, hub, kind="kiosk", device_id="lim-0000", key=KEY) == first
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        rows = db.execute("SELECT COUNT(*) FROM pairing_requests").fetchone()[0]
    assert rows == 3


async def _approved_kiosk(http: aiohttp.ClientSession, hub: HubProcess,
                          device_id: str) -> str:
    created = await _request(http, hub, kind="kiosk", name=f"Kiosk {device_id}",
                             device_id=device_id)
    status, _, _ = await call(http, hub, "POST", "/pairing/approve",
                              body={"code": created["code"]})
    assert status == 200
    return str(created["request_id"])


async def _me(http: aiohttp.ClientSession, hub: HubProcess, token: str) -> int:
    async with http.get(hub.url + "/me", headers={"Authorization": f"Bearer {token}"}) as resp:
        return resp.status


async def test_lost_token_answer_is_recovered_by_polling_again(
        hub: HubProcess, http: aiohttp.ClientSession) -> None:
    request_id = await _approved_kiosk(http, hub, "lost-0001")
    poll = f"/pairing/{request_id}"
    status, first, _ = await call(http, hub, "GET", poll, None)
    assert (status, first["status"]) == (200, "approved")
    lost = first["token"]  # this answer never reached the device
    assert await _me(http, hub, lost) == 200

    status, second, _ = await call(http, hub, "GET", poll, None)
    assert (second["status"], second["role"]) == ("approved", "kiosk")
    token = second["token"]
    assert token.startswith("ns_") and token != lost
    assert await _me(http, hub, token) == 200
    assert await _me(http, hub, lost) == 401  # replaced: at most one live token per request
    status, tokens, _ = await call(http, hub, "GET", "/tokens")
    mine = [t for t in tokens if t["name"] == "Kiosk lost-0001"]
    assert sorted(t["revoked_at"] is None for t in mine) == [False, True]
    with contextlib.closing(sqlite3.connect(hub.db)) as db:  # only hashes rest on disk
        stored = {row[0] for row in db.execute("SELECT token_hash FROM tokens")}
        pairing_values = {v for row in db.execute("SELECT * FROM pairing_requests")
                          for v in row}
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token not in stored | pairing_values
    assert request_id not in pairing_values

    # After the window a poll says "claimed", gives nothing and leaves the token alone.
    _close_claim_window(hub, request_id)
    status, late, _ = await call(http, hub, "GET", poll, None)
    assert (status, late["status"], late["token"]) == (200, "claimed", None)
    assert await _me(http, hub, token) == 200


async def test_reclaim_only_from_the_requesting_address_and_never_after_revocation(
        hub: HubProcess, http: aiohttp.ClientSession) -> None:
    request_id = await _approved_kiosk(http, hub, "addr-0001")
    poll = hub.url + f"/pairing/{request_id}"
    status, first, _ = await call(http, hub, "GET", f"/pairing/{request_id}", None)
    token = first["token"]
    # Someone elsewhere who learnt the request id can neither take nor revoke the token.
    elsewhere = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
    async with aiohttp.ClientSession(connector=elsewhere) as other, other.get(poll) as resp:
        got = await resp.json()
    assert (resp.status, got["status"], got["token"]) == (200, "claimed", None)
    assert await _me(http, hub, token) == 200

    # A token the admin revoked is not replaced by a re-claim.
    status, tokens, _ = await call(http, hub, "GET", "/tokens")
    token_id = next(t["id"] for t in tokens if t["name"] == "Kiosk addr-0001")
    status, _, _ = await call(http, hub, "POST", f"/tokens/{token_id}/revoke")
    assert status == 200
    status, again, _ = await call(http, hub, "GET", f"/pairing/{request_id}", None)
    assert (again["status"], again["token"]) == ("claimed", None)
    status, tokens, _ = await call(http, hub, "GET", "/tokens")
    assert [t["revoked_at"] is None for t in tokens if t["name"] == "Kiosk addr-0001"] == [False]
