r"""`nowserving counter`: the clerk's terminal, or with `--headless` the keypad bridge.

nowserving counter                                  # pair with the hub, then serve
nowserving counter --hub http://10.0.0.5:8470/api/v1 --token ns_... --counter counter-3
nowserving counter --mini --lang zh
nowserving counter --hub URL --token ns_... --windowed --autopilot 30 \\
        --screenshot-dir shots/ --state-file counter.json      # demo: a clerk drives it
nowserving counter --headless --keypad /dev/ttyUSB0 --protocol frame \\
        --map 1=counter-1,2=counter-2 --token-file /etc/nowserving/keypad-tokens \\
        --led /dev/ttyUSB1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from counter.bridge import BridgeSettings, HeadlessBridge, parse_map, read_token_file
from counter.config import CounterConfig, load_config, parse_target
from counter.connection import api_url
from hub.client import default_config_dir

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The options of both modes."""
    p = argparse.ArgumentParser(prog="nowserving counter", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--hub", metavar="URL", help="the hub's API URL (default: find it by mDNS)")
    p.add_argument("--mdns-interface", action="append", metavar="ADDR",
                   help="look for the hub only on this local address (repeatable)")
    p.add_argument("--config", type=Path, metavar="FILE", help="counter config (TOML)")
    p.add_argument("--state-dir", type=Path, metavar="DIR",
                   help="credentials and the day's figures (default: ~/.config/nowserving/"
                        "counter)")
    p.add_argument("--token", help="use this token instead of pairing (kept in memory only)")
    p.add_argument("--counter", metavar="ID", help="the counter to serve (with --token)")
    p.add_argument("--lang", choices=("en", "zh", "ru"), help="language of the screen")
    screen = p.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", action="store_true", default=None)
    screen.add_argument("--windowed", dest="fullscreen", action="store_false")
    p.add_argument("--mini", action="store_true", default=None,
                   help="start as a small always-on-top window")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    demo = p.add_argument_group("demo and end-to-end test hooks (window mode only)")
    demo.add_argument("--screenshot-dir", type=Path, metavar="DIR",
                      help="save DIR/NNNN-<page>.png whenever the screen changes, and on exit "
                           "(at most 300 per run)")
    demo.add_argument("--state-file", type=Path, metavar="FILE",
                      help="keep FILE (JSON) equal to what the screen shows")
    demo.add_argument("--autopilot", type=_positive_seconds, metavar="SERVICE_S",
                      help="a simulated clerk: open, call, start, done; mean service "
                           "SERVICE_S seconds")
    demo.add_argument("--autopilot-seed", type=int, metavar="N",
                      help="seed of the autopilot's service times (default: random)")
    bridge = p.add_argument_group("headless keypad bridge")
    bridge.add_argument("--headless", action="store_true", help="no window: keypads only")
    bridge.add_argument("--keypad", metavar="PORT", help="serial port of the keypad(s)")
    bridge.add_argument("--protocol", choices=("line", "frame"), help="keypad protocol")
    bridge.add_argument("--baudrate", type=int, help="keypad baud rate (9600)")
    bridge.add_argument("--map", metavar="ADDR=COUNTER,...",
                        help="which keypad address drives which counter")
    bridge.add_argument("--token-file", type=Path, metavar="FILE",
                        help="one 'counter-id = token' per line (instead of an admin --token)")
    bridge.add_argument("--led", metavar="PORT", help="serial port of the LED signs")
    bridge.add_argument("--led-map", metavar="COUNTER=ADDR,...",
                        help="LED sign address per counter (default: the keypad address)")
    bridge.add_argument("--led-encoding", choices=("ascii", "cp1251"), default="ascii")
    bridge.add_argument("--transfer-to", metavar="service:ID|counter:ID",
                        help="where the keypad's TRANSFER key sends a visitor")
    return p


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


_GUI_ONLY = ("screenshot_dir", "state_file", "autopilot", "autopilot_seed")


def main(argv: Sequence[str]) -> int:
    """Run the terminal or the bridge; returns the exit status."""
    args = build_parser().parse_args(list(argv))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
    except (ValueError, OSError) as exc:
        print(f"nowserving counter: {exc}", file=sys.stderr)
        return 2
    state_dir = args.state_dir or default_config_dir("counter")
    if args.hub:
        args.hub = api_url(args.hub)
    try:
        if args.headless:
            used = [name for name in _GUI_ONLY if getattr(args, name) is not None]
            if used:
                flags = ", ".join("--" + name.replace("_", "-") for name in used)
                raise ValueError(f"{flags}: only for the window, not with --headless")
            return _headless(args, config, state_dir)
    except ValueError as exc:
        print(f"nowserving counter: {exc}", file=sys.stderr)
        return 2
    return _gui(args, config, state_dir)


def _gui(args: argparse.Namespace, config: CounterConfig, state_dir: Path) -> int:
    from counter.ui.app import GuiOptions, run_gui  # Qt is loaded only for the window

    if args.counter:
        config = replace(config, counter_id=args.counter)
    options = GuiOptions(
        config=config, language=args.lang or config.language, state_dir=state_dir,
        hub_url=args.hub, interfaces=args.mdns_interface, token=args.token,
        fullscreen=config.fullscreen if args.fullscreen is None else args.fullscreen,
        mini=config.mini if args.mini is None else args.mini,
        screenshot_dir=args.screenshot_dir, state_file=args.state_file,
        autopilot_s=args.autopilot, autopilot_seed=args.autopilot_seed)
    return run_gui(options)


def _headless(args: argparse.Namespace, config: CounterConfig, state_dir: Path) -> int:
    keypad = dict(config.keypad or {})
    keypad.pop("transfer_to", None)
    if args.keypad:
        keypad["port"] = args.keypad
    if args.protocol:
        keypad["protocol"] = args.protocol
    keypad.setdefault("protocol", "line")
    if args.baudrate:
        keypad["baudrate"] = args.baudrate
    if not keypad.get("port"):
        raise ValueError("--headless needs --keypad PORT")
    addresses = parse_map(args.map or f"0={config.counter_id}")
    led_addresses = {}
    for part in filter(None, (args.led_map or "").split(",")):
        counter_id, _, address = part.partition("=")
        if not address.strip().isdigit():
            raise ValueError(f"--led-map entry {part!r} is not COUNTER=ADDRESS")
        led_addresses[counter_id.strip()] = int(address)
    target = parse_target(args.transfer_to) if args.transfer_to else config.keypad_transfer
    settings = BridgeSettings(
        keypad=keypad, addresses=addresses, admin_token=args.token,
        counter_tokens=read_token_file(args.token_file) if args.token_file else {},
        hub_url=args.hub, interfaces=args.mdns_interface, state_dir=state_dir,
        name=config.name if config.name != "Counter terminal" else "Keypad bridge",
        led={"port": args.led, "encoding": args.led_encoding} if args.led else None,
        led_addresses=led_addresses, blink_s=config.led_blink_s,
        transfer=dict.fromkeys(addresses.values(), target) if target else {})
    bridge = HeadlessBridge(settings)
    asyncio.run(_serve(bridge))
    return 0


async def _serve(bridge: HeadlessBridge) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await bridge.start()
    log.warning("keypad bridge running: %s", ", ".join(
        f"{a}={c}" for a, c in sorted(bridge.settings.addresses.items())))
    try:
        await stop.wait()
    finally:
        await bridge.stop()
