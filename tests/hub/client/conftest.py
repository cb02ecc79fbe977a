"""Fixtures for the hub client tests: a real hub process and clients for each role."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from hub.client import HubClient, RetryPolicy
from tests.support.hub_process import HubProcess

FAST_RETRY = RetryPolicy(attempts=3, initial=0.05, maximum=0.2)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A real hub process on 127.0.0.1 with the sample office and a fresh database."""
    process = HubProcess(tmp_path)
    process.create_tokens()
    process.start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
async def clients(hub: HubProcess) -> AsyncIterator[Callable[..., HubClient]]:
    """`clients("kiosk")`: a HubClient for a role's token, closed after the test."""
    made: list[HubClient] = []

    def make(who: str | None = "admin", *, url: str | None = None,
             retry: RetryPolicy = FAST_RETRY, timeout: float = 5.0) -> HubClient:
        client = HubClient(url or hub.url, hub.tokens[who] if who else None, retry=retry,
                           timeout=timeout)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def stored_events(db: Path, after: int = 0) -> list[tuple[int, str]]:
    """(seq, type) of every event in a hub database after `after`, in order."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT seq, type FROM events WHERE seq > ? ORDER BY seq",
                            (after,)).fetchall()


def count_tickets(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0])
