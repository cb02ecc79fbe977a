"""The headless keypad bridge: call-button keypads (and LED signs) with no counter PC.

One serial port carries the keypads (a single USB button, or an RS-485 bus with an
address per window); `--map 1=counter-1,2=counter-2` says which address drives which
counter. Each press becomes one hub command with the press id as Idempotency-Key, and the
answer goes back to that keypad's lamp and display. LED signs follow the hub's events.

Tokens: a counter token may act only for its own counter, so a bridge for several
counters needs either one admin token (`--token`, simplest, but a stolen bridge can do
anything) or one counter token per counter (`--token-file`, each address limited to its
window: the recommended choice). With a token file the first counter's token follows the
event stream; every token sends heartbeats carrying the keypad's state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter.actions import Action
from counter.commands import Outcome, Result, Target, perform
from counter.connection import APP_VERSION, make_connection, token_credentials
from counter.keypad_input import KeypadRouter
from counter.led_bus import LedBus
from counter.led_feed import LedFeed
from counter.office import OfficeMirror
from hardware.keypad import Keypad, LinkState, keypad_from_config
from hub.client import (
    ConnectionState,
    Credentials,
    DeviceConnection,
    HubClient,
    HubError,
    HubUnreachable,
    Snapshot,
    StreamItem,
)

log = logging.getLogger(__name__)


@dataclass
class BridgeSettings:
    """What `nowserving counter --headless` was told on the command line."""

    keypad: Mapping[str, Any]  # driver config: protocol, port, ...
    addresses: Mapping[int, str]  # keypad address -> counter id
    admin_token: str | None = None
    counter_tokens: Mapping[str, str] = field(default_factory=dict)
    hub_url: str | None = None
    interfaces: list[str] | None = None
    state_dir: Path = Path()
    name: str = "Keypad bridge"
    led: Mapping[str, Any] | None = None  # port, baudrate, encoding, min_gap_ms, retry_s
    led_addresses: Mapping[str, int] = field(default_factory=dict)  # counter -> sign address
    blink_s: float = 8.0
    transfer: Mapping[str, Target] = field(default_factory=dict)  # counter -> keypad target

    def check(self) -> None:
        """Refuse settings that cannot work, naming the problem."""
        if not self.addresses:
            raise ValueError("--map names no keypad address")
        if self.admin_token is None and not self.counter_tokens:
            raise ValueError("give an admin --token or a --token-file with counter tokens")
        if self.admin_token is None:
            missing = sorted(set(self.addresses.values()) - set(self.counter_tokens))
            if missing:
                raise ValueError(f"the token file has no token for {', '.join(missing)}")


class HeadlessBridge:
    """Keypads -> hub commands -> keypad feedback; hub events -> LED signs."""

    def __init__(self, settings: BridgeSettings, *, keypad: Keypad | None = None) -> None:
        settings.check()
        self.settings = settings
        self.keypad = keypad or keypad_from_config(settings.keypad)
        self.mirror = OfficeMirror()
        self.router = KeypadRouter(self.keypad, self.execute, addresses=settings.addresses,
                                   on_state=self._keypad_state)
        self.led_bus: LedBus | None = None
        self.feeds: dict[str, LedFeed] = {}
        self.connection: DeviceConnection | None = None
        self._clients: dict[str, HubClient] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        """Locate the hub, start following it, open the keypad and the signs."""
        s = self.settings
        # Keypads first: a press before the hub is found gets the error lamp, not silence.
        self._start_leds()
        self.router.start()
        primary = s.admin_token or s.counter_tokens[sorted(set(s.addresses.values()))[0]]
        credentials: Credentials = await token_credentials(primary, None, s.hub_url,
                                                           s.interfaces)
        self.connection = make_connection(name=s.name, state_dir=s.state_dir,
                                          hub_url=s.hub_url, interfaces=s.interfaces,
                                          token_credentials=credentials)
        self.connection.on_item = self.on_item
        self.connection.status_provider = self.device_status
        await self.connection.start()
        if s.admin_token is None:
            self._spawn(self._secondary_heartbeats(primary))

    async def stop(self) -> None:
        """Stop everything this bridge started (threads joined, sockets closed)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.router.stop()
        if self.connection is not None:
            await self.connection.stop()
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
        for feed in self.feeds.values():
            feed.close()
        if self.led_bus is not None:
            await asyncio.to_thread(self.led_bus.close)

    def _start_leds(self) -> None:
        led = self.settings.led
        if not led:
            return
        bus = self.led_bus = LedBus(
            str(led["port"]), baudrate=int(led.get("baudrate", 9600)),
            encoding=led.get("encoding", "ascii"),
            min_gap_s=float(led.get("min_gap_ms", 200)) / 1000,
            retry_s=float(led.get("retry_s", 2.0)))
        by_counter = {c: a for a, c in self.settings.addresses.items()}
        for counter_id, keypad_address in sorted(by_counter.items()):
            # Sign address = keypad address; a lone keypad (address 0) has sign 1, the
            # drivers' default ("00" would address every sign on the line).
            address = self.settings.led_addresses.get(counter_id, keypad_address or 1)
            self.feeds[counter_id] = LedFeed(bus.sign(address), counter_id,
                                             blink_s=self.settings.blink_s)
        bus.start(lambda state: log.info("LED bus %s", state))

    # -- the hub ------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        """True while the hub's event stream runs."""
        return (self.connection is not None
                and self.connection.status.state is ConnectionState.CONNECTED)

    async def on_item(self, item: StreamItem) -> None:
        """Mirror the office and move the signs."""
        if isinstance(item, Snapshot):
            self.mirror.load(item.state)
            await self._fetch_missing()
            for feed in self.feeds.values():
                feed.on_snapshot(self.mirror)
            return
        self.mirror.apply(item)
        for feed in self.feeds.values():
            feed.on_event(item, self.mirror)

    async def _fetch_missing(self) -> None:
        client = self.connection.client if self.connection else None
        if client is None:
            return
        for ticket_id in self.mirror.missing_tickets():
            with contextlib.suppress(HubError, HubUnreachable):
                self.mirror.put_ticket(await client.get_ticket(ticket_id))

    def client_for(self, counter_id: str) -> HubClient | None:
        """The client allowed to act for `counter_id` (None while the hub is not located)."""
        main = self.connection.client if self.connection else None
        if main is None or self.settings.admin_token is not None:
            return main
        token = self.settings.counter_tokens[counter_id]
        client = self._clients.get(counter_id)
        if client is None or client.base_url != main.base_url:
            if client is not None:
                self._spawn(client.aclose())
            client = self._clients[counter_id] = HubClient(main.base_url, token)
        return client

    async def execute(self, counter_id: str, action: Action, key: str) -> Outcome:
        """Run one keypad press; refused at once while the hub is unreachable."""
        client = self.client_for(counter_id)
        if not self.connected or client is None:
            return Outcome(action, Result.UNREACHABLE, detail="offline")
        target = None
        if action is Action.TRANSFER:
            target = self.settings.transfer.get(counter_id)
            if target is None:
                return Outcome(action, Result.REFUSED, detail="no transfer target configured")
        return await perform(client, counter_id, action, key=key, target=target)

    # -- device status ----------------------------------------------------------------------
    def device_status(self) -> dict[str, Any]:
        """Heartbeat status: the keypad port's state and the signs'."""
        status: dict[str, Any] = {"keypad": self.router.status()}
        if self.led_bus is not None:
            status["led"] = {"state": str(self.led_bus.state)}
        return status

    def _keypad_state(self, state: LinkState) -> None:
        log.info("keypad %s", state)
        self._spawn(self._heartbeat_now())

    async def _heartbeat_now(self) -> None:
        """Tell the hub at once (not at the next heartbeat) that the keypad came or went."""
        clients = [self.connection.client if self.connection else None]
        if self.settings.admin_token is None:
            clients += [self.client_for(c) for c in self.settings.counter_tokens
                        if c in self.settings.addresses.values()]
        sent: set[int] = set()
        for client in clients:
            if client is None or id(client) in sent or not self.connected:
                continue
            sent.add(id(client))
            with contextlib.suppress(HubError, HubUnreachable):
                await client.heartbeat(APP_VERSION, self.device_status())

    async def _secondary_heartbeats(self, primary: str) -> None:
        """Heartbeats for every counter token but the one the connection already uses."""
        counters = [c for c, t in self.settings.counter_tokens.items()
                    if t != primary and c in self.settings.addresses.values()]
        interval = 10.0
        while True:
            await asyncio.sleep(interval)
            if not self.connected:
                continue
            for counter_id in counters:
                client = self.client_for(counter_id)
                if client is None:
                    continue
                with contextlib.suppress(HubError, HubUnreachable):
                    ack = await client.heartbeat(APP_VERSION, self.device_status())
                    interval = max(1.0, ack.heartbeat_interval_s)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def parse_map(text: str) -> dict[int, str]:
    """`1=counter-1,2=counter-2` as {1: "counter-1", 2: "counter-2"}."""
    result: dict[int, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        address, sep, counter_id = part.partition("=")
        if not sep or not address.strip().isdigit() or not counter_id.strip():
            raise ValueError(f"--map entry {part!r} is not ADDRESS=COUNTER")
        if not 0 <= int(address) <= 255:
            raise ValueError(f"keypad address {address} is not 0-255")
        result[int(address)] = counter_id.strip()
    if not result:
        raise ValueError("--map is empty")
    return result


def read_token_file(path: Path) -> dict[str, str]:
    """Counter tokens, one `counter-1 = ns_...` per line (TOML-style quotes allowed)."""
    tokens: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        counter_id, sep, token = line.partition("=")
        token = token.strip().strip('"').strip("'")
        if not sep or not counter_id.strip() or not token:
            raise ValueError(f"{path}:{number}: expected COUNTER = TOKEN")
        tokens[counter_id.strip().strip('"')] = token
    return tokens
