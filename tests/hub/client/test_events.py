"""EventFollower against a real hub: snapshot first, then every event exactly once, in order,
across SIGKILL restarts and a replaced database (a silent hub: test_silent_hub.py)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from hub.client import (
    Backoff,
    ConnectionState,
    ConnectionStatus,
    EventFollower,
    HubClient,
    HubError,
    HubUnreachable,
)
from tests.hub.client.conftest import stored_events
from tests.hub.client.streams import Collector
from tests.support.hub_process import HubProcess, free_port


async def _office_traffic(kiosk: HubClient, counter: HubClient, rounds: int,
                          pause: float = 0.02) -> int:
    """Issue, call and finish tickets; a hub that is down just loses those commands."""
    done = 0
    for n in range(rounds):
        try:
            await kiosk.issue_ticket(("general", "payments")[n % 2])
            if n % 2:
                await counter.call_next("counter-1")
            done += 1
        except (HubUnreachable, HubError):
            pass
        await asyncio.sleep(pause)
    return done


async def test_snapshot_then_live_events(hub: HubProcess,
                                         clients: Callable[..., HubClient]) -> None:
    kiosk = clients("kiosk")
    await kiosk.issue_ticket("general")  # before the follower: part of the snapshot
    status = ConnectionStatus()
    collector = Collector(EventFollower(clients("display"), status=status)).start()
    try:
        await collector.wait(lambda: bool(collector.snapshots), what="snapshot")
        first = collector.snapshots[0]
        assert first.reason == "initial" and first.state.seq == 1
        assert [t.number for t in first.state.waiting] == ["A001"]
        await status.wait_for(ConnectionState.CONNECTED)
        await clients("counter-1").open("counter-1")
        await kiosk.issue_ticket("payments")
        await collector.wait(lambda: len(collector.events) == 2, what="2 events")
    finally:
        await collector.stop()
    assert collector.events == [(2, "counter.changed"), (3, "ticket.issued")]
    assert collector.events == stored_events(hub.db, after=1)


async def test_resume_after_sigkill_yields_every_event_once(
    hub: HubProcess, clients: Callable[..., HubClient], artifacts_dir: Path
) -> None:
    counter = clients("counter-1")
    await counter.open("counter-1")
    status = ConnectionStatus()
    connected_at: list[float] = []
    status.subscribe(lambda s: s is ConnectionState.CONNECTED
                     and connected_at.append(time.monotonic()))
    follower = EventFollower(clients("display"), status=status)  # default backoff 0.2 -> 10 s
    collector = Collector(follower).start()
    traffic = asyncio.create_task(_office_traffic(clients("kiosk"), counter, rounds=80))
    try:
        await collector.wait(lambda: len(collector.events) >= 15, what="15 events")
        killed_at = time.monotonic()
        hub.kill()
        await asyncio.sleep(0.5)  # commands keep coming and fail
        await asyncio.to_thread(hub.start)
        ready_at = time.monotonic()
        await asyncio.wait_for(status.wait_for(ConnectionState.CONNECTED), 15)
        await asyncio.wait_for(traffic, 30)
        await collector.wait(lambda: follower.last_seq == stored_events(hub.db)[-1][0],
                             what="the follower to catch up with the database")
    finally:
        traffic.cancel()
        await collector.stop()
    initial = collector.snapshots[0]
    assert len(collector.snapshots) == 1, "a resume needs no new snapshot"
    assert collector.events == stored_events(hub.db, after=initial.state.seq)
    assert len(collector.events) > 30
    assert ConnectionState.RECONNECTING in status.history
    outage = follower.stats.outages_s[0]
    measured = {
        "hub_down_s": round(ready_at - killed_at, 3),
        "stream_outage_s": round(outage, 3),
        "reconnected_after_hub_ready_s": round(connected_at[-1] - ready_at, 3),
        "events": len(collector.events),
    }
    (artifacts_dir / "resume.json").write_text(json.dumps(measured, indent=2))
    assert measured["reconnected_after_hub_ready_s"] < 5.0, measured


def _copy_tokens(source: Path, target: Path) -> None:
    """Give a fresh database the same API tokens (the devices keep working)."""
    with contextlib.closing(sqlite3.connect(target)) as db:
        db.execute("ATTACH DATABASE ? AS old", (str(source),))
        db.execute("INSERT INTO tokens SELECT * FROM old.tokens")
        db.commit()


async def test_fresh_database_makes_the_follower_resync(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    kiosk = clients("kiosk")
    collector = Collector(EventFollower(clients("display"),
                                        backoff=Backoff(0.05, 0.5))).start()
    fresh: HubProcess | None = None
    try:
        await collector.wait(lambda: bool(collector.snapshots), what="snapshot")
        for _ in range(3):
            await kiosk.issue_ticket("general")
        await collector.wait(lambda: len(collector.events) == 3, what="3 events")
        old_hub_id = collector.snapshots[0].state.hub_id
        hub.kill()
        # The replacement database already has MORE events than the follower has seen:
        # only the hub id tells that its seq 4 and 5 are not the old hub's 4 and 5.
        (tmp_path / "fresh").mkdir()
        fresh = HubProcess(tmp_path / "fresh", port=free_port())
        fresh.start()
        fresh.stop()
        _copy_tokens(hub.db, fresh.db)
        fresh.port = free_port()
        fresh.start()
        async with HubClient(fresh.url, hub.tokens["kiosk"]) as other:
            for service in ("payments", "documents", "payments", "payments", "general"):
                await other.issue_ticket(service)
        fresh.stop()
        fresh.port = hub.port
        await asyncio.to_thread(fresh.start)
        await collector.wait(lambda: len(collector.snapshots) == 2, what="resync snapshot")
        resync = collector.snapshots[1]
        assert resync.reason == "resync"
        assert resync.state.hub_id != old_hub_id and resync.state.seq == 5
        assert {t.number for t in resync.state.waiting} == {"A001", "B001", "B002", "B003",
                                                            "C001"}
        await kiosk.issue_ticket("documents")
        await collector.wait(lambda: len(collector.events_after(resync)) == 1, what="event")
    finally:
        await collector.stop()
        if fresh is not None:
            fresh.stop()
    assert collector.events_after(resync) == stored_events(fresh.db, after=5)
    assert collector.events[:3] == [(1, "ticket.issued"), (2, "ticket.issued"),
                                    (3, "ticket.issued")]


def _restore(backup: Path, db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, db)


async def test_restored_backup_gets_stream_reset_and_resync(
    hub: HubProcess, clients: Callable[..., HubClient], tmp_path: Path
) -> None:
    kiosk = clients("kiosk")
    for _ in range(2):
        await kiosk.issue_ticket("general")
    hub.stop()
    backup = tmp_path / "backup.db"
    shutil.copy(hub.db, backup)
    hub.start()
    collector = Collector(EventFollower(clients("display"),
                                        backoff=Backoff(0.05, 0.5))).start()
    try:
        await collector.wait(lambda: bool(collector.snapshots), what="snapshot")
        for _ in range(3):
            await kiosk.issue_ticket("payments")
        await collector.wait(lambda: len(collector.events) == 3, what="3 events")
        hub.kill()
        _restore(backup, hub.db)  # same hub id, but it never had seq 3..5
        await asyncio.to_thread(hub.start)
        await collector.wait(lambda: len(collector.snapshots) == 2, what="resync snapshot")
        resync = collector.snapshots[1]
        assert (resync.reason, resync.state.seq) == ("resync", 2)
        assert resync.state.hub_id == collector.snapshots[0].state.hub_id
        await kiosk.issue_ticket("documents")  # seq 3 again, a different event
        await collector.wait(lambda: len(collector.events_after(resync)) == 1, what="event")
    finally:
        await collector.stop()
    assert collector.events_after(resync) == stored_events(hub.db, after=2) == [
        (3, "ticket.issued")]
