"""Bad input of every kind: a clear problem document, and the store left unchanged."""

from __future__ import annotations

import sqlite3

import aiohttp
import pytest

from tests.support.api import call
from tests.support.hub_process import HubProcess


def _fingerprint(hub: HubProcess) -> tuple[object, ...]:
    with sqlite3.connect(hub.db) as db:
        return (
            db.execute("SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM events").fetchone(),
            db.execute("SELECT * FROM tickets ORDER BY id").fetchall(),
            db.execute("SELECT * FROM counters ORDER BY id").fetchall(),
            db.execute("SELECT COUNT(*) FROM idempotency").fetchone(),
        )


# (method, path, who, raw body, status, field)
CASES = [
    ("POST", "/tickets", "kiosk", b'{"service_id": "general"', 400, "body"),
    ("POST", "/tickets", "kiosk", b"\xff\xfe not utf8", 400, "body"),
    ("POST", "/tickets", "kiosk", b"[1, 2]", 422, "body"),
    ("POST", "/tickets", "kiosk", b'{"service_id": 42}', 422, "service_id"),
    ("POST", "/tickets", "kiosk", b'{"service_id": "general", "priority": 1}', 422, "priority"),
    ("POST", "/tickets", "kiosk", b'{"service_id": "general", "extra": true}', 422, "extra"),
    ("POST", "/tickets", "kiosk", b"{}", 422, "service_id"),
    ("POST", "/tickets", "kiosk", b'{"service_id": "nope"}', 404, "service_id"),
    ("POST", "/tickets", "kiosk", b'{"service_id": "general", "priority": "vip"}', 422,
     "priority"),
    ("POST", "/tickets", "kiosk", b'{"service_id": "general", "language": "fr"}', 422,
     "language"),
    ("POST", "/tickets", "kiosk", b'{"service_id": "' + b"x" * 30_000 + b'"}', 413, "body"),
    ("POST", "/tickets/unknown-id/cancel", "kiosk", b"", 404, "ticket_id"),
    ("GET", "/tickets/unknown-id", "display", None, 404, "ticket_id"),
    ("POST", "/counters/counter-9/open", "admin", b"", 404, "counter_id"),
    ("POST", "/counters/counter-1/done", "admin", b"", 409, None),
    ("POST", "/counters/counter-1/call-next", "admin", b"", 409, None),
    ("POST", "/counters/counter-1/transfer", "admin", b'{"service_id": 5}', 422, "service_id"),
    ("POST", "/counters/counter-1/pause", "admin", b'{"reason": "' + b"z" * 200 + b'"}', 422,
     "reason"),
]


@pytest.mark.parametrize(("method", "path", "who", "raw", "status", "field"), CASES)
async def test_bad_input_is_refused_cleanly(
    hub: HubProcess, http: aiohttp.ClientSession, method: str, path: str, who: str,
    raw: bytes | None, status: int, field: str | None,
) -> None:
    await call(http, hub, "POST", "/tickets", "kiosk", body={"service_id": "general"})
    before = _fingerprint(hub)
    got, problem, ctype = await call(http, hub, method, path, who, raw=raw, key="k-bad")
    assert got == status, problem
    assert ctype == "application/problem+json"
    assert problem["status"] == status
    assert problem["detail"]
    assert problem.get("field") == field
    if status == 409:
        assert problem["current_state"] == "closed"
    assert _fingerprint(hub) == before


async def test_wrong_transitions_report_current_state(
    hub: HubProcess, http: aiohttp.ClientSession
) -> None:
    _, ticket, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                              body={"service_id": "general"})
    await call(http, hub, "POST", "/counters/counter-2/open")
    await call(http, hub, "POST", "/counters/counter-2/call-next")
    await call(http, hub, "POST", "/counters/counter-2/start")
    before = _fingerprint(hub)
    status, problem, _ = await call(http, hub, "POST", "/counters/counter-2/no-show")
    assert (status, problem["current_state"]) == (409, "serving")
    status, problem, _ = await call(http, hub, "POST", "/counters/counter-2/close")
    assert status == 409
    assert "A001" in problem["detail"]
    await call(http, hub, "POST", "/counters/counter-2/done")
    status, problem, _ = await call(http, hub, "POST", f"/tickets/{ticket['id']}/cancel")
    assert (status, problem["current_state"]) == (409, "done")
    assert _fingerprint(hub) != before  # only the `done` changed anything


async def test_unknown_route_and_method(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    status, problem, ctype = await call(http, hub, "GET", "/nothing-here")
    assert (status, ctype) == (404, "application/problem+json")
    status, problem, ctype = await call(http, hub, "DELETE", "/tickets")
    assert (status, ctype) == (405, "application/problem+json")
