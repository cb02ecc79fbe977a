"""`nowserving hub`: run the hub, check a configuration file, manage API tokens."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from hub.app import DEFAULT_PORT, Hub, run_until_signalled
from hub.config import ConfigError, Office, default_database_path, load_office
from hub.engine import EngineError
from hub.pairing import Pairing
from hub.store import ROLES, Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nowserving hub",
        description="Run the Now Serving hub for one office (the embedded sample office when "
                    "no --config is given).")
    parser.add_argument("--config", type=Path, help="office configuration file (TOML)")
    parser.add_argument("--db", type=Path,
                        help=f"SQLite database (default {default_database_path()})")
    parser.add_argument("--host", help="address to listen on (default from config: 0.0.0.0)")
    parser.add_argument("--port", type=int, help=f"TCP port (default {DEFAULT_PORT})")
    parser.add_argument("--check-config", type=Path, metavar="FILE",
                        help="validate FILE and exit (0 when valid)")
    parser.add_argument("--mdns-interface", action="append", metavar="ADDR",
                        help="advertise over mDNS only on this address (repeatable); "
                             "default: every LAN interface")
    parser.add_argument("--no-mdns", action="store_true", help="do not advertise over mDNS")
    parser.add_argument("--no-pairing", action="store_true",
                        help="refuse new pairing requests (advertised as closed)")
    parser.add_argument("--offline-after", type=float, default=30.0, metavar="SECONDS",
                        help="a device silent this long is marked offline (default 30)")
    parser.add_argument("--stream-heartbeat", type=float, default=15.0, metavar="SECONDS",
                        help="heartbeat interval of the event stream (default 15)")
    parser.add_argument("--log-level", default="INFO",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = parser.add_subparsers(dest="area")
    token = sub.add_parser("token", help="create, list or revoke API tokens")
    actions = token.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a token; it is printed once, last")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", required=True, help="who or what uses it")
    create.add_argument("--counter", help="counter id or number a counter token acts for")
    actions.add_parser("list", help="list tokens (never the secrets)")
    revoke = actions.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("token_id")
    pair = sub.add_parser("pair", help="approve or reject devices asking to pair")
    pair_actions = pair.add_subparsers(dest="action", required=True)
    pair_actions.add_parser("list", help="devices waiting for approval, with their codes")
    approve = pair_actions.add_parser("approve", help="approve the code a device shows")
    approve.add_argument("code")
    approve.add_argument("--counter", help="counter id or number (required for counters)")
    approve.add_argument("--zone", help="display zone, e.g. 'services=general,payments'")
    reject = pair_actions.add_parser("reject", help="refuse the code a device shows")
    reject.add_argument("code")
    for p in [*actions.choices.values(), *pair_actions.choices.values()]:
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS)
        p.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    return parser


def _office(path: Path | None) -> Office:
    try:
        return load_office(path)
    except ConfigError as exc:
        print(f"configuration error:\n{exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def _db_path(args: argparse.Namespace, office: Office) -> Path:
    return office.database_path(args.db)


def _tokens(args: argparse.Namespace, office: Office) -> int:
    store = Store(_db_path(args, office))
    try:
        if args.action == "create":
            counter_id = None
            if args.counter:
                match = [c for c in office.config.counters if args.counter in (c.id, c.number)]
                if not match:
                    known = ", ".join(f"{c.id} ({c.number})" for c in office.config.counters)
                    print(f"no counter {args.counter!r}; known: {known}", file=sys.stderr)
                    return 2
                counter_id = match[0].id
            try:
                token, info = store.tokens.create(args.role, args.name, counter_id=counter_id)
            except ValueError as exc:
                print(str(exc), file=sys.stderr)
                return 2
            print(f"created {info.role} token {info.id} for {info.name!r}"
                  + (f" (counter {counter_id})" if counter_id else ""))
            print(token)
        elif args.action == "list":
            print(f"{'id':<14}{'role':<9}{'counter':<12}{'created (UTC)':<18}{'state':<9}name")
            for t in store.tokens.list():
                created = datetime.fromtimestamp(t.created_at, UTC).strftime("%Y-%m-%d %H:%M")
                state = "revoked" if t.revoked_at else "active"
                print(f"{t.id:<14}{t.role:<9}{t.counter_id or '-':<12}{created:<18}{state:<9}"
                      f"{t.name}")
        elif args.action == "revoke":
            if not store.tokens.revoke(args.token_id):
                print(f"no active token {args.token_id!r}", file=sys.stderr)
                return 1
            print(f"revoked {args.token_id}")
    finally:
        store.close()
    return 0


def _pairing(args: argparse.Namespace, office: Office) -> int:
    store = Store(_db_path(args, office))
    pairing = Pairing(store, office)
    try:
        if args.action == "list":
            waiting = store.pairing.live(time.time())
            if not waiting:
                print("no device is waiting to pair")
            for r in waiting:
                left = int(r.expires_at - time.time())
                print(f"{r.code}  {r.kind:<8} {r.name!r} from {r.remote} "
                      f"(expires in {left // 60} min {left % 60} s)")
            return 0
        try:
            if args.action == "approve":
                done = pairing.approve(args.code, counter=args.counter, zone=args.zone)
                bound = f", counter {done.counter_id}" if done.counter_id else ""
                print(f"approved {done.kind} {done.name!r}{bound}; it connects by itself")
            else:
                done = pairing.reject(args.code)
                print(f"rejected {done.kind} {done.name!r}")
        except EngineError as exc:
            print(f"cannot {args.action}: {exc.detail}", file=sys.stderr)
            return 1
    finally:
        store.close()
    return 0


def main(argv: Sequence[str]) -> int:
    """Entry point of ``nowserving hub``."""
    args = _parser().parse_args(list(argv))
    if args.check_config is not None:
        office = _office(args.check_config)
        print(f"{args.check_config}: OK — {office.config.site_name!r}, "
              f"{len(office.config.services)} services, {len(office.config.counters)} counters")
        return 0
    office = _office(args.config)
    if args.area == "token":
        return _tokens(args, office)
    if args.area == "pair":
        return _pairing(args, office)
    logging.basicConfig(level=args.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    hub = Hub(office, _db_path(args, office), host=args.host or office.hub.host,
              port=args.port if args.port is not None else office.hub.port,
              mdns=not args.no_mdns, mdns_interfaces=args.mdns_interface,
              pairing_open=not args.no_pairing, offline_after_s=args.offline_after,
              heartbeat_s=args.stream_heartbeat)
    try:
        asyncio.run(run_until_signalled(hub))
    except OSError as exc:
        print(f"cannot start the hub: {exc}", file=sys.stderr)
        return 1
    return 0
