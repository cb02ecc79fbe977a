"""``nowserving display``: run the wall display, or say one call and exit (``--say``)."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from display.config import DEFAULTS_PATH, UI_LANGS, ConfigError, DisplayConfig, load_config
from display.connection import LinkOptions, default_name
from hardware.speech import SpeechError

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nowserving display",
        description="The wall display: calls in large type and spoken announcements. "
                    "Without --hub it finds the hub on the LAN; without --token it pairs "
                    "(an admin approves the code it shows).")
    parser.add_argument("--hub", metavar="URL",
                        help="the hub's API, e.g. http://10.0.0.5:8470/api/v1 (skips mDNS)")
    parser.add_argument("--mdns-interface", action="append", metavar="ADDR", default=[],
                        help="look for the hub only on this address (repeatable); "
                             "default: every LAN interface")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="display settings (TOML); see --print-default-config")
    parser.add_argument("--check-config", type=Path, metavar="FILE",
                        help="validate FILE and exit (0 when valid)")
    parser.add_argument("--print-default-config", action="store_true",
                        help="print every setting with its default and exit")
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=None,
                        help="fill the screen (the default in the settings)")
    screen.add_argument("--windowed", dest="fullscreen", action="store_false",
                        help="run in a window (for setting up)")
    parser.add_argument("--lang", action="append", choices=UI_LANGS, metavar="LANG",
                        help="screen language (en, zh, ru); with --say: the language(s) "
                             "to speak, in turn (repeatable)")
    parser.add_argument("--state-dir", type=Path, metavar="DIR",
                        help="where the device id and hub credentials are kept "
                             "(default: ~/.config/nowserving/display)")
    parser.add_argument("--token", help="use this API token instead of pairing (kept in memory)")
    parser.add_argument("--audio-out", type=Path, metavar="DIR",
                        help="write every announcement as a WAV file in DIR instead of playing")
    parser.add_argument("--screenshot-dir", type=Path, metavar="DIR",
                        help="save DIR/NNNN-<page>.png whenever the screen changes, and on "
                             "exit (at most 300; for the headless demo and tests)")
    parser.add_argument("--state-file", type=Path, metavar="FILE",
                        help="keep FILE as JSON of what the screen shows and what was "
                             "announced, rewritten atomically on each change (demo, tests)")
    parser.add_argument("--say", metavar="NUMBER",
                        help="announce ticket NUMBER once (with --counter) and exit")
    parser.add_argument("--counter", metavar="COUNTER", help="the counter for --say")
    parser.add_argument("--recall", action="store_true", help="with --say: the recall phrase")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser


def main(argv: Sequence[str]) -> int:
    """Run ``nowserving display`` with ``argv``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(list(argv))
    logging.basicConfig(level=args.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.print_default_config:
        sys.stdout.write(DEFAULTS_PATH.read_text(encoding="utf-8"))
        return 0
    if args.check_config is not None:
        try:
            load_config(args.check_config)
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"{args.check_config}: valid")
        return 0
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.say is not None:
        if args.screenshot_dir is not None or args.state_file is not None:
            parser.error("--screenshot-dir and --state-file go with the running display, "
                         "not --say")
        return _say(parser, args, config)
    if args.counter is not None or args.recall:
        parser.error("--counter and --recall go with --say")
    if args.lang and len(args.lang) > 1:
        parser.error("give one --lang for the screen")
    return _run(args, config)


def _say(parser: argparse.ArgumentParser, args: argparse.Namespace,
         config: DisplayConfig) -> int:
    from display.say import say

    if not args.counter:
        parser.error("--say needs --counter")
    languages = args.lang or list(config.announce.languages) or ["en"]
    try:
        result = say(config, args.say, args.counter, languages, audio_out=args.audio_out,
                     recall=args.recall)
    except ValueError as exc:
        print(f"nowserving display: {exc}", file=sys.stderr)
        return 2
    except SpeechError as exc:
        print(f"nowserving display: speech failed: {exc}", file=sys.stderr)
        return 1
    if result is None:
        print("nowserving display: the announcement could not be played (no audio output?)",
              file=sys.stderr)
        return 1
    if result.muted:
        print("muted (mute or quiet hours): nothing was said")
    elif result.path is not None:
        print(result.path)
    return 0


def _run(args: argparse.Namespace, config: DisplayConfig) -> int:
    from display.ui.app import AppOptions, run

    if args.lang:
        config = dataclasses.replace(
            config, screen=dataclasses.replace(config.screen, language=args.lang[0]))
    name = config.name if config.name != "Wall display" else default_name()
    link = LinkOptions(hub_url=args.hub, interfaces=tuple(args.mdns_interface),
                       token=args.token, state_dir=args.state_dir, name=name)
    fullscreen = config.screen.fullscreen if args.fullscreen is None else args.fullscreen
    return run(AppOptions(config=config, link=link, audio_out=args.audio_out,
                          fullscreen=fullscreen, screenshot_dir=args.screenshot_dir,
                          state_file=args.state_file))
