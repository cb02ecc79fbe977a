"""``nowserving display`` as the appliance runs it: a process, systemd notifications, SIGTERM.

The unit (systemd/nowserving-display.service) is Type=notify with a watchdog, and the app
runs inside the cage compositor, so $WATCHDOG_PID names another process: the display must
still say READY=1 and keep pinging, or systemd would restart it every minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.display.live import call_next, issue, open_counters
from tests.support.hub_process import HubProcess


def test_the_display_process_end_to_end(hub: HubProcess, tmp_path: Path) -> None:
    notify_path = tmp_path / "notify.sock"
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(notify_path))
    notify.settimeout(0.2)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NOTIFY_SOCKET=str(notify_path),
               WATCHDOG_USEC="2000000", WATCHDOG_PID="1", PYTHONUNBUFFERED="1")
    log = (tmp_path / "display.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.launcher", "display", "--hub", hub.url,
         "--token", hub.tokens["display"], "--windowed", "--state-dir", str(tmp_path / "st"),
         "--audio-out", str(tmp_path / "wav")], env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    messages: list[str] = []
    try:
        def wait_for(predicate: object, seconds: float) -> None:
            deadline = time.monotonic() + seconds
            while not predicate():  # type: ignore[operator]
                assert proc.poll() is None, (tmp_path / "display.log").read_text()
                assert time.monotonic() < deadline, (messages,
                                                     (tmp_path / "display.log").read_text())
                with contextlib.suppress(TimeoutError):
                    messages.append(notify.recv(4096).decode())

        wait_for(lambda: any(m.startswith("READY=1") for m in messages), 30)
        wait_for(lambda: any("hub connection: connected" in m for m in messages), 30)

        async def office() -> None:
            await open_counters(hub, 2)
            await issue(hub, "general")
            await call_next(hub, 2)

        asyncio.run(office())
        wav = tmp_path / "wav"
        wait_for(lambda: wav.exists() and any(wav.glob("*-A001-en+zh+ru.wav")), 30)
        pings = sum(m == "WATCHDOG=1" for m in messages)
        wait_for(lambda: sum(m == "WATCHDOG=1" for m in messages) >= pings + 2, 10)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
        while True:
            try:
                messages.append(notify.recv(4096).decode())
            except TimeoutError:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        notify.close()
    assert code == 0, (tmp_path / "display.log").read_text()
    assert "STOPPING=1" in messages
