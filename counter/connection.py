"""Build the terminal's `DeviceConnection`: pair once, or use a token from the command line.

A token given with `--token` is kept in memory only (`MemoryCredentialStore`): an admin token typed
for a test or a headless bridge must not end up in a file nobody knows about. Paired
credentials are stored in the state folder by the client's own `CredentialStore`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from hub.client import (
    AmbiguousHub,
    Backoff,
    Credentials,
    CredentialStore,
    DeviceConnection,
    HubClient,
    HubError,
    HubUnreachable,
    MemoryCredentialStore,
    find_hub,
    lan_addresses,
)

log = logging.getLogger(__name__)

APP_VERSION = "0.1.0"


def api_url(url: str) -> str:
    """Accept `http://host:8470` as well as `http://host:8470/api/v1` for `--hub`.

    The demo and the kiosk pass the server's root; the client needs the API base.
    """
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url if url.endswith("/api/v1") else url + "/api/v1"


async def locate_hub(hub_url: str | None, interfaces: Sequence[str] | None,
                     wait_s: float = 5.0) -> tuple[str, str]:
    """(API URL, hub id) of the hub: `--hub` if given, else the one mDNS finds."""
    if hub_url:
        async with HubClient(hub_url, None, timeout=wait_s) as client:
            try:
                return hub_url, (await client.health()).hub_id
            except HubUnreachable:
                log.warning("hub at %s not answering yet; its id will be learnt later", hub_url)
                return hub_url, ""
    backoff = Backoff(initial=1.0, maximum=30.0)
    while True:  # a terminal switched on before the hub waits for it
        try:
            found = await find_hub(None, interfaces or lan_addresses(), wait_s)
        except AmbiguousHub as exc:
            # Two offices' hubs answer and neither is ours yet: wait, never guess.
            log.warning("%s; looking again (or start with --hub URL)", exc)
            found = None
        if found is not None:
            return found.base_url, found.hub_id
        log.warning("no hub answered on %s; looking again", interfaces or "the LAN")
        await asyncio.sleep(backoff.next_delay())


def make_connection(
    *,
    name: str,
    state_dir: Path,
    hub_url: str | None,
    interfaces: Sequence[str] | None,
    token_credentials: Credentials | None = None,
) -> DeviceConnection:
    """A counter-kind connection; `token_credentials` skips pairing."""
    store: CredentialStore
    if token_credentials is not None:
        store = MemoryCredentialStore(state_dir, token_credentials)
        # The hub is already located: following it needs no mDNS.
        hub_url = hub_url or token_credentials.hub_url
        interfaces = None
    else:
        store = CredentialStore(state_dir)
        if not hub_url and interfaces is None:
            interfaces = lan_addresses()
    return DeviceConnection("counter", name, app_version=APP_VERSION, store=store,
                            hub_url=hub_url, interfaces=interfaces)


async def token_credentials(token: str, counter_id: str | None, hub_url: str | None,
                            interfaces: Sequence[str] | None) -> Credentials:
    """Credentials for a token given on the command line (the hub is located first)."""
    url, hub_id = await locate_hub(hub_url, interfaces)
    return Credentials(hub_id=hub_id, hub_url=url, token=token,
                       role="counter" if counter_id else "admin", counter_id=counter_id)


async def send_status_now(connection: DeviceConnection, status: dict[str, object]) -> bool:
    """Send a heartbeat at once (a keypad came or went), not at the next interval."""
    client = connection.client
    if client is None:
        return False
    try:
        await client.heartbeat(APP_VERSION, status)
    except (HubUnreachable, HubError) as exc:
        log.info("status not delivered: %s", exc)
        return False
    return True
