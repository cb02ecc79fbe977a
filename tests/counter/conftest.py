"""Fixtures for the counter tests: a real hub, socat pty pairs, a thread-leak check and a
blocking HTTP helper usable from Qt tests (which must not run their own asyncio loop)."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.hub_process import HubProcess, running_hub
from tests.support.serial_pty import socat  # noqa: F401 - the pty-pair fixture


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A real hub process on 127.0.0.1 with the sample office and a fresh database."""
    with running_hub(tmp_path / "hub") as process:
        yield process


def api(hub: HubProcess, method: str, path: str, who: str = "admin",
        body: Any = None) -> tuple[int, Any]:
    """One blocking request to the hub; returns (status, decoded JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(hub.url + path, data=data, method=method,
                                     headers={**hub.headers(who),
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            text = resp.read()
            return resp.status, json.loads(text) if text else None
    except urllib.error.HTTPError as exc:
        text = exc.read()
        return exc.code, json.loads(text) if text else None


def issue(hub: HubProcess, service_id: str = "general") -> str:
    """Issue a ticket; returns its number."""
    status, ticket = api(hub, "POST", "/tickets", "kiosk", {"service_id": service_id})
    assert status == 201, ticket
    return str(ticket["number"])


def counter_state(hub: HubProcess, counter_id: str) -> dict[str, Any]:
    """The hub's view of one counter."""
    status, state = api(hub, "GET", "/state")
    assert status == 200
    return next(c for c in state["counters"] if c["id"] == counter_id)


def event_types(hub: HubProcess, after: int = 0) -> list[str]:
    """Types of the events stored after `after` (read from the hub's database)."""
    import sqlite3

    with sqlite3.connect(hub.db) as conn:
        rows = conn.execute("SELECT type FROM events WHERE seq > ? ORDER BY seq", (after,))
        return [r[0] for r in rows]


# Threads a finished test may legitimately leave: executors the loop created and Qt's own.
_POOLS = ("asyncio_", "ThreadPoolExecutor", "QThread", "Dummy-")


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a keypad, LED or receiver thread running."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3
    extra: list[threading.Thread] = []
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()
                 and not t.name.startswith(_POOLS)]
        if not extra:
            return
        time.sleep(0.02)
    pytest.fail(f"threads left running: {extra}")
