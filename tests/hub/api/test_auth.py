"""Each role is refused what it may not do; tokens are stored hashed."""

from __future__ import annotations

import sqlite3

import aiohttp
import pytest

from tests.support.api import call
from tests.support.hub_process import HubProcess

# (who, method, path, body, expected status)
CASES = [
    (None, "GET", "/state", None, 401),
    ("bogus", "GET", "/state", None, 401),
    ("display", "POST", "/tickets", {"service_id": "general"}, 403),
    ("counter-1", "POST", "/tickets", {"service_id": "general"}, 403),
    ("kiosk", "POST", "/tickets", {"service_id": "general"}, 201),
    ("kiosk", "POST", "/counters/counter-1/open", None, 403),
    ("display", "POST", "/counters/counter-1/open", None, 403),
    ("counter-2", "POST", "/counters/counter-1/open", None, 403),
    ("counter-1", "POST", "/counters/counter-1/open", None, 200),
    ("admin", "POST", "/counters/counter-2/open", None, 200),
    ("display", "GET", "/state", None, 200),
    ("kiosk", "GET", "/state", None, 200),
    ("counter-3", "GET", "/state", None, 200),
]


@pytest.mark.parametrize(("who", "method", "path", "body", "expected"), CASES)
async def test_roles(hub: HubProcess, http: aiohttp.ClientSession, who: str | None,
                     method: str, path: str, body: object, expected: int) -> None:
    if who == "bogus":
        hub.tokens["bogus"] = "ns_not-a-real-token"
    status, problem, ctype = await call(http, hub, method, path, who, body=body)
    assert status == expected, problem
    if expected >= 400:
        assert ctype == "application/problem+json"
        assert problem["field"] == ("counter_id" if who == "counter-2" else "Authorization")
        assert problem["detail"]


def test_tokens_are_stored_hashed(hub: HubProcess) -> None:
    with sqlite3.connect(hub.db) as db:
        stored = {row[0] for row in db.execute("SELECT token_hash FROM tokens")}
    assert len(stored) == 7
    for token in hub.tokens.values():
        assert token not in stored
        assert all(token not in h for h in stored)
