"""`nowserving kiosk`: the touchscreen ticket kiosk, and its installer tools.

nowserving kiosk                          find the hub (mDNS), pair, run fullscreen
nowserving kiosk --hub http://10.0.0.5:8470 --token ns_...   no discovery, no pairing
nowserving kiosk --config kiosk.toml --windowed
nowserving kiosk --preview-ticket ticket.png --lang zh       what the ticket looks like
nowserving kiosk --check-config kiosk.toml                   validate a config file
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from hardware.printer import PrinterError, options_from_config, save_ticket_png
from hub.client import default_config_dir
from kiosk import __version__
from kiosk.app import Launch, with_language
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.texts import Texts
from kiosk.ticket import IssuedTicket, public_base_url, ticket_content, tracking_url

TOKEN_ENV = "NOWSERVING_KIOSK_TOKEN"
PREVIEW_HUB = "http://hub.local:8470"


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nowserving kiosk",
        description="Touchscreen ticket kiosk: visitors choose a language and a service and "
                    "get a printed ticket with a QR code to follow their place in line.")
    parser.add_argument("--hub", metavar="URL",
                        help="the hub's address, e.g. http://192.168.1.10:8470 (skips mDNS)")
    parser.add_argument("--mdns-interface", action="append", metavar="ADDR",
                        help="look for the hub only on this local address (repeatable); "
                             "default: every LAN interface")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="kiosk config (TOML; see kiosk/default_kiosk.toml)")
    screen = parser.add_mutually_exclusive_group()
    screen.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=True,
                        help="fill the screen, hide the pointer (default)")
    screen.add_argument("--windowed", dest="fullscreen", action="store_false",
                        help="run in a window (setup, demos)")
    parser.add_argument("--lang", metavar="LANG",
                        help="default language (en, zh, ru); overrides the config")
    parser.add_argument("--state-dir", type=Path, metavar="DIR",
                        help=f"credentials and unseen-ticket journal (default "
                             f"{default_config_dir('kiosk')})")
    parser.add_argument("--token", metavar="TOKEN", default=os.environ.get(TOKEN_ENV),
                        help=f"use this kiosk token instead of pairing (or set {TOKEN_ENV})")
    parser.add_argument("--preview-ticket", type=Path, metavar="FILE.png",
                        help="render a sample ticket as it would print, then exit")
    parser.add_argument("--check-config", type=Path, metavar="FILE",
                        help="validate a kiosk config file and exit (0 when valid)")
    demo = parser.add_argument_group("demo and end-to-end test hooks")
    demo.add_argument("--screenshot-dir", type=Path, metavar="DIR",
                      help="save DIR/NNNN-<screen>.png whenever the screen changes, and on "
                           "exit (at most 300 per run)")
    demo.add_argument("--autopilot", type=_positive, metavar="RATE",
                      help="simulated visitors, RATE per second on average, tapping a "
                           "language and a service")
    demo.add_argument("--autopilot-seed", type=int, metavar="N",
                      help="seed of the simulated visitors (default: random)")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument("--version", action="version", version=__version__)
    return parser


def preview_ticket(config: KioskConfig, path: Path, language: str) -> Path:
    """Render a sample ticket, with this kiosk's printer layout and texts, to a PNG."""
    texts = Texts(language)
    base = public_base_url(PREVIEW_HUB + "/api/v1", config.kiosk.public_url)
    ticket = IssuedTicket(
        id="preview", number="A042",
        service_name=texts.p_("preview", "General enquiries"), priority="normal",
        language=language, people_ahead=3, estimated_wait_s=12 * 60, service_id="general",
        issued_at=datetime.now().astimezone(), url=tracking_url(base, "preview"),
        estimated_wait_low_s=8 * 60, estimated_wait_high_s=15 * 60)
    content = ticket_content(ticket, site_name=texts.p_("preview", "Sample Office"),
                             config=config)
    options = options_from_config(config.printer_dict()) if config.has_printer else None
    return save_ticket_png(content, path, options)


def main(argv: Sequence[str]) -> int:
    """Run `nowserving kiosk` with `argv` (the arguments after "kiosk")."""
    args = _parser().parse_args(list(argv))
    logging.basicConfig(level=args.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    try:
        if args.check_config is not None:
            config = load_config(args.check_config)
            print(f"{args.check_config}: OK (printer: {config.printer.get('transport')})")
            return 0
        config = with_language(load_config(args.config), args.lang)
    except ConfigError as exc:
        print(f"nowserving kiosk: {exc}", file=sys.stderr)
        return 2
    if args.preview_ticket is not None:
        try:
            written = preview_ticket(config, args.preview_ticket, config.default_language)
        except (OSError, PrinterError, LookupError) as exc:
            print(f"nowserving kiosk: cannot render the ticket: {exc}", file=sys.stderr)
            return 1
        print(written)
        return 0
    launch = Launch(config=config, state_dir=args.state_dir or default_config_dir("kiosk"),
                    hub_url=args.hub, interfaces=args.mdns_interface, token=args.token,
                    language=args.lang)
    from kiosk.ui.run import RunOptions, run_kiosk  # Qt only for the app itself

    return run_kiosk(launch, RunOptions(
        fullscreen=args.fullscreen, screenshot_dir=args.screenshot_dir,
        autopilot_rate=args.autopilot, autopilot_seed=args.autopilot_seed))
