"""The device side of pairing: ask for a code, show it, wait for an admin, keep the token.

Each request for a code carries one Idempotency-Key, reused on every retry of that
request (the hub is unreachable, the answer was lost), so the hub hands back the same code
instead of leaving an orphan on the admin's list. The hub gives the token on the first
poll after approval; if that answer is lost, polling again within two minutes gets a new
token (the lost one is revoked), so the request is forgotten only once the credentials are
saved. A code that expires (nobody approved it in 10 minutes) or whose token could not be
recovered (status `claimed`) is replaced by a fresh one: a kiosk left on its pairing
screen overnight still pairs in the morning, and one restarted while showing a code shows
the same code again (the request is kept, 0600, next to the credentials).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

from hub.api.schemas import DeviceKind, PairingCreated, PairingStatusView
from hub.client.api import HubClient
from hub.client.backoff import Backoff
from hub.client.credentials import Credentials, CredentialStore, PendingPairing
from hub.client.errors import HubError, HubUnreachable
from hub.client.transport import new_idempotency_key

log = logging.getLogger(__name__)

CodeCallback = Callable[[PairingCreated], Awaitable[None] | None]
MIN_POLL_S = 0.2
REQUEST_PATIENCE_S = 30.0


class PairingFailed(Exception):  # noqa: N818 - named for what the app shows
    """Pairing ended without a token: `status` is `rejected`, `expired` or `claimed`."""

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status


async def _notify(on_code: CodeCallback | None, ticket: PairingCreated) -> None:
    if on_code is None:
        return
    result = on_code(ticket)
    if inspect.isawaitable(result):
        await result


async def wait_for_decision(client: HubClient, ticket: PairingCreated,
                            backoff: Backoff | None = None) -> PairingStatusView:
    """Poll the request at the hub's pace until it is no longer pending.

    A hub that stops answering is waited for (with backoff): the request id stays valid.
    """
    backoff = backoff or Backoff(initial=0.5, maximum=5.0)
    delay = max(ticket.poll_after_s, MIN_POLL_S)
    while True:
        await asyncio.sleep(delay)
        try:
            status = await client.pairing_status(ticket.request_id)
        except HubUnreachable as exc:
            log.info("pairing poll: %s", exc)
            delay = max(ticket.poll_after_s, backoff.next_delay())
            continue
        backoff.reset()
        delay = max(ticket.poll_after_s, MIN_POLL_S)
        if status.status != "pending":
            return status


async def request_code(client: HubClient, kind: DeviceKind, name: str, device_id: str,
                       backoff: Backoff | None = None,
                       patience_s: float = REQUEST_PATIENCE_S) -> PairingCreated:
    """Ask for a code with one Idempotency-Key, reused on every retry.

    A retry whose first attempt did reach the hub gets that attempt's code back, so a lost
    answer leaves no orphan code. A hub silent for `patience_s` raises `HubUnreachable`
    (the device then looks for its hub again).
    """
    backoff = backoff or Backoff(initial=0.5, maximum=5.0)
    key = new_idempotency_key()
    deadline = time.monotonic() + patience_s
    while True:
        try:
            return await client.request_pairing(kind, name, device_id, key=key)
        except HubUnreachable as exc:
            if time.monotonic() >= deadline:
                raise
            log.info("pairing request: %s; retrying with the same key", exc)
            await asyncio.sleep(backoff.next_delay())
        except HubError as exc:
            if exc.status != 410:  # 410: the request made with this key is over
                raise
            key = new_idempotency_key()


async def pair_device(
    client: HubClient,
    store: CredentialStore,
    *,
    kind: DeviceKind,
    name: str,
    on_code: CodeCallback | None = None,
    renew_codes: bool = True,
) -> Credentials:
    """Pair this device with the hub `client` points at; returns the saved credentials.

    `on_code` is called with each new code to show. Raises `PairingFailed` when an admin
    rejects the code (or, with `renew_codes=False`, when the code expires), `HubError`
    when the hub refuses the request (pairing closed, too many requests).
    """
    device_id = store.device_id()
    ticket = _resumable(store, client.base_url)
    while True:
        if ticket is None:
            ticket = await request_code(client, kind, name, device_id)
            store.save_pending(PendingPairing(hub_url=client.base_url,
                                              **ticket.model_dump()))
            log.info("pairing code %s (expires at %.0f)", ticket.code, ticket.expires_at)
        else:
            log.info("still waiting for approval of code %s", ticket.code)
        await _notify(on_code, ticket)
        try:
            status = await wait_for_decision(client, ticket)
        except HubError as exc:
            if exc.status != 404:
                raise
            status = None  # the hub no longer knows the request (its database was replaced)
        shown, ticket = ticket, None
        if status is not None and status.status == "approved" and status.token:
            credentials = Credentials(
                hub_id=status.hub_id, hub_url=client.base_url, token=status.token,
                role=status.role or kind, counter_id=status.counter_id, zone=status.zone)
            store.save(credentials)  # before forgetting the request: it can re-claim
            store.clear_pending()
            return credentials
        store.clear_pending()
        if status is None:
            continue
        if status.status == "rejected":
            raise PairingFailed("rejected", f"code {shown.code} was rejected by staff")
        if status.status in ("expired", "claimed") and renew_codes:
            log.info("pairing code %s %s; asking for a new one", shown.code, status.status)
            continue
        raise PairingFailed(status.status, f"code {shown.code}: {status.status}")


def _resumable(store: CredentialStore, base_url: str) -> PairingCreated | None:
    """The request a restarted device was showing, if it is for this hub and still live."""
    pending = store.load_pending()
    if pending is None or pending.hub_url != base_url or pending.expires_at < time.time():
        store.clear_pending()
        return None
    return PairingCreated.model_validate(pending.model_dump(exclude={"hub_url"}))
