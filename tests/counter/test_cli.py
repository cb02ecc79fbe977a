"""`nowserving counter` on the command line: options, mistakes, and the headless bridge
as a real process (SIGTERM stops it cleanly)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from counter.bridge import parse_map, read_token_file
from counter.cli import build_parser, main
from tests.counter.conftest import api, counter_state, issue
from tests.support.hub_process import HubProcess
from tests.support.serial_pty import SocatPair, open_device


def test_help_lists_both_modes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--hub", "--token", "--mini", "--headless", "--map", "--token-file",
                   "--led", "--protocol", "--mdns-interface", "--state-dir"):
        assert option in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--headless", "--token", "x"], "--keypad"),
    (["--headless", "--keypad", "/dev/null", "--map", "1:counter-1", "--token", "x"],
     "ADDRESS=COUNTER"),
    (["--headless", "--keypad", "/dev/null", "--map", "1=counter-1"], "admin --token"),
])
def test_headless_mistakes_exit_2(argv: list[str], message: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_map_and_token_file(tmp_path: Path) -> None:
    assert parse_map("1=counter-1, 2=counter-2") == {1: "counter-1", 2: "counter-2"}
    path = tmp_path / "tokens"
    path.write_text('# keypad bridge\ncounter-1 = "ns_a"\ncounter-2=ns_b\n')
    assert read_token_file(path) == {"counter-1": "ns_a", "counter-2": "ns_b"}
    assert build_parser().parse_args(["--windowed"]).fullscreen is False


def test_headless_bridge_process(hub: HubProcess, socat, tmp_path: Path) -> None:
    keypad: SocatPair = socat()
    api(hub, "POST", "/counters/counter-1/open")
    number = issue(hub)
    tokens = tmp_path / "tokens"
    tokens.write_text(f"counter-1 = {hub.tokens['counter-1']}\n")
    log = (tmp_path / "bridge.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.launcher", "counter", "--headless", "--hub", hub.url,
         "--keypad", keypad.driver, "--protocol", "line", "--map", "0=counter-1",
         "--token-file", str(tokens), "--state-dir", str(tmp_path / "state"), "-v"],
        stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        # Ready once its heartbeat (carrying the keypad's state) reached the hub.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _keypad_reported(hub):
            assert proc.poll() is None, (tmp_path / "bridge.log").read_text()
            time.sleep(0.1)
        with open_device(keypad.device) as device:
            device.write(b"CALL\n")
            expected = f"OK {number}\nBEEP\n".encode()
            got = b""
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and len(got) < len(expected):
                got += device.read(len(expected) - len(got))
            assert got == expected, (tmp_path / "bridge.log").read_text()
        assert counter_state(hub, "counter-1")["ticket_number"] == number
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def _keypad_reported(hub: HubProcess) -> bool:
    _, body = api(hub, "GET", "/devices")
    devices = body["devices"] if isinstance(body, dict) else body
    return any(d["status"].get("keypad", {}).get("state") == "connected" for d in devices)


def test_terminal_process_connects_and_stops_on_sigterm(hub: HubProcess,
                                                        tmp_path: Path) -> None:
    log = (tmp_path / "terminal.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub.launcher", "counter", "--hub", hub.url, "--token",
         hub.tokens["counter-3"], "--counter", "counter-3", "--lang", "ru", "--mini",
         "--state-dir", str(tmp_path / "state")],
        stdout=log, stderr=subprocess.STDOUT,
        env=dict(os.environ, PYTHONUNBUFFERED="1", QT_QPA_PLATFORM="offscreen"))
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _device_online(hub, "counter-3"):
            assert proc.poll() is None, (tmp_path / "terminal.log").read_text()
            time.sleep(0.1)
        assert _device_online(hub, "counter-3")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0, (tmp_path / "terminal.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def _device_online(hub: HubProcess, counter_id: str) -> bool:
    _, body = api(hub, "GET", "/devices")
    devices = body["devices"] if isinstance(body, dict) else body
    return any(d.get("counter_id") == counter_id and d.get("online") for d in devices)
