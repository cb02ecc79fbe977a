"""Display benchmark: call-next request -> number painted on the wall, and -> announcement ready.

Run with `.venv/bin/python -m tests.bench.bench_display`. A real hub process on 127.0.0.1,
the real display (offscreen Qt, real WebSocket, real eSpeak writing WAVs as with
`--audio-out`) in this process. Each call is measured on its own: the board and the speech
queue are idle when the request is sent, so the figures are the latency of one call, not of
a backlog. Every loop is bounded in count and time.

- request -> painted: from just before `POST /counters/{id}/call-next` until the called
  number's label has been painted (its `paintEvent` ran with the new text);
- request -> audio ready: until the announcement's audio (chime and every language) has
  been rendered and written (the WAV file is complete; a loudspeaker would start now);
- request -> speech started: until the announcement began (the highlight lights up).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from display.board import Call
from display.config import load_config
from display.connection import LinkOptions
from display.ui.app import AppOptions, DisplayApp
from display.ui.widgets import NumberLabel
from hub.client import HubClient, run_qt_app
from tests.support.hub_process import HubProcess


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"{name:28s} n={len(ms):3d}  p50 {_pct(ms, 50):7.1f} ms  p99 {_pct(ms, 99):7.1f} ms"
            f"  max {max(ms):7.1f} ms  mean {statistics.fmean(ms):7.1f} ms")


async def _until(predicate: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step timed out")
        await asyncio.sleep(0.001)


async def measure(app: DisplayApp, hub: HubProcess, calls: int, limit_s: float
                  ) -> dict[str, list[float]]:
    painted: dict[str, float] = {}
    started: dict[str, float] = {}
    ready: dict[str, float] = {}
    NumberLabel.on_painted = lambda text: painted.setdefault(text, time.perf_counter())
    app.signals.started.connect(lambda c: started.setdefault(c.number, time.perf_counter()))
    previous = app.announcer.on_finished

    def finished(call: Call) -> None:  # on the speech thread, the moment the WAV is written
        ready.setdefault(call.number, time.perf_counter())
        if previous is not None:
            previous(call)

    app.announcer.on_finished = finished
    out: dict[str, list[float]] = {"request -> response": [], "request -> painted": [],
                                   "request -> speech started": [],
                                   "request -> audio ready": []}
    await _until(lambda: app.model.board.loaded, 30)
    deadline = time.monotonic() + limit_s
    async with (HubClient(hub.url, hub.tokens["admin"]) as admin,
                HubClient(hub.url, hub.tokens["kiosk"]) as kiosk,
                HubClient(hub.url, hub.tokens["counter-1"]) as counter):
        await admin.open("counter-1")
        for _ in range(calls):
            if time.monotonic() > deadline:
                break
            number = (await kiosk.issue_ticket("general")).number
            await _until(lambda: app.announcer.pending == 0 and not app.model._speaking, 30)
            await asyncio.sleep(0.05)  # let the board settle: measure one call, not a backlog
            t0 = time.perf_counter()
            ticket = await counter.call_next("counter-1")
            t1 = time.perf_counter()
            assert ticket is not None and ticket.number == number
            await _until(lambda n=number: n in painted and n in ready, 30)
            out["request -> response"].append(t1 - t0)
            out["request -> painted"].append(painted[number] - t0)
            out["request -> speech started"].append(started[number] - t0)
            out["request -> audio ready"].append(ready[number] - t0)
    NumberLabel.on_painted = None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds at most")
    parser.add_argument("--languages", default="en,zh,ru",
                        help="languages announced, comma-separated (default: all three)")
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-display-") as tmp:
        work = Path(tmp)
        hub = HubProcess(work / "hub")
        hub.workdir.mkdir()
        hub.create_tokens()
        hub.start()
        try:
            cfg = load_config()
            cfg = dataclasses.replace(
                cfg, screen=dataclasses.replace(cfg.screen, fullscreen=False, language="en"),
                announce=dataclasses.replace(cfg.announce,
                                             languages=tuple(args.languages.split(","))))
            options = AppOptions(config=cfg, link=LinkOptions(hub_url=hub.url,
                                                              token=hub.tokens["display"],
                                                              state_dir=work / "state"),
                                 audio_out=work / "wav", fullscreen=False, size=(width, height))

            async def run() -> dict[str, list[float]]:
                display = DisplayApp(options)
                await display.start()
                try:
                    return await measure(display, hub, args.calls, args.limit)
                finally:
                    await display.stop()

            app.setQuitOnLastWindowClosed(False)
            results = run_qt_app(app, run())
        finally:
            hub.stop()
    assert results is not None
    print(f"display {width}x{height}, announcements in {args.languages}, hub on 127.0.0.1, "
          f"offscreen Qt, eSpeak NG to WAV")
    for name, values in results.items():
        print(_line(name, values))


if __name__ == "__main__":
    main()
