"""The hooks the headless demo watches the display through: ``--state-file`` and
``--screenshot-dir``, on the real ``nowserving display`` process against a real hub.

The screenshots are copied to test-output/ for a person to look at.
"""

from __future__ import annotations

import asyncio
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

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from display.theme import DEFAULT
from tests.display.live import call_next, issue, open_counters
from tests.support.hub_process import HubProcess

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def read_state(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text()) if path.exists() else None


def amber_share(image: QImage) -> float:
    """Share of the picture in the highlight colour (a lit row, or its frame)."""
    amber = QColor(DEFAULT.highlight)
    points = [(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)]
    return sum(image.pixelColor(x, y) == amber for x, y in points) / len(points)


def test_state_file_and_screenshots_follow_a_call(
        qapp: QApplication, hub: HubProcess, tmp_path: Path, artifacts_dir: Path) -> None:
    state_file, shots, wav = tmp_path / "run" / "display.json", tmp_path / "shots", tmp_path / "wav"
    log_path = tmp_path / "display.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hub.launcher", "display", "--hub", hub.url,
             "--token", hub.tokens["display"], "--state-dir", str(tmp_path / "st"),
             "--windowed", "--lang", "en", "--audio-out", str(wav),
             "--screenshot-dir", str(shots), "--state-file", str(state_file)],
            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        def wait_for(predicate: Callable[[], Any], seconds: float, what: str) -> Any:
            deadline = time.monotonic() + seconds
            while not (result := predicate()):
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, (what, read_state(state_file),
                                                     log_path.read_text())
                time.sleep(0.05)
            return result

        loaded = wait_for(lambda: (s := read_state(state_file)) and s["connection"] == "connected"
                          and "general" in s["waiting"] and s, 30, "connected, snapshot loaded")
        assert loaded["calls"] == [] and loaded["announced"] == []
        asyncio.run(open_counters(hub, 2))
        # A picture of the empty board first, so the call's own pictures can be told apart.
        quiet = wait_for(lambda: [p for p in sorted(shots.glob("*.png"))
                                  if p.stat().st_mtime >= loaded["updated_at"]], 10,
                         "a screenshot of the loaded board")
        called_at = time.time()
        before_call = set(shots.glob("*.png"))

        async def call() -> str:
            await issue(hub, "general")
            return await call_next(hub, 2)

        number = asyncio.run(call())
        state = wait_for(lambda: (s := read_state(state_file)) and s["calls"] and s, 15,
                         "the call in the state file")
        assert state["calls"][0] | {"highlighted": None} == {
            "number": number, "counter_number": "2", "counter_id": "counter-2",
            "recall": False, "row": "now", "highlighted": None}
        assert state["updated_at"] >= called_at
        heard = wait_for(lambda: (s := read_state(state_file)) and s["announced"], 30,
                         "the announcement heard")
        assert heard[-1]["number"] == number and heard[-1]["counter_number"] == "2"
        assert heard[-1]["languages"] == ["en", "zh", "ru"]
        assert Path(heard[-1]["wav"]).is_file() and Path(heard[-1]["wav"]).parent == wav
        # Pictures of the call: settled, after the call, the row lit (blinking, then framed).
        after = wait_for(lambda: sorted(set(shots.glob("*.png")) - before_call), 10,
                         "a screenshot of the call")
        newest = sorted(shots.glob("*.png"))[-1]
        assert newest.stat().st_mtime >= called_at
        before_exit = len(list(shots.glob("*.png")))

        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert code == 0, log_path.read_text()

    final = read_state(state_file)
    assert final is not None and final["connection"] == "stopped"
    assert final["calls"][0]["number"] == number
    assert [p.name for p in state_file.parent.iterdir()] == ["display.json"]  # no temp files
    files = sorted(shots.glob("*.png"))
    assert len(files) == before_exit + 1  # one more on exit
    assert sorted(p.name for p in shots.iterdir()) == [f.name for f in files]  # no temp files
    assert [f.name[:5] for f in files] == [f"{i:04d}-" for i in range(1, len(files) + 1)]
    assert all(f.name.endswith("-board.png") for f in files)
    for path in files:
        assert path.read_bytes()[:8] == PNG_MAGIC and path.stat().st_size > 10_000
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 720), path.name
        shutil.copy(path, artifacts_dir / path.name)
    assert max(amber_share(QImage(str(p))) for p in after) > 0.003  # lit row, or its frame
    assert amber_share(QImage(str(quiet[0]))) == 0  # before the call: nothing lit
    assert quiet[0] not in after
