"""Small helpers for calling a real hub over HTTP in tests."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from tests.support.hub_process import HubProcess


async def call(
    http: aiohttp.ClientSession,
    hub: HubProcess,
    method: str,
    path: str,
    who: str | None = "admin",
    *,
    body: Any = None,
    raw: bytes | None = None,
    key: str | None = None,
) -> tuple[int, Any, str]:
    """Send one request; returns (status, decoded JSON or None, content type)."""
    headers = hub.headers(who) if who else {}
    if key is not None:
        headers["Idempotency-Key"] = key
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    if data is not None:
        headers["Content-Type"] = "application/json"
    async with http.request(method, hub.url + path, data=data, headers=headers) as resp:
        text = await resp.text()
        return resp.status, (json.loads(text) if text else None), resp.content_type


async def open_all(http: aiohttp.ClientSession, hub: HubProcess) -> None:
    """Open the four sample counters."""
    for n in range(1, 5):
        status, _, _ = await call(http, hub, "POST", f"/counters/counter-{n}/open")
        assert status == 200
