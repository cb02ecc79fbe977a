"""`nowserving kiosk`: the ticket preview for installers, and the real app start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from pathlib import Path

import pytest
from PIL import Image

from hub.client import HubClient
from kiosk.cli import main
from tests.kiosk.harness import hub_sees_printer
from tests.support.hub_process import HubProcess

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["en", "zh", "ru"])
def test_preview_ticket(tmp_path: Path, artifacts_dir: Path, language: str,
                        capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\npublic_url = "https://queue.example.org"\n\n'
                      '[ticket]\nheader = { en = ["Welcome"], zh = ["欢迎光临"], '
                      'ru = ["Добро пожаловать"] }\n\n[printer]\ntransport = "fake"\n'
                      'width_px = 384\n')
    out = artifacts_dir / f"preview-{language}.png"
    assert main(["--preview-ticket", str(out), "--lang", language,
                 "--config", str(config)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    with Image.open(out) as image:
        assert image.width == 384 + 64  # 58 mm paper plus the unprintable edges
        assert 500 < image.height < 2000
        assert image.convert("L").histogram()[0] > 5000  # ink: text, number and QR


async def test_app_under_systemd_with_autopilot_and_screenshots(
        hub: HubProcess, tmp_path: Path) -> None:
    """The installed app as the demo and the systemd unit run it: notify, ping, stop clean."""
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nname = "Kiosk by the door"\n\n[printer]\ntransport = "fake"\n'
                      'status = "paper_near_end"\n')
    log = tmp_path / "kiosk.log"
    shots = tmp_path / "shots"
    notify_path = tmp_path / "notify.sock"
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(notify_path))
    notify.setblocking(False)
    messages: list[str] = []

    async def listen() -> None:  # like systemd: read every message as it comes
        loop = asyncio.get_running_loop()
        while True:
            messages.append((await loop.sock_recv(notify, 4096)).decode())

    listener = asyncio.create_task(listen())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               NOTIFY_SOCKET=str(notify_path), WATCHDOG_USEC="400000", WATCHDOG_PID="1")
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hub.launcher", "kiosk", "--hub", hub.url.removesuffix(
                "/api/v1"), "--token", hub.tokens["kiosk"], "--windowed", "--config",
            str(config), "--state-dir", str(tmp_path / "state"), "--lang", "ru",
            "--screenshot-dir", str(shots), "--autopilot", "1.5", "--autopilot-seed", "7",
            stdout=out, stderr=out, env=env, cwd=ROOT)
    try:
        device = await hub_sees_printer(hub, "paper_low", timeout=30)
        assert device["online"] is True and device["app_version"] == "0.1.0"
        async with HubClient(hub.url, hub.tokens["admin"]) as admin:
            for _ in range(300):  # simulated visitors take tickets
                if len((await admin.state()).waiting) >= 3:
                    break
                await asyncio.sleep(0.05)
            assert len((await admin.state()).waiting) >= 3
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 15) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener
        notify.close()
    text = log.read_text()
    assert "Traceback" not in text, text
    assert "kiosk stopped" in text
    assert any(m.startswith("READY=1") for m in messages), messages
    assert messages.count("WATCHDOG=1") >= 2  # every 0.2 s, from the event loop
    assert "STOPPING=1" in messages
    assert any(m.startswith("STATUS=home;") for m in messages)
    names = sorted(p.name for p in shots.glob("*.png"))
    assert len(names) >= 2, names  # the first settled screen and the one on exit
    assert all(re.fullmatch(r"\d{4}-(home|issuing|ticket|starting)\.png", n) for n in names)
