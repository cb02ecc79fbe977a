"""Wire the hub together, start it and stop it cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import signal
import time
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from hub import __version__
from hub.api import STREAM_KEY, create_app
from hub.config import Office
from hub.discovery import HubAdvertiser
from hub.pairing import Pairing
from hub.presence import DEFAULT_OFFLINE_AFTER_S, Presence
from hub.service import HubService
from hub.store import Store
from hub.watchdog import SystemdNotifier

log = logging.getLogger(__name__)

DEFAULT_PORT = 8470
DAY_CHECK_S = 30.0
HOUSEKEEPING_S = 1.0


def _raise_fd_limit() -> None:
    """Allow a descriptor per device: a large office keeps hundreds of streams open."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


class Hub:
    """One running hub: store, service, API. `start()` then `stop()`."""

    def __init__(
        self,
        office: Office,
        db_path: Path,
        *,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        clock: Callable[[], float] = time.time,
        heartbeat_s: float = 15.0,
        mdns: bool = True,
        mdns_interfaces: list[str] | None = None,
        pairing_open: bool = True,
        offline_after_s: float = DEFAULT_OFFLINE_AFTER_S,
    ) -> None:
        self.office = office
        self.db_path = db_path
        self.host = host
        self.port = port
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.mdns = mdns
        self.mdns_interfaces = mdns_interfaces
        self.pairing_open = pairing_open
        self.offline_after_s = offline_after_s
        self.store: Store | None = None
        self.service: HubService | None = None
        self.pairing: Pairing | None = None
        self.presence: Presence | None = None
        self.advertiser: HubAdvertiser | None = None
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def url(self) -> str:
        """Base URL of the API as clients on this machine reach it."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Open the store, then listen, then advertise. Returns once the API answers."""
        _raise_fd_limit()
        self.store = Store(self.db_path)
        self.service = HubService(self.store, self.office, clock=self.clock)
        self.pairing = Pairing(self.store, self.office, clock=self.clock,
                               is_open=self.pairing_open)
        self.presence = Presence(self.service, offline_after_s=self.offline_after_s)
        app = create_app(self.service, pairing=self.pairing, presence=self.presence,
                         heartbeat_s=self.heartbeat_s)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        if self.port == 0:
            server = site._server
            assert server is not None
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._tasks = [
            asyncio.create_task(self._close_days()),
            asyncio.create_task(self._housekeeping(app)),
        ]
        log.info("hub %s for %r listening on %s (database %s, seq %d)", self.store.hub_id,
                 self.office.config.site_name, self.url, self.db_path, self.store.last_seq)
        if self.mdns:
            self.advertiser = HubAdvertiser(
                hub_id=self.store.hub_id, site=self.office.config.site_name,
                version=__version__, port=self.port, interfaces=self.mdns_interfaces,
                pairing_open=lambda: self.pairing_open)
            self._tasks.append(asyncio.create_task(self._advertise()))

    async def _advertise(self) -> None:
        assert self.advertiser is not None
        try:
            await self.advertiser.start()
        except Exception:
            log.exception("mDNS advertisement failed; devices need --hub URL")

    async def stop(self) -> None:
        """Withdraw from mDNS, stop listening, close streams, close the database."""
        if self.advertiser is not None:
            await self.advertiser.stop()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._runner is not None:
            await self._runner.cleanup()
        if self.store is not None:
            self.store.close()
        log.info("hub stopped")

    async def _close_days(self) -> None:
        # Close the business day even when nobody presses anything at the day start.
        while True:
            await asyncio.sleep(DAY_CHECK_S)
            if self.service is not None:
                try:
                    self.service.roll_day()
                except Exception:
                    log.exception("closing the business day failed; will retry")

    async def _housekeeping(self, app: web.Application) -> None:
        # Devices gone silent go offline; tokens revoked from the command line lose their
        # streams within a second (revocations through the API act at once).
        assert self.store is not None and self.presence is not None
        checked = self.clock()
        while True:
            await asyncio.sleep(HOUSEKEEPING_S)
            try:
                self.presence.sweep()
                now = self.clock()
                for token_id in self.store.tokens.revoked_since(checked - 5.0):
                    if await app[STREAM_KEY].disconnect_token(token_id):
                        log.info("closed the streams of revoked token %s", token_id)
                    self.presence.forget(token_id)
                checked = now
            except Exception:
                log.exception("housekeeping failed; will retry")


async def run_until_signalled(hub: Hub) -> None:
    """Run `hub` until SIGINT or SIGTERM, then stop it cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await hub.start()
    notifier = SystemdNotifier()
    notifier.ready(f"serving {hub.office.config.site_name!r} on {hub.url}")
    print(f"Now Serving hub ready on {hub.url}/api/v1 (Ctrl-C to stop)", flush=True)
    try:
        await stop.wait()
    finally:
        await notifier.stopping()
        await hub.stop()
