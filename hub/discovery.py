"""mDNS advertisement: devices on the LAN find the hub with no address typed.

The hub publishes `_nowserving._tcp.local.` once HTTP listens, with TXT records saying
which hub it is (its permanent id), the site, version, API path and whether pairing is
open; it re-announces when its addresses or the pairing flag change and withdraws on stop.
`interfaces` limits where it speaks: tests and the demo pass 127.0.0.1 so that nothing is
multicast on the machine's real network.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
from collections.abc import Callable, Sequence

from zeroconf import IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf

from hub.netinfo import lan_addresses

log = logging.getLogger(__name__)

SERVICE_TYPE = "_nowserving._tcp.local."
API_PATH = "/api/v1"
CHECK_EVERY_S = 10.0


def instance_name(site: str, hub_id: str) -> str:
    """A readable, unique service instance name (at most 63 bytes, no dots)."""
    label = re.sub(r"[.\x00-\x1f]", " ", site).strip() or "Now Serving"
    suffix = f" ({hub_id[:6]})"
    while len((label + suffix).encode()) > 63:
        label = label[:-1]
    return label + suffix


class HubAdvertiser:
    """Publishes this hub over mDNS until stopped."""

    def __init__(
        self,
        *,
        hub_id: str,
        site: str,
        version: str,
        port: int,
        interfaces: Sequence[str] | None = None,
        pairing_open: Callable[[], bool] = lambda: True,
    ) -> None:
        self.hub_id = hub_id
        self.site = site
        self.version = version
        self.port = port
        self.interfaces = list(interfaces) if interfaces else None
        self.pairing_open = pairing_open
        self._zc: AsyncZeroconf | None = None
        self._info: ServiceInfo | None = None
        self._watch: asyncio.Task[None] | None = None

    def addresses(self) -> list[str]:
        """The addresses to announce."""
        return list(self.interfaces) if self.interfaces else lan_addresses()

    def _service_info(self, name: str | None = None) -> ServiceInfo:
        properties = {
            "hub_id": self.hub_id, "site": self.site, "version": self.version,
            "api": API_PATH, "pairing": "open" if self.pairing_open() else "closed",
        }
        return ServiceInfo(
            SERVICE_TYPE,
            name or f"{instance_name(self.site, self.hub_id)}.{SERVICE_TYPE}",
            addresses=[socket.inet_aton(a) for a in self.addresses()],
            port=self.port,
            properties=properties,
            server=f"nowserving-{self.hub_id}.local.",
        )

    async def start(self) -> None:
        """Register the service (probing takes a second or two) and watch for changes."""
        interfaces: list[str] | None = self.interfaces
        self._zc = AsyncZeroconf(interfaces=interfaces) if interfaces else AsyncZeroconf(
            ip_version=IPVersion.V4Only)
        self._info = self._service_info()
        # The first await queues the registration; the task it returns ends after probing
        # and announcing (the same for update and unregister below).
        await (await self._zc.async_register_service(self._info, allow_name_change=True))
        log.info("advertising %s on %s", self._info.name, ", ".join(self.addresses()))
        self._watch = asyncio.create_task(self._watch_changes())

    async def refresh(self) -> bool:
        """Re-announce if the addresses or pairing flag changed; True if it did."""
        if self._zc is None or self._info is None:
            return False
        fresh = self._service_info(self._info.name)  # keep the name won at registration
        if (fresh.addresses == self._info.addresses
                and fresh.properties == self._info.properties):
            return False
        await (await self._zc.async_update_service(fresh))
        self._info = fresh
        log.info("re-announced %s", fresh.name)
        return True

    async def _watch_changes(self) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY_S)
            try:
                await self.refresh()
            except Exception:
                log.exception("mDNS re-announcement failed; will retry")

    async def stop(self) -> None:
        """Withdraw the service (a goodbye packet) and close."""
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        if self._zc is not None:
            if self._info is not None:
                with contextlib.suppress(Exception):
                    await (await self._zc.async_unregister_service(self._info))
            await self._zc.async_close()
            self._zc = None
