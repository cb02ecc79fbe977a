"""One HTTP exchange with the hub: auth, timeouts, problem mapping and safe retries.

A POST carries an Idempotency-Key chosen once per logical command and sent unchanged on
every retry, so when an answer is lost on the way back the retry gets the stored answer
instead of issuing a second ticket or calling a second visitor. Retries happen only when
the outcome is unknown or the hub said "try later": connection failures, timeouts, 503.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

import aiohttp
from pydantic import BaseModel

from hub.client.backoff import RetryPolicy
from hub.client.errors import HubError, HubUnreachable

log = logging.getLogger(__name__)

# The outcome of a request that failed this way is unknown: retrying is the only safe move.
WS_CLOSE_S = 1.0
RETRYABLE = (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, TimeoutError)


def new_idempotency_key() -> str:
    """A fresh key for one logical command."""
    return uuid.uuid4().hex


class Transport:
    """Sends requests to one hub's API base URL with one token."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 5.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._session = session
        self._own_session = session is None

    @property
    def session(self) -> aiohttp.ClientSession:
        """The HTTP session, created on first use (it must be made inside the event loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._own_session = True
        return self._session

    async def close(self) -> None:
        """Close the session if this transport created it."""
        if self._own_session and self._session is not None:
            await self._session.close()
        self._session = None

    def headers(self) -> dict[str, str]:
        """Headers every request carries."""
        headers = {"Accept": "application/json, application/problem+json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def url(self, path: str) -> str:
        """The absolute URL of an API path such as `/state`."""
        return self.base_url + path

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | dict[str, Any] | None = None,
        key: str | None = None,
    ) -> tuple[int, bytes]:
        """Send one logical request; returns (status, body) of a 2xx answer.

        Raises `HubError` when the hub refuses and `HubUnreachable` when every attempt
        went unanswered. POSTs always carry an Idempotency-Key (`key`, or a new one).
        """
        headers = self.headers()
        if method == "POST":
            headers["Idempotency-Key"] = key or new_idempotency_key()
        data: bytes | None = None
        if isinstance(body, BaseModel):
            data = body.model_dump_json(exclude_none=True).encode()
        elif body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        url = self.url(path)
        backoff = self.retry.backoff()
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        attempts = max(1, self.retry.attempts)
        for attempt in range(1, attempts + 1):
            delay: float | None = None
            try:
                async with self.session.request(method, url, data=data, headers=headers,
                                                 timeout=timeout) as resp:
                    payload = await resp.read()
                    if resp.status == 503 and attempt < attempts:
                        delay = self._retry_after(resp.headers.get("Retry-After"))
                        log.info("%s %s: 503, retry %d in %.1fs", method, path, attempt,
                                 delay or 0)
                    elif resp.status >= 400:
                        raise HubError.from_response(resp.status, resp.reason, payload)
                    else:
                        return resp.status, payload
            except RETRYABLE as exc:
                if attempt == attempts:
                    raise HubUnreachable(url, exc) from exc
                log.info("%s %s: %s, retry %d", method, path, type(exc).__name__, attempt)
            except aiohttp.ClientError as exc:  # bad URL and the like: retrying cannot help
                raise HubUnreachable(url, exc) from exc
            await asyncio.sleep(backoff.next_delay() if delay is None else delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    def _retry_after(self, value: str | None) -> float | None:
        try:
            seconds = float(value) if value is not None else None
        except ValueError:
            return None
        return None if seconds is None else min(max(seconds, 0.0), self.retry.retry_after_max)

    async def ws_connect(
        self, path: str, *, heartbeat: float | None = None
    ) -> aiohttp.ClientWebSocketResponse:
        """Open a WebSocket to an API path; refusals raise `HubError`, silence `HubUnreachable`.

        `heartbeat` makes aiohttp ping the hub and drop the connection when no pong comes
        back within half of it: a hub that vanished without closing is noticed quickly.
        """
        url = self.url(path)
        try:
            async with asyncio.timeout(self.timeout):
                return await self.session.ws_connect(
                    url, headers=self.headers(), heartbeat=heartbeat, autoping=True,
                    max_msg_size=4 * 1024 * 1024,
                    # A dead hub never answers our close frame: do not wait long for it.
                    timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=WS_CLOSE_S))
        except aiohttp.WSServerHandshakeError as exc:
            problem = HubError.from_response(exc.status, exc.message, b"")
            raise problem from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise HubUnreachable(url, exc) from exc
