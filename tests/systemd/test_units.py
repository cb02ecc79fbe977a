"""Appliance units pass `systemd-analyze verify`; the installer's plan is complete."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.hub_process import free_port

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "systemd").glob("*.service"))
ROLES = ["hub", "kiosk", "display", "counter", "keypad-bridge"]


def test_there_is_a_unit_per_role() -> None:
    assert sorted(u.name for u in UNITS) == sorted(f"nowserving-{r}.service" for r in ROLES)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_units_verify(tmp_path: Path) -> None:
    cage = shutil.which("cage")
    if cage is None:
        pytest.skip("needs cage (make installs it)")
    for unit in UNITS:
        text = unit.read_text().replace("@BIN@", str(Path(sys.executable).parent))
        (tmp_path / unit.name).write_text(text)
    run = subprocess.run(["systemd-analyze", "verify", "--man=no",
                          *sorted(str(p) for p in tmp_path.glob("*.service"))],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "", run.stderr


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_units_are_appliance_grade(unit: Path) -> None:
    text = unit.read_text()
    for directive in ("Type=notify", "Restart=always", "WatchdogSec=", "ProtectSystem=strict",
                      "PrivateTmp=yes", "NoNewPrivileges=yes", "User=nowserving",
                      "After=network-online.target"):
        assert directive in text, f"{unit.name} lacks {directive}"
    if unit.name in ("nowserving-kiosk.service", "nowserving-display.service",
                     "nowserving-counter.service"):
        assert "/usr/bin/cage" in text
        assert "--fullscreen" in text
        assert "setterm --blank 0" in text


@pytest.mark.parametrize("role", ROLES)
def test_install_plan(role: str) -> None:
    run = subprocess.run(["bash", str(ROOT / "systemd/install.sh"), "--role", role,
                          "--dry-run", "--prefix", "/opt/ns-test"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    plan = run.stdout
    assert "+ make -C" in plan
    assert "/opt/ns-test/.venv/bin/pip install" in plan
    assert "useradd --system" in plan
    assert f"systemctl enable --now nowserving-{role}.service" in plan
    assert "/etc/udev/rules.d/60-nowserving.rules" in plan
    uninstall = subprocess.run(["bash", str(ROOT / "systemd/install.sh"), "--role", role,
                                "--dry-run", "--uninstall", "--purge"],
                               capture_output=True, text=True, timeout=60, check=False)
    assert uninstall.returncode == 0
    assert f"systemctl disable --now nowserving-{role}.service" in uninstall.stdout
    assert "userdel" in uninstall.stdout


def test_installer_refuses_unknown_roles() -> None:
    run = subprocess.run(["bash", str(ROOT / "systemd/install.sh"), "--role", "toaster",
                          "--dry-run"], capture_output=True, text=True, timeout=30, check=False)
    assert run.returncode == 2
    assert "--role must be one of" in run.stderr


def test_hub_notifies_systemd(tmp_path: Path) -> None:
    """READY=1 once the API answers, WATCHDOG=1 pings, STOPPING=1 on SIGTERM."""
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(10)
    port = free_port()
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="400000")
    proc = subprocess.Popen([sys.executable, "-m", "hub.launcher", "hub", "--db",
                             str(tmp_path / "hub.db"), "--host", "127.0.0.1", "--port",
                             str(port), "--no-mdns"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        messages: list[str] = []
        deadline = time.monotonic() + 20
        while sum(m == "WATCHDOG=1" for m in messages) < 3 and time.monotonic() < deadline:
            messages.append(sock.recv(4096).decode())
        assert messages[0].startswith("READY=1\nSTATUS=serving 'Now Serving Sample Office'")
        assert messages.count("WATCHDOG=1") >= 3
        proc.send_signal(signal.SIGTERM)
        assert sock.recv(4096).decode() == "STOPPING=1"
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()

