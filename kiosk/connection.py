"""Build the kiosk's `DeviceConnection` from its command line: URL, token, interfaces.

Thin adapters for what the shared client does not offer yet (see the kiosk's README):
a credential store that keeps a `--token` in memory, and "every LAN interface" as a list
of addresses for mDNS.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hub.api.schemas import PairingCreated
from hub.client import (
    AmbiguousHub,
    Backoff,
    Credentials,
    CredentialStore,
    DeviceConnection,
    MemoryCredentialStore,
    StreamItem,
    find_hub,
)

_LOGGER = logging.getLogger(__name__)
KIND = "kiosk"

ItemCallback = Callable[[StreamItem], Awaitable[None] | None]
CodeCallback = Callable[[PairingCreated], Awaitable[None] | None]
StatusProvider = Callable[[], Mapping[str, Any]]


def api_url(url: str) -> str:
    """Accept `http://host:8470` as well as `http://host:8470/api/v1` for `--hub`."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url if url.endswith("/api/v1") else url + "/api/v1"


async def find_hub_url(interfaces: Sequence[str], listen_s: float = 3.0) -> str:
    """Look for a hub over mDNS until one answers (used with `--token` and no `--hub`)."""
    backoff = Backoff(initial=1.0, maximum=15.0)
    while True:
        try:
            found = await find_hub(None, interfaces, listen_s)
        except AmbiguousHub as exc:
            _LOGGER.error("%s", exc)
            found = None
        if found is not None:
            return found.base_url
        await asyncio.sleep(backoff.next_delay())


def build_connection(
    *,
    name: str,
    app_version: str,
    state_dir: Path,
    hub_url: str | None,
    interfaces: Sequence[str] | None,
    token: str | None,
    on_item: ItemCallback,
    on_code: CodeCallback,
    status_provider: StatusProvider,
    backoff: Callable[[], Backoff] = Backoff,
) -> DeviceConnection:
    """The kiosk's link to its hub: paired credentials from `state_dir`, or `token`."""
    store = CredentialStore(state_dir)
    if token is not None:
        if hub_url is None:
            raise ValueError("a token needs the hub's URL (find it with find_hub_url)")
        credentials = Credentials(hub_id="", hub_url=hub_url, token=token, role=KIND)
        store = MemoryCredentialStore(state_dir, credentials)
    return DeviceConnection(
        KIND, name, app_version=app_version, store=store, hub_url=hub_url,
        interfaces=interfaces, on_item=on_item, on_code=on_code,
        status_provider=status_provider, backoff=backoff)
