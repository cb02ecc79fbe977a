"""Pairing over the API and the CLI: codes, approval, one-time token, limits, revocation."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import time

import aiohttp

from tests.support.api import call
from tests.support.hub_process import HubProcess


async def _request(http: aiohttp.ClientSession, hub: HubProcess, kind: str = "counter",
                   name: str = "Window 3", device_id: str = "dev-0001") -> dict[str, object]:
    status, body, _ = await call(http, hub, "POST", "/pairing", None,
                                 body={"kind": kind, "name": name, "device_id": device_id})
    assert status == 201, body
    return body


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
    status, again, _ = await call(http, hub, "GET", poll, None)
    assert (again["status"], again["token"]) == ("claimed", None)  # exactly once

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
