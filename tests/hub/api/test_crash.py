"""Power cut: SIGKILL the hub while kiosks issue tickets; nothing acknowledged is lost."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections import Counter

import aiohttp

from tests.support.api import call
from tests.support.hub_process import HubProcess


async def _kiosk(hub: HubProcess, service: str, acked: list[dict[str, str]],
                 stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as http:
        for n in range(2000):  # bounded
            if stop.is_set():
                return
            try:
                status, ticket, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                                               body={"service_id": service}, key=f"{service}-{n}")
            except (aiohttp.ClientError, OSError):
                return  # the hub died under us: this request was never acknowledged
            if status == 201:
                acked.append(ticket)


async def test_sigkill_loses_no_acknowledged_ticket(hub: HubProcess) -> None:
    acked: list[dict[str, str]] = []
    stop = asyncio.Event()
    kiosks = [asyncio.create_task(_kiosk(hub, s, acked, stop))
              for s in ("general", "payments", "documents", "general")]
    deadline = time.monotonic() + 20
    while len(acked) < 150 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    hub.kill()
    stop.set()
    await asyncio.gather(*kiosks)
    assert len(acked) >= 150

    hub.start()
    async with aiohttp.ClientSession() as http:
        for ticket in acked:
            status, stored, _ = await call(http, hub, "GET", f"/tickets/{ticket['id']}", "display")
            assert status == 200, f"acknowledged ticket {ticket['number']} lost"
            assert stored["number"] == ticket["number"]
        # Numbering continues with no duplicate.
        for service in ("general", "payments", "documents"):
            for _ in range(3):
                status, _, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                                          body={"service_id": service})
                assert status == 201
    with contextlib.closing(sqlite3.connect(hub.db)) as db:
        numbers = [row[0] for row in db.execute("SELECT number FROM tickets")]
        seqs = [row[0] for row in db.execute("SELECT seq FROM events ORDER BY seq")]
        issued = db.execute("SELECT COUNT(*) FROM events WHERE type='ticket.issued'").fetchone()
    duplicates = [n for n, c in Counter(numbers).items() if c > 1]
    assert duplicates == []
    assert seqs == list(range(1, len(seqs) + 1)), "event seq strictly increasing, no gap"
    assert issued[0] == len(numbers)
