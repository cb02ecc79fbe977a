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
from platformdirs import user_data_path

from hub.api import create_app
from hub.config import Office
from hub.service import HubService
from hub.store import Store

log = logging.getLogger(__name__)

DEFAULT_PORT = 8470
DAY_CHECK_S = 30.0


def default_db_path() -> Path:
    """Where the hub keeps its database when not told otherwise."""
    return user_data_path("nowserving") / "hub.db"


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
    ) -> None:
        self.office = office
        self.db_path = db_path
        self.host = host
        self.port = port
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.store: Store | None = None
        self.service: HubService | None = None
        self._runner: web.AppRunner | None = None
        self._day_task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        """Base URL of the API as clients on this machine reach it."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Open the store, then listen. Returns once the API accepts connections."""
        _raise_fd_limit()
        self.store = Store(self.db_path)
        self.service = HubService(self.store, self.office, clock=self.clock)
        app = create_app(self.service, heartbeat_s=self.heartbeat_s)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        if self.port == 0:
            server = site._server
            assert server is not None
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._day_task = asyncio.create_task(self._close_days())
        log.info("hub %s for %r listening on %s (database %s, seq %d)", self.store.hub_id,
                 self.office.config.site_name, self.url, self.db_path, self.store.last_seq)

    async def stop(self) -> None:
        """Stop listening, close streams, close the database."""
        if self._day_task is not None:
            self._day_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._day_task
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


async def run_until_signalled(hub: Hub) -> None:
    """Run `hub` until SIGINT or SIGTERM, then stop it cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await hub.start()
    print(f"Now Serving hub ready on {hub.url}/api/v1 (Ctrl-C to stop)", flush=True)
    try:
        await stop.wait()
    finally:
        await hub.stop()
