"""`DeviceConnection`: everything a kiosk, display or counter does to stay with its hub.

find the hub (explicit URL, or mDNS by `hub_id`) -> pair if there are no credentials ->
follow events and send heartbeats -> on loss, reconnect; while the hub stays away, look
for it again by `hub_id` in case it came back on another address -> on revocation, forget
the token and stop in `revoked`. The app sees a `ConnectionStatus`, gets stream items
through `on_item`, and sends commands through `client`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import aiohttp

from hub.api.schemas import DeviceKind
from hub.client.api import HubClient
from hub.client.backoff import Backoff
from hub.client.credentials import Credentials, CredentialStore
from hub.client.discovery import AmbiguousHub, find_hub
from hub.client.errors import HubError, HubUnreachable, TokenRevoked
from hub.client.events import HEARTBEAT_S, EventFollower, StreamItem
from hub.client.pairing import CodeCallback, PairingFailed, pair_device
from hub.client.state import ConnectionState, ConnectionStatus

log = logging.getLogger(__name__)

StatusProvider = Callable[[], Mapping[str, Any] | Awaitable[Mapping[str, Any]]]
ItemCallback = Callable[[StreamItem], Awaitable[None] | None]


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class DeviceConnection:
    """One device's link to its hub, run as a task between `start()` and `stop()`."""

    def __init__(
        self,
        kind: DeviceKind,
        name: str,
        *,
        app_version: str,
        store: CredentialStore | None = None,
        hub_url: str | None = None,
        interfaces: Sequence[str] | None = None,
        on_item: ItemCallback | None = None,
        on_code: CodeCallback | None = None,
        status_provider: StatusProvider | None = None,
        discovery_timeout: float = 3.0,
        relocate_after_s: float = 30.0,
        heartbeat_s: float = HEARTBEAT_S,
        backoff: Callable[[], Backoff] = Backoff,
    ) -> None:
        """`hub_url` (the `--hub` option) skips discovery; `interfaces=None` disables mDNS."""
        self.kind = kind
        self.name = name
        self.app_version = app_version
        self.store = store or CredentialStore.for_kind(kind)
        self.hub_url = hub_url
        self.interfaces = interfaces
        self.on_item = on_item
        self.on_code = on_code
        self.status_provider = status_provider
        self.discovery_timeout = discovery_timeout
        self.relocate_after_s = relocate_after_s
        self.heartbeat_s = heartbeat_s
        self.new_backoff = backoff
        self.status = ConnectionStatus(ConnectionState.SEARCHING)
        self.credentials: Credentials | None = None
        self.follower: EventFollower | None = None
        self._client: HubClient | None = None
        self._http: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def client(self) -> HubClient | None:
        """The authorised client for commands, once paired (None before)."""
        return self._client

    # -- lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        """Begin connecting in the background."""
        if self._task is not None and not self._task.done():
            return
        if not self.hub_url and self.interfaces is None and self.store.load() is None:
            raise ValueError("no hub URL, no stored credentials and discovery disabled: "
                             "pass hub_url or interfaces")
        self._http = aiohttp.ClientSession()
        self.status.set(ConnectionState.SEARCHING)
        self._task = asyncio.get_running_loop().create_task(self.run(), name="hub-connection")

    async def stop(self) -> None:
        """Stop everything this connection started and close its HTTP session."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._http is not None:
            await self._http.close()
            self._http = None
        self._client = None
        self.status.set(ConnectionState.STOPPED)

    async def __aenter__(self) -> DeviceConnection:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- the state machine ---------------------------------------------------------------------
    async def run(self) -> None:
        """Connect, pair, follow; returns only when the token was revoked."""
        backoff = self.new_backoff()
        since: tuple[int, str] | None = None  # (seq, hub_id) to resume a relocated stream
        url: str | None = None
        while True:
            credentials = self.credentials = self.store.load()
            try:
                if url is None:
                    self.status.set(ConnectionState.SEARCHING)
                    url = await self._locate(credentials)
                if credentials is None:
                    self.status.set(ConnectionState.PAIRING)
                    credentials = self.credentials = await self._pair(url)
                url, since = await self._session(url, credentials, since)
                backoff.reset()
            except TokenRevoked as exc:
                log.warning("token refused by the hub (%s): forgetting it", exc)
                self.store.delete()
                self.credentials = self._client = None
                self.status.set(ConnectionState.REVOKED)
                return
            except (HubUnreachable, HubError, PairingFailed) as exc:
                log.warning("hub connection: %s", exc)
                if isinstance(exc, HubUnreachable):
                    url = None  # look for the hub again
                self.status.set(ConnectionState.SEARCHING)
                await asyncio.sleep(backoff.next_delay())
            except Exception:
                # An appliance keeps trying rather than sit dead until someone reboots it.
                log.exception("hub connection failed unexpectedly; starting over")
                url, since = None, None
                self.status.set(ConnectionState.SEARCHING)
                await asyncio.sleep(backoff.next_delay())

    async def _locate(self, credentials: Credentials | None) -> str:
        """The hub's API URL: `--hub`, else mDNS (our hub by id), else the stored URL."""
        if self.hub_url:
            return self.hub_url
        if self.interfaces is None:
            if credentials is None:
                raise ValueError("no hub URL and discovery is disabled: pass hub_url")
            return credentials.hub_url
        backoff = self.new_backoff()
        hub_id = credentials.hub_id if credentials else None
        while True:
            try:
                found = await find_hub(hub_id, self.interfaces, self.discovery_timeout)
            except AmbiguousHub as exc:
                log.warning("%s", exc)
                found = None
            if found is not None:
                log.info("found hub %s (%r) at %s", found.hub_id, found.site, found.base_url)
                return found.base_url
            if credentials is not None:
                return credentials.hub_url  # try where it was; the follower keeps at it
            await asyncio.sleep(backoff.next_delay())

    async def _pair(self, url: str) -> Credentials:
        assert self._http is not None
        anonymous = HubClient(url, None, session=self._http)
        return await pair_device(anonymous, self.store, kind=self.kind, name=self.name,
                                 on_code=self.on_code)

    async def _session(self, url: str, credentials: Credentials,
                       since: tuple[int, str] | None) -> tuple[str, tuple[int, str] | None]:
        """Follow the hub at `url` until it is found elsewhere; returns where and what seq."""
        assert self._http is not None
        client = self._client = HubClient(url, credentials.token, session=self._http)
        follower = self.follower = EventFollower(
            client, status=self.status, backoff=self.new_backoff(),
            heartbeat_s=self.heartbeat_s,
            since=since[0] if since else None, hub_id=since[1] if since else None)
        tasks = {asyncio.create_task(self._follow(follower), name="hub-follow"),
                 asyncio.create_task(self._heartbeats(client), name="hub-heartbeat")}
        relocate = None
        if self.interfaces is not None and not self.hub_url:
            relocate = asyncio.create_task(self._relocate(credentials, url), name="hub-relocate")
            tasks.add(relocate)
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for task in done:
            if task is not relocate:
                task.result()  # TokenRevoked, or an unexpected refusal
        assert relocate is not None and relocate in done
        new_url = relocate.result()
        self.store.save(credentials.model_copy(update={"hub_url": new_url}))
        resume = None
        if follower.last_seq is not None and follower.hub_id is not None:
            resume = (follower.last_seq, follower.hub_id)
        return new_url, resume

    async def _follow(self, follower: EventFollower) -> None:
        async with contextlib.aclosing(follower.items()) as items:
            async for item in items:
                if self.on_item is not None:
                    try:
                        await _maybe_await(self.on_item(item))
                    except Exception:
                        log.exception("stream item handler failed")

    async def _heartbeats(self, client: HubClient) -> None:
        """Tell the hub we are alive, at the interval it asks for."""
        interval = 10.0
        while True:
            await self.status.wait_for(ConnectionState.CONNECTED)
            try:
                status = {} if self.status_provider is None else dict(
                    await _maybe_await(self.status_provider()))
                ack = await client.heartbeat(self.app_version, status)
                interval = max(ack.heartbeat_interval_s, 1.0)
            except HubUnreachable as exc:
                log.info("heartbeat not delivered: %s", exc)
            except HubError as exc:
                log.warning("heartbeat refused: %s", exc)
            await asyncio.sleep(interval)

    async def _relocate(self, credentials: Credentials, url: str) -> str:
        """While the hub stays unreachable, look for it by id; return its new address."""
        while True:
            await self.status.wait_for(ConnectionState.RECONNECTING)
            await asyncio.sleep(self.relocate_after_s)
            if self.status.state is not ConnectionState.RECONNECTING:
                continue
            try:
                found = await find_hub(credentials.hub_id, self.interfaces or (),
                                       self.discovery_timeout)
            except AmbiguousHub:  # pragma: no cover - impossible with a hub_id
                found = None
            if found is not None and found.base_url != url:
                log.info("hub %s moved: %s -> %s", found.hub_id, url, found.base_url)
                return found.base_url
