"""How the display reaches its hub: a ``DeviceConnection`` from the shared client, configured.

Two small adapters around the client live here. ``--token`` skips pairing: the token is
held in memory (``MemoryCredentialStore``), never written to disk, and the hub's id is
asked from ``/health`` first. With no ``--mdns-interface`` the display looks for its hub on
every LAN address of the machine (the client needs the addresses spelled out).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.client import (
    AmbiguousHub,
    Backoff,
    Credentials,
    CredentialStore,
    DeviceConnection,
    HubClient,
    HubUnreachable,
    MemoryCredentialStore,
    StreamItem,
    default_config_dir,
    find_hub,
    lan_addresses,
)

log = logging.getLogger(__name__)

KIND = "display"

ItemCallback = Callable[[StreamItem], Awaitable[None] | None]
CodeCallback = Callable[[Any], Awaitable[None] | None]  # gets the hub's PairingCreated
StatusProvider = Callable[[], Mapping[str, Any] | Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """Where the hub is and who we are (from the command line)."""

    hub_url: str | None = None
    interfaces: tuple[str, ...] = ()
    token: str | None = None
    state_dir: Path | None = None
    name: str = "Wall display"
    app_version: str = ""
    heartbeat_s: float = 15.0

    @property
    def discovery(self) -> list[str]:
        """The addresses to look for the hub on (every LAN address by default)."""
        return list(self.interfaces) or lan_addresses()

    def store_dir(self) -> Path:
        """The folder with the device id and its credentials."""
        return self.state_dir or default_config_dir(KIND)


async def token_credentials(options: LinkOptions) -> Credentials:
    """Credentials for ``--token``: find the hub (URL or mDNS) and ask its id, until it answers."""
    assert options.token is not None
    backoff = Backoff(initial=0.5, maximum=10.0)
    while True:
        url = options.hub_url
        if url is None:
            try:
                found = await find_hub(None, options.discovery)
            except AmbiguousHub as exc:  # several hubs and a token of one of them: ask
                log.error("%s", exc)
                found = None
            url = found.base_url if found else None
        if url is not None:
            try:
                async with HubClient(url, None) as client:
                    health = await client.health()
                return Credentials(hub_id=health.hub_id, hub_url=url, token=options.token,
                                   role=KIND)
            except HubUnreachable as exc:
                log.info("waiting for the hub: %s", exc)
        await asyncio.sleep(backoff.next_delay())


async def open_connection(
    options: LinkOptions,
    *,
    on_item: ItemCallback | None = None,
    on_code: CodeCallback | None = None,
    status_provider: StatusProvider | None = None,
) -> DeviceConnection:
    """The display's connection to its hub (not started; ``HubBridge`` sets the callbacks)."""
    directory = options.store_dir()
    store: CredentialStore
    hub_url = options.hub_url
    if options.token:
        credentials = await token_credentials(options)
        store, hub_url = MemoryCredentialStore(directory, credentials), credentials.hub_url
    else:
        store = CredentialStore(directory)
    interfaces: Sequence[str] | None = None if hub_url else options.discovery
    return DeviceConnection(
        KIND, options.name, app_version=options.app_version, store=store, hub_url=hub_url,
        interfaces=interfaces, on_item=on_item, on_code=on_code,
        status_provider=status_provider, heartbeat_s=options.heartbeat_s)


def default_name() -> str:
    """A name that tells displays apart in the hub's device list."""
    return f"Wall display ({socket.gethostname()})"
