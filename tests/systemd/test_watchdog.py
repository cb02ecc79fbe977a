"""sd_notify from the notifier itself: which process it pings for, what it sends."""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

from hub.watchdog import SystemdNotifier


def test_outside_systemd_it_is_silent() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    assert notifier.notify("READY=1") is False


def test_watchdog_for_self_parent_but_not_others(tmp_path: Path) -> None:
    base = {"NOTIFY_SOCKET": str(tmp_path / "n.sock"), "WATCHDOG_USEC": "2000000"}
    assert SystemdNotifier(base | {"WATCHDOG_PID": str(os.getpid())}).watchdog_s == 2.0
    # An app inside cage: systemd's main process is cage, the app's parent.
    assert SystemdNotifier(base | {"WATCHDOG_PID": str(os.getppid())}).watchdog_s == 2.0
    assert SystemdNotifier(base | {"WATCHDOG_PID": "1"}).watchdog_s is None


async def test_ready_pings_and_stopping(tmp_path: Path) -> None:
    path = str(tmp_path / "n.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        sock.setblocking(False)
        notifier = SystemdNotifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"})
        notifier.ready("up")
        await asyncio.sleep(0.2)
        await notifier.stopping()
        got = []
        while True:
            try:
                got.append(sock.recv(1024).decode())
            except BlockingIOError:
                break
    assert got[0] == "READY=1\nSTATUS=up"
    assert got.count("WATCHDOG=1") >= 3
    assert got[-1] == "STOPPING=1"
