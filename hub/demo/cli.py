"""`nowserving demo`: a hub, a kiosk, a wall display and two counters, already paired.

Everything binds to 127.0.0.1 (HTTP and mDNS). With a screen you get real windows to click
through; without one (no DISPLAY / WAYLAND_DISPLAY) the demo says so and runs headless:
the kiosk and counters drive themselves (`--autopilot`) for `--hours` of office time,
compressed by `--speed`, and the output folder collects the printed tickets (PNG), the
announcements (WAV), screenshots of every screen and a summary. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from hub.config import load_office
from hub.demo.processes import Child, Supervisor
from hub.demo.summary import as_markdown, summarize
from hub.store import Store

log = logging.getLogger("nowserving.demo")
COUNTERS = ("counter-1", "counter-4")  # between them they serve every service
READY_TIMEOUT_S = 30.0


def _has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _has_sound_card() -> bool:
    try:
        cards = Path("/proc/asound/cards").read_text()
    except OSError:
        return False
    return "no soundcards" not in cards and bool(cards.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nowserving demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="output folder (default demo-output/<time>)")
    parser.add_argument("--port", type=int, default=8470, help="hub port on 127.0.0.1")
    parser.add_argument("--headless", action="store_true",
                        help="run without windows even when a screen is available")
    parser.add_argument("--hours", type=float, default=8.0,
                        help="office hours to simulate when headless (default 8)")
    parser.add_argument("--speed", type=float, default=480.0,
                        help="time compression when headless (default 480: a day in a minute)")
    parser.add_argument("--visitors-per-hour", type=float, default=24.0,
                        help="arrival rate at the kiosk when headless, per office hour "
                             "(two counters at 4 min serve about 30 an hour)")
    parser.add_argument("--service-minutes", type=float, default=4.0,
                        help="mean time a clerk spends per visitor when headless")
    parser.add_argument("--lang", default="en", help="language of the screens")
    return parser


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", "hub.launcher", *args]


def _wait_ready(hub: Child, url: str) -> None:
    import urllib.request

    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if not hub.alive:
            raise RuntimeError(f"the hub stopped:\n{hub.tail()}")
        try:
            with urllib.request.urlopen(url + "/api/v1/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the hub did not start in time")


def _pair_devices(db: Path) -> dict[str, str]:
    """Tokens for every demo device, straight into the new database: nothing to type."""
    store = Store(db)
    try:
        tokens = {"kiosk": store.tokens.create("kiosk", "Demo kiosk")[0],
                  "display": store.tokens.create("display", "Demo wall display")[0]}
        for counter in COUNTERS:
            tokens[counter] = store.tokens.create("counter", f"Demo {counter}",
                                                  counter_id=counter)[0]
    finally:
        store.close()
    return tokens


def _start_apps(supervisor: Supervisor, args: argparse.Namespace, url: str,
                tokens: dict[str, str], out: Path, headless: bool) -> None:
    common = ["--hub", f"{url}/api/v1", "--mdns-interface", "127.0.0.1", "--lang", args.lang,
              "--windowed"]
    env = {"QT_QPA_PLATFORM": "offscreen"} if headless else {}

    def extra(name: str) -> list[str]:
        shots = ["--screenshot-dir", str(out / "screenshots" / name)] if headless else []
        return [*common, "--token", tokens[name], "--state-dir", str(out / "state" / name),
                *shots]

    speech = (["--audio-out", str(out / "announcements")]
              if headless or not _has_sound_card() else [])
    supervisor.start("display", _python("display", *extra("display"), *speech), env)
    rate = args.visitors_per_hour * args.speed / 3600.0  # visitors per real second
    pilot = ["--autopilot", f"{rate:.4f}"] if headless else []
    # The demo's printer writes each ticket as a PNG, exactly as it would be printed.
    kiosk_config = out / "kiosk.toml"
    kiosk_config.write_text(f'[printer]\ntransport = "preview"\ndir = "{out / "tickets"}"\n',
                            encoding="utf-8")
    supervisor.start("kiosk", _python("kiosk", *extra("kiosk"), "--config", str(kiosk_config),
                                      *pilot), env)
    service_s = args.service_minutes * 60.0 / args.speed
    for counter in COUNTERS:
        pilot = ["--autopilot", f"{service_s:.3f}"] if headless else []
        supervisor.start(counter, _python("counter", *extra(counter), "--counter", counter,
                                          *pilot), env)


def _write_summary(db: Path, out: Path, site: str, args: argparse.Namespace,
                   headless: bool) -> str:
    store = Store(db)
    try:
        rows = summarize(store.tickets(), args.speed if headless else 1.0)
    finally:
        store.close()
    report = as_markdown(rows, site, args.hours if headless else 0.0,
                         args.speed if headless else 1.0)
    (out / "summary.md").write_text(report, encoding="utf-8")
    (out / "summary.json").write_text(json.dumps([asdict(r) for r in rows], indent=2),
                                      encoding="utf-8")
    return report


def main(argv: Sequence[str]) -> int:
    """Entry point of ``nowserving demo``."""
    args = _parser().parse_args(list(argv))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        datefmt="%H:%M:%S")
    headless = args.headless or not _has_screen()
    out = args.out or Path("demo-output") / datetime.now().strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    if headless and not args.headless:
        log.info("No screen found (no DISPLAY or WAYLAND_DISPLAY): running headless. "
                 "The office drives itself; results go to %s", out)
    office = load_office()
    url = f"http://127.0.0.1:{args.port}"
    db = out / "hub.db"
    tokens = _pair_devices(db)
    supervisor = Supervisor(out / "logs")
    stop = {"now": False}

    def on_signal(signum: int, _frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        hub = supervisor.start("hub", _python(
            "hub", "--host", "127.0.0.1", "--port", str(args.port), "--db", str(db),
            "--mdns-interface", "127.0.0.1"))
        _wait_ready(hub, url)
        log.info("hub ready on %s/api/v1 (tracking pages at %s/t/<ticket id>)", url, url)
        _start_apps(supervisor, args, url, tokens, out, headless)
        real_s = args.hours * 3600.0 / args.speed if headless else float("inf")
        log.info("running %s; Ctrl-C stops everything",
                 f"{args.hours:g} office hours in {real_s:.0f} s" if headless
                 else "until you close it")
        deadline = time.monotonic() + real_s
        while not stop["now"] and time.monotonic() < deadline:
            for child in supervisor.dead():
                log.error("%s stopped unexpectedly:\n%s", child.name, child.tail())
                return 1
            time.sleep(0.5)
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    finally:
        log.info("stopping every part of the demo")
        supervisor.stop_all()
    print(_write_summary(db, out, office.config.site_name, args, headless))
    log.info("results in %s", out)
    return 0
