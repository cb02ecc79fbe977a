"""`nowserving counter` as the demo runs it: a real process, offscreen, driven by its
autopilot against a real hub, watched through its state file and screenshots; SIGTERM
stops it with status 0. Also the hooks' command-line mistakes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from counter.cli import main
from counter.connection import api_url
from tests.counter.conftest import api, counter_state
from tests.support.hub_process import HubProcess

PNG = b"\x89PNG\r\n\x1a\n"
STATE_KEYS = {"app", "page", "connection", "pairing_code", "counter_id", "counter_state",
              "ticket", "waiting", "served_today", "updated_at"}


def wait_for(predicate: Callable[[], bool], timeout: float, proc: subprocess.Popen[bytes],
             log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the terminal stopped:\n{log.read_text()}"
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s:\n{log.read_text()[-3000:]}")


def read_state(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())  # atomic: never half a file
    except FileNotFoundError:
        return None


def ticket_states(hub: HubProcess, ids: list[str]) -> list[str]:
    return [api(hub, "GET", f"/tickets/{tid}")[1]["state"] for tid in ids]


def distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    assert not image.isNull(), path
    return len({image.pixel(x, y) for x in range(0, image.width(), 8)
                for y in range(0, image.height(), 8)})


def test_autopilot_serves_and_the_demo_sees_it(hub: HubProcess, tmp_path: Path,
                                               artifacts_dir: Path) -> None:
    ids = []
    for _ in range(4):
        status, ticket = api(hub, "POST", "/tickets", "kiosk", {"service_id": "general"})
        assert status == 201
        ids.append(ticket["id"])
    shots, state_file, log = tmp_path / "shots", tmp_path / "out" / "counter.json", \
        tmp_path / "terminal.log"
    root_url = hub.url.removesuffix("/api/v1")  # as the demo passes it
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hub.launcher", "counter", "--hub", root_url,
             "--token", hub.tokens["counter-1"], "--state-dir", str(tmp_path / "state"),
             "--windowed", "--lang", "en", "--screenshot-dir", str(shots),
             "--state-file", str(state_file), "--autopilot", "0.5", "--autopilot-seed", "7"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1", QT_QPA_PLATFORM="offscreen"))
    try:
        wait_for(lambda: ticket_states(hub, ids) == ["done"] * 4, 45, proc, log)
        assert counter_state(hub, "counter-1")["state"] == "open"

        def served() -> bool:
            state = read_state(state_file)
            return state is not None and state["served_today"] >= 4

        wait_for(served, 15, proc, log)
        state = read_state(state_file)
        assert state is not None and set(state) == STATE_KEYS
        assert (state["app"], state["page"], state["connection"], state["counter_id"],
                state["counter_state"], state["pairing_code"]) == (
            "counter", "full", "connected", "counter-1", "open", None)
        assert state["waiting"] == {"general": 0, "payments": 0}
        assert state["ticket"] is None or set(state["ticket"]) == {"number", "state",
                                                                   "service_id"}
        assert abs(state["updated_at"] - time.time()) < 60
        # The first screen, then the served queue (a burst is one picture a second at most).
        wait_for(lambda: len(list(shots.glob("*.png"))) >= 2, 10, proc, log)
        during = len(list(shots.glob("*.png")))

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    text = log.read_text()
    assert "Traceback" not in text, text

    final = read_state(state_file)
    assert final is not None and final["connection"] == "stopped"
    assert [p.name for p in state_file.parent.iterdir()] == ["counter.json"]
    pngs = sorted(shots.glob("*.png"))
    assert len(pngs) > during  # one more on exit
    assert [p.name[:5] for p in pngs] == [f"{n:04d}-" for n in range(1, len(pngs) + 1)]
    assert all(p.stem.split("-", 1)[1] in {"full", "mini", "pairing"} for p in pngs)
    for png in pngs:
        assert png.read_bytes()[:8] == PNG and png.stat().st_size > 4000, png
        assert distinct_colours(png) >= 5, png
    assert QImage(str(pngs[-1])).size().toTuple() == (800, 480)
    for png in pngs:
        shutil.copy(png, artifacts_dir / png.name)


@pytest.mark.parametrize(("argv", "message"), [
    (["--headless", "--keypad", "/dev/null", "--token", "x", "--autopilot", "1"],
     "--autopilot: only for the window"),
    (["--headless", "--keypad", "/dev/null", "--token", "x", "--state-file", "s.json",
      "--screenshot-dir", "shots"], "--screenshot-dir, --state-file: only for the window"),
])
def test_hooks_are_for_the_window_only(argv: list[str], message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_autopilot_needs_a_positive_service_time(value: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--autopilot", value])
    assert exc.value.code == 2
    assert "positive number of seconds" in capsys.readouterr().err


def test_hub_url_with_or_without_the_api_path() -> None:
    for given in ("http://10.0.0.5:8470", "http://10.0.0.5:8470/", "10.0.0.5:8470",
                  "http://10.0.0.5:8470/api/v1", "http://10.0.0.5:8470/api/v1/"):
        assert api_url(given) == "http://10.0.0.5:8470/api/v1"


def test_the_model_side_of_the_hooks_loads_no_qt() -> None:
    # pyproject's import contract lists modules by name; this holds for the new ones too.
    code = ("import sys, counter.autopilot, counter.view_state, counter.cli; "
            "sys.exit('PySide6' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=60).returncode == 0
