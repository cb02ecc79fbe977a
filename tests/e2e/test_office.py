"""Issue 7's end-to-end test: the whole office as real processes on 127.0.0.1.

Hub (mDNS on 127.0.0.1 only), kiosk, wall display and headless keypad bridge, all offscreen
subprocesses that find the hub by mDNS (no URL given). The kiosk and the display pair (the
test approves their codes with ``nowserving hub pair``); the bridge uses a counter token.
A TCP printer, socat ptys (keypad, LED sign) and headless Chromium stand in for the hardware
and the visitor's phone. Then the hub is SIGKILLed mid-flow, restarted on the same port and
database, and everything must recover with no printed ticket missing at the hub.
"""

from __future__ import annotations

import array
import contextlib
import json
import math
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hardware.printer.emulator import OK, TcpPrinter
from tests.support.hub_process import HubProcess
from tests.support.serial_pty import SocatPairs, socat_installed

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CUT = b"\x1dV"  # GS V: the paper cut that ends every ticket
TICKET_URL = re.compile(rb"/t/([A-Za-z0-9_-]+)")
PAIR_LINE = re.compile(r"^(\d{6})\s+(\w+)", re.MULTILINE)

pytestmark = [
    pytest.mark.skipif(not socat_installed(), reason="needs socat"),
    pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (make installs it)"),
]


class PtyDevice:
    """The test's end of a socat pair: a thread collects what the app sends."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="e2e-pty", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                with contextlib.suppress(BlockingIOError):
                    self.received += os.read(self.fd, 4096)

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self.fd)


class Office:
    """Every process and helper the test starts; `close()` stops them all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.hub: HubProcess | None = None
        self.printer: TcpPrinter | None = None
        self.pairs = SocatPairs(root)
        self.ptys: list[PtyDevice] = []
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.root / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "hub.launcher", *args],
                                    stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                    start_new_session=True)
        self.procs[name] = proc
        return proc

    def logs(self) -> str:
        parts = [f"--- {p.name}\n{p.read_text(errors='replace')[-2500:]}"
                 for p in sorted(self.root.glob("*.log"))]
        if self.hub is not None:
            parts.append(f"--- hub\n{self.hub.log()[-2500:]}")
        return "\n".join(parts)

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            assert proc.poll() is None, f"{name} exited ({proc.returncode}):\n{self.logs()}"

    def wait_for(self, what: str, predicate: Callable[[], Any], timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            self.check_alive()
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout} s: {what}\n{self.logs()}")
            time.sleep(0.1)

    def close(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        if self.hub is not None:
            self.hub.stop()
        for pty in self.ptys:
            pty.close()
        self.pairs.stop()
        if self.printer is not None:
            self.printer.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    place = Office(tmp_path)
    try:
        yield place
    finally:
        place.close()
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True,
                              check=False)
    assert leftover.stdout.strip() == "", "processes left behind"


def api(hub: HubProcess, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(hub.url + path, data=data, method=method,
                                     headers={**hub.headers("admin"),
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:
            text = resp.read()
            return resp.status, json.loads(text) if text else None
    except urllib.error.HTTPError as exc:
        text = exc.read()
        return exc.code, json.loads(text) if text else None


def counter_1(hub: HubProcess) -> dict[str, Any]:
    status, state = api(hub, "GET", "/state")
    assert status == 200, state
    return next(c for c in state["counters"] if c["id"] == "counter-1")


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def printed_tickets(printer: TcpPrinter) -> list[tuple[str, bytes]]:
    """(ticket id, bytes) of every ticket printed to the end (its cut), in order."""
    tickets = []
    for connection in list(printer.connections):
        pieces = bytes(connection.received).split(CUT)
        for piece in pieces[:-1]:  # the last piece has not been cut yet
            if match := TICKET_URL.search(piece):
                tickets.append((match.group(1).decode(), piece))
    return tickets


def rms(path: Path) -> float:
    with wave.open(str(path)) as wav:
        assert wav.getsampwidth() == 2
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return math.sqrt(sum(s * s for s in samples) / max(len(samples), 1))


def approve_pending(office: Office, hub: HubProcess, kinds: set[str]) -> None:
    """Approve the waiting pairing codes of `kinds` with `nowserving hub pair`."""
    waiting: dict[str, str] = {}

    def codes() -> bool:
        listing = subprocess.run(
            [sys.executable, "-m", "hub.launcher", "hub", "pair", "list", "--db", str(hub.db)],
            capture_output=True, text=True, timeout=20, check=True, env=office.env)
        waiting.update({kind: code for code, kind in PAIR_LINE.findall(listing.stdout)})
        return kinds <= set(waiting)

    office.wait_for(f"pairing codes of {sorted(kinds)}", codes, 30)
    for kind in sorted(kinds):
        done = subprocess.run(
            [sys.executable, "-m", "hub.launcher", "hub", "pair", "approve", waiting[kind],
             "--db", str(hub.db)],
            capture_output=True, text=True, timeout=20, check=False, env=office.env)
        assert done.returncode == 0, done.stdout + done.stderr


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--window-size=390,844",
         "--hide-scrollbars", "--timeout=4000", *args],
        capture_output=True, text=True, timeout=40, check=False)


def test_the_whole_office(office: Office, tmp_path: Path, artifacts_dir: Path) -> None:
    started = time.monotonic()
    mdns = ("--mdns-interface", "127.0.0.1")

    # 1. The hub, advertising on 127.0.0.1 only; the printer and the serial cables.
    hub = office.hub = HubProcess(tmp_path / "hub", mdns=True)
    hub.workdir.mkdir()
    hub.create_tokens()
    hub.start()
    printer = office.printer = TcpPrinter(OK)
    keypad_pair, led_pair = office.pairs.start(), office.pairs.start()
    keypad, led = PtyDevice(keypad_pair.device), PtyDevice(led_pair.device)
    office.ptys += [keypad, led]

    # 2. Kiosk, display and keypad bridge: none is told where the hub is.
    kiosk_toml = tmp_path / "kiosk.toml"
    kiosk_toml.write_text(
        "[kiosk]\nconfirmation_s = 2\n\n"
        f'[printer]\ntransport = "network"\nhost = "127.0.0.1"\nport = {printer.port}\n')
    office.spawn("kiosk", "kiosk", *mdns, "--config", str(kiosk_toml), "--windowed",
                 "--lang", "en", "--state-dir", str(tmp_path / "kiosk-state"),
                 "--screenshot-dir", str(tmp_path / "kiosk-shots"),
                 "--autopilot", "0.5", "--autopilot-seed", "7")
    display_state, wav_dir = tmp_path / "display.json", tmp_path / "wav"
    display_shots = tmp_path / "display-shots"
    office.spawn("display", "display", *mdns, "--windowed", "--lang", "en",
                 "--state-dir", str(tmp_path / "display-state"), "--audio-out", str(wav_dir),
                 "--screenshot-dir", str(display_shots), "--state-file", str(display_state))
    token_file = tmp_path / "keypad-tokens"
    token_file.write_text(f"counter-1 = {hub.tokens['counter-1']}\n")
    token_file.chmod(0o600)
    office.spawn("bridge", "counter", "--headless", *mdns, "--keypad", keypad_pair.driver,
                 "--protocol", "line", "--map", "1=counter-1", "--token-file", str(token_file),
                 "--led", led_pair.driver, "--state-dir", str(tmp_path / "bridge-state"))
    approve_pending(office, hub, {"kiosk", "display"})

    def display_connected() -> dict[str, Any] | None:
        state = read_json(display_state)
        return state if state and state["connection"] == "connected" else None

    office.wait_for("the display connected", display_connected, 30)

    # 3. Visitors tap services on the kiosk: tickets come out of the TCP printer.
    first_id, first_bytes = office.wait_for("a printed ticket",
                                            lambda: printed_tickets(printer), 30)[0]
    status, first = api(hub, "GET", f"/tickets/{first_id}")
    assert status == 200, first
    assert first["number"].encode() in first_bytes

    # 4. Counter 1 opens; its keypad presses CALL.
    status, body = api(hub, "POST", "/counters/counter-1/open")
    assert status in (200, 204), body
    keypad.write(b"1:CALL\n")
    called = office.wait_for("counter 1 calls a visitor",
                             lambda: counter_1(hub)["ticket_number"], 15)
    called_id = counter_1(hub)["ticket_id"]
    office.wait_for("the keypad's green lamp", lambda: f"OK {called}".encode() in keypad.received,
                    10)

    def on_the_board() -> dict[str, Any] | None:
        state = read_json(display_state)
        if not state or not state["calls"]:
            return None
        row = state["calls"][0]
        return state if (row["number"], row["counter_number"]) == (called, "1") else None

    office.wait_for(f"{called} at counter 1 on the display", on_the_board, 15)
    heard = office.wait_for(
        "the announcement", lambda: [a for a in (read_json(display_state) or {}).get(
            "announced", []) if a["number"] == called], 30)[-1]
    wav_path = Path(heard["wav"])
    assert wav_path.is_file() and wav_path.parent == wav_dir
    assert rms(wav_path) > 200, "the announcement is silent"
    shutil.copy(wav_path, artifacts_dir / "announcement.wav")
    office.wait_for("the number on the LED sign", lambda: called.encode() in led.received, 10)

    # 5. DONE on the keypad: the visitor's tracking page says "Served".
    keypad.write(b"1:DONE\n")
    office.wait_for("the ticket done", lambda: api(hub, "GET", f"/tickets/{called_id}")[1][
        "state"] == "done", 10)
    site = hub.url.removesuffix("/api/v1")
    dom = chromium(["--dump-dom", f"{site}/t/{called_id}"], tmp_path / "chromium")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Served" in dom.stdout, dom.stdout[-3000:]
    shot = artifacts_dir / "tracking-served.png"
    chromium([f"--screenshot={shot}", f"{site}/t/{called_id}"], tmp_path / "chromium")
    assert shot.is_file() and shot.stat().st_size > 5000

    # 6. Power cut at the hub while the kiosk keeps issuing; it comes back on the same port.
    office.wait_for("another ticket printed",
                    lambda: len(printed_tickets(printer)) >= 2, 20)
    hub.kill()
    office.wait_for("the display notices",
                    lambda: (s := read_json(display_state)) and s["connection"] != "connected",
                    15)
    time.sleep(1.0)
    hub.start()
    printed_before = len(printed_tickets(printer))
    office.wait_for("the display connected again", display_connected, 30)
    office.wait_for("the kiosk printing again",
                    lambda: len(printed_tickets(printer)) > printed_before, 30)
    def next_call() -> str | None:
        """One CALL press; the number called, or None after ERR/EMPTY (retried)."""
        start = len(keypad.received)
        keypad.write(b"1:CALL\n")  # a press while the bridge is reconnecting gets ERR
        deadline = time.monotonic() + 3
        while b"\n" not in keypad.received[start:] and time.monotonic() < deadline:
            time.sleep(0.05)
        if b"OK " not in keypad.received[start:]:
            time.sleep(0.5)
            return None
        return str(counter_1(hub)["ticket_number"])

    second = office.wait_for("a keypad CALL after the restart", next_call, 30)
    assert second != called
    office.wait_for(f"{second} on the display", lambda: (s := read_json(display_state))
                    and s["calls"] and s["calls"][0]["number"] == second, 15)
    office.wait_for(f"{second} on the LED sign", lambda: second.encode() in led.received, 10)

    # No ticket lost: everything the printer cut exists at the hub with that number.
    tickets = printed_tickets(printer)
    assert len({tid for tid, _ in tickets}) == len(tickets), "a ticket printed twice"
    for ticket_id, piece in tickets:
        status, found = api(hub, "GET", f"/tickets/{ticket_id}")
        assert status == 200, (ticket_id, found)
        assert found["number"].encode() in piece
    (artifacts_dir / "printer.bin").write_bytes(printer.received)
    shots = sorted(display_shots.glob("*.png"))
    if shots:
        shutil.copy(shots[-1], artifacts_dir / "display-last.png")
    kiosk_shots = sorted((tmp_path / "kiosk-shots").glob("*.png"))
    if kiosk_shots:
        shutil.copy(kiosk_shots[-1], artifacts_dir / "kiosk-last.png")
    assert time.monotonic() - started < 120
