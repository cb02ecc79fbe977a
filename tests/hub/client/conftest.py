"""Fixtures for the hub client tests: a real hub process and clients for each role."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from hub.client import HubClient, RetryPolicy
from tests.support.hub_process import HubProcess, running_hub

FAST_RETRY = RetryPolicy(attempts=3, initial=0.05, maximum=0.2)


def _children() -> list[str]:
    """Live child processes of this test process, as "pid name"."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            pid, rest = stat.read_text().split(" (", 1)
            name, fields = rest.rsplit(") ", 1)
            state, ppid = fields.split()[:2]
            if int(ppid) == os.getpid() and state != "Z":
                found.append(f"{pid} {name}")
    return found


@pytest.fixture(autouse=True)
def nothing_left_behind() -> Iterator[None]:
    """Fail a test that leaves a thread or a child process running (checked last)."""
    threads, processes = set(threading.enumerate()), set(_children())
    yield
    deadline = time.monotonic() + 5
    while True:
        extra = [t.name for t in threading.enumerate() if t not in threads and t.is_alive()]
        children = [c for c in _children() if c not in processes]
        if not extra and not children:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"left behind: threads {extra}, processes {children}")
        time.sleep(0.05)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A hub of the test's own (modules whose tests can share one override this)."""
    with running_hub(tmp_path) as process:
        yield process


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for a whole module, for tests that assert only on what they changed."""
    with running_hub(tmp_path_factory.mktemp("hub")) as process:
        yield process


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
