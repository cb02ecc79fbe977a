"""`nowserving demo` headless: the whole office drives itself and leaves its results."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

from tests.support.hub_process import free_port


def test_headless_demo_day(tmp_path: Path, artifacts_dir: Path) -> None:
    out = tmp_path / "demo"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "hub.launcher", "demo", "--hours", "2", "--speed", "360",
         "--visitors-per-hour", "60", "--port", str(free_port()), "--out", str(out)],
        capture_output=True, text=True, timeout=180, check=False, env=env)
    (artifacts_dir / "demo.log").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "running headless" in run.stderr
    rows = {r["service_id"]: r for r in json.loads((out / "summary.json").read_text())}
    assert set(rows) == {"general", "payments", "documents"}, rows
    assert sum(r["issued"] for r in rows.values()) >= 10
    for row in rows.values():
        assert row["served"] >= 1, row  # both demo counters together serve every service
        assert row["mean_wait_min"] is not None
    assert "| service | issued | served |" in (out / "summary.md").read_text()

    tickets = sorted((out / "tickets").glob("*.png"))
    assert len(tickets) == sum(r["issued"] for r in rows.values())
    wavs = sorted((out / "announcements").glob("*.wav"))
    assert wavs
    with wave.open(str(wavs[0])) as w:
        assert w.getnframes() / w.getframerate() > 1.0
    for screen in ("kiosk", "display", "counter-1", "counter-4"):
        shots = sorted((out / "screenshots" / screen).glob("*.png"))
        assert shots, f"no screenshot of the {screen}"
    for path in (tickets[0], *(sorted((out / "screenshots" / s).glob("*.png"))[-1]
                               for s in ("kiosk", "display", "counter-1"))):
        (artifacts_dir / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())

    # Nothing is left running: every child was in its own group and is gone.
    left = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, text=True,
                          check=False)
    assert left.stdout.strip() == ""
