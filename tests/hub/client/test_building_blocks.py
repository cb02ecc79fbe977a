"""The small parts on their own: backoff, connection state, credential files."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from pathlib import Path

import pytest

from hub.client import (
    Backoff,
    ConnectionState,
    ConnectionStatus,
    Credentials,
    CredentialStore,
    default_config_dir,
)
from hub.client.credentials import write_private


def test_backoff_grows_to_its_cap_with_full_jitter() -> None:
    top = Backoff(initial=0.2, maximum=10.0, rng=lambda: 1.0)
    assert [round(top.next_delay(), 3) for _ in range(8)] == [0.2, 0.4, 0.8, 1.6, 3.2, 6.4,
                                                              10.0, 10.0]
    top.reset()
    assert top.next_delay() == 0.2
    bottom = Backoff(rng=lambda: 0.0)
    assert bottom.next_delay() == 0.0
    real = Backoff(initial=0.2, maximum=10.0)
    delays = [real.next_delay() for _ in range(200)]
    assert all(0 <= d <= 10.0 for d in delays) and len(set(delays)) > 150
    for _ in range(5000):
        real.next_delay()  # days of retries must not overflow
    assert real.cap() == 10.0
    with pytest.raises(ValueError, match="initial"):
        Backoff(initial=0.0)


async def test_connection_status_notifies_and_waits() -> None:
    status = ConnectionStatus()
    heard: list[ConnectionState] = []
    unsubscribe = status.subscribe(heard.append)
    status.subscribe(lambda _: 1 / 0)  # a broken listener does not stop the others
    waiting = asyncio.create_task(status.wait_for(ConnectionState.RECONNECTING))
    await asyncio.sleep(0)
    status.set(ConnectionState.CONNECTED)
    status.set(ConnectionState.CONNECTED)  # no change, no news
    status.set(ConnectionState.RECONNECTING)  # lasts an instant...
    status.set(ConnectionState.CONNECTED)
    assert await asyncio.wait_for(waiting, 1) is ConnectionState.RECONNECTING  # ...still seen
    assert heard == ["connected", "reconnecting", "connected"]
    unsubscribe()
    status.set(ConnectionState.STOPPED)
    assert heard[-1] == "connected"
    assert await status.wait_for(ConnectionState.STOPPED) is ConnectionState.STOPPED
    assert status.history == ["searching", "connected", "reconnecting", "connected", "stopped"]
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await status.wait_for(ConnectionState.REVOKED)


def test_credentials_are_private_atomic_and_stable(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "cfg" / "kiosk")
    assert store.load() is None
    device_id = store.device_id()
    assert store.device_id() == device_id and len(device_id) == 32
    credentials = Credentials(hub_id="h1", hub_url="http://10.0.0.5:8470/api/v1",
                              token="ns_secret", role="counter", counter_id="counter-3")
    store.save(credentials)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    assert store.load() == credentials
    assert json.loads(store.path.read_text())["zone"] is None
    assert sorted(p.name for p in store.directory.iterdir()) == ["credentials.json",
                                                                 "device_id"]

    store.path.chmod(0o644)  # someone loosened it
    assert store.load() == credentials
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600

    store.path.write_text("{not json")
    assert store.load() is None  # unreadable: pair again rather than crash
    store.delete()
    store.delete()
    assert not store.path.exists() and store.device_id() == device_id


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    target = tmp_path / "credentials.json"
    write_private(target, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_private(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["credentials.json"]


def test_default_config_dir_is_per_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_config_dir("display") == tmp_path / "nowserving" / "display"
    assert CredentialStore.for_kind("kiosk").path == (tmp_path / "nowserving" / "kiosk"
                                                      / "credentials.json")
