"""Find the hub on the LAN by mDNS/DNS-SD (`_nowserving._tcp.local.`), no typing needed.

TXT records are parsed into a frozen `HubAnnouncement` right here, at the edge, so nothing
else sees raw zeroconf objects. A paired device looks for its own hub by `hub_id`: two
offices on one LAN (or a test hub next to the real one) never get crossed.
`interfaces` is always the caller's choice; tests pass `["127.0.0.1"]`.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from zeroconf import DNSQuestionType, IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

log = logging.getLogger(__name__)

SERVICE_TYPE = "_nowserving._tcp.local."
RESOLVE_TIMEOUT_MS = 3000


class AmbiguousHub(Exception):  # noqa: N818 - named for what the app shows
    """Several hubs answered and nothing says which is ours: the app must ask."""

    def __init__(self, candidates: list[HubAnnouncement]) -> None:
        sites = ", ".join(f"{c.site!r} ({c.hub_id})" for c in candidates)
        super().__init__(f"several hubs answered: {sites}; choose one with --hub URL")
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class HubAnnouncement:
    """One hub as it advertises itself."""

    hub_id: str
    site: str
    version: str
    api_path: str
    pairing_open: bool
    host: str
    port: int
    addresses: tuple[str, ...]

    @property
    def base_url(self) -> str:
        """The API base URL, preferring an IPv4 address (no reliance on .local resolution)."""
        address = next((a for a in self.addresses if ":" not in a), None)
        if address is None and self.addresses:
            address = f"[{self.addresses[0]}]"
        return f"http://{address or self.host.rstrip('.')}:{self.port}{self.api_path}"


def parse_announcement(info: AsyncServiceInfo) -> HubAnnouncement | None:
    """The announcement in a resolved service record, or None when it is not a hub's."""
    props = {k: v or "" for k, v in info.decoded_properties.items()}
    hub_id = props.get("hub_id", "").strip()
    if not hub_id or info.port is None:
        return None
    api_path = "/" + props.get("api", "/api/v1").strip().strip("/")
    addresses = tuple(sorted(
        info.parsed_addresses(IPVersion.All),
        key=lambda a: (ipaddress.ip_address(a.split("%")[0]).version, a)))
    return HubAnnouncement(
        hub_id=hub_id, site=props.get("site", ""), version=props.get("version", ""),
        api_path=api_path, pairing_open=props.get("pairing", "").lower() == "open",
        host=info.server or "", port=int(info.port), addresses=addresses)


async def discover(
    interfaces: Sequence[str],
    timeout: float = 3.0,  # noqa: ASYNC109 - how long to listen, not a deadline
    hub_id: str | None = None,
) -> list[HubAnnouncement]:
    """Hubs answering within `timeout` seconds, sorted by site.

    With `hub_id`, only that hub, and the search ends as soon as it is resolved.
    """
    aiozc = AsyncZeroconf(interfaces=list(interfaces))
    found: dict[str, HubAnnouncement] = {}
    wanted = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()

    async def resolve(name: str) -> None:
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if not await info.async_request(aiozc.zeroconf, RESOLVE_TIMEOUT_MS):
            log.debug("could not resolve %s", name)
            return
        announcement = parse_announcement(info)
        if announcement is None:
            log.debug("ignoring %s: not a hub announcement", name)
            return
        found[name] = announcement
        if hub_id is not None and announcement.hub_id == hub_id:
            wanted.set()

    def on_change(zeroconf: Zeroconf, service_type: str, name: str,
                  state_change: ServiceStateChange) -> None:
        if state_change is ServiceStateChange.Removed:
            found.pop(name, None)
        else:
            task = asyncio.get_running_loop().create_task(resolve(name))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    # QM (multicast answers) from the first query: zeroconf's default first query is QU, and
    # a unicast answer sent to port 5353 reaches just one of the processes sharing that port
    # on this machine (often not us), so results waited ~1 s for the second query.
    browser = AsyncServiceBrowser(aiozc.zeroconf, [SERVICE_TYPE], handlers=[on_change],
                                  question_type=DNSQuestionType.QM)
    try:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await wanted.wait()
    finally:
        await browser.async_cancel()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await aiozc.async_close()
    hubs = [a for a in found.values() if hub_id is None or a.hub_id == hub_id]
    return sorted(hubs, key=lambda a: (a.site, a.hub_id))


async def find_hub(
    hub_id: str | None,
    interfaces: Sequence[str],
    timeout: float = 3.0,  # noqa: ASYNC109 - how long to listen, not a deadline
) -> HubAnnouncement | None:
    """Our hub: the one with `hub_id` if we are paired, else the only one offering pairing.

    None when no suitable hub answered; `AmbiguousHub` when an unpaired device sees
    several hubs open for pairing.
    """
    hubs = await discover(interfaces, timeout, hub_id)
    if hub_id is not None:
        return hubs[0] if hubs else None
    candidates = [h for h in hubs if h.pairing_open] or hubs
    if len(candidates) > 1:
        raise AmbiguousHub(candidates)
    return candidates[0] if candidates else None
