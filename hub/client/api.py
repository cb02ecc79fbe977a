"""`HubClient`: every call of the hub API (docs/api.md) as a typed async method.

Apps never build URLs or parse JSON: they call a method and get the hub's own pydantic
models back, `HubError` when the hub refuses, `HubUnreachable` when it does not answer.
Every command takes an optional `key`: pass the id of the button press that caused it
(a keypad press, a touch) and even a retry after an app restart is applied only once.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self, TypeVar

import aiohttp
from pydantic import BaseModel, TypeAdapter, ValidationError

from hub.api.schemas import (
    ApproveRequest,
    CounterView,
    DeviceKind,
    DeviceView,
    Health,
    HeartbeatAck,
    HeartbeatIn,
    IssueTicketRequest,
    PairingCreated,
    PairingRequestIn,
    PairingStatusView,
    PauseRequest,
    Problem,
    RejectRequest,
    StateView,
    TicketView,
    TokenView,
    TransferRequest,
    WhoAmI,
)
from hub.client.backoff import RetryPolicy
from hub.client.errors import HubError
from hub.client.transport import Transport

M = TypeVar("M", bound=BaseModel)


def _parse(model: type[M], status: int, payload: bytes) -> M:
    try:
        return model.model_validate_json(payload)
    except ValidationError as exc:
        raise _unexpected(status, f"not a {model.__name__}: {exc.errors()[0]['msg']}") from exc


def _body(model: type[BaseModel], **fields: Any) -> dict[str, Any]:
    """A request body for `model`'s fields; the hub, not the client, validates values.

    One judge means one kind of error: a bad service id comes back as a `HubError` naming
    the field, exactly as the hub would answer any other client.
    """
    assert set(fields) <= set(model.model_fields), fields
    return {k: v for k, v in fields.items() if v is not None}


def _unexpected(status: int, detail: str) -> HubError:
    return HubError(Problem(title="Unexpected answer from the hub", status=status,
                            detail=detail))


class HubClient:
    """Typed access to one hub (base URL ends in `/api/v1`) with one token."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 5.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.transport = Transport(base_url, token, session=session, timeout=timeout,
                                   retry=retry)

    def with_retry(self, retry: RetryPolicy) -> HubClient:
        """The same hub, token and HTTP session with another retry policy.

        The event follower probes with single attempts: it has its own backoff, and
        stacking the two would delay a reconnect by seconds.
        """
        return HubClient(self.base_url, self.token, session=self.transport.session,
                         timeout=self.transport.timeout, retry=retry)

    @property
    def base_url(self) -> str:
        """The API base URL, e.g. `http://10.0.0.5:8470/api/v1`."""
        return self.transport.base_url

    @property
    def token(self) -> str | None:
        """The bearer token (None before pairing)."""
        return self.transport.token

    async def aclose(self) -> None:
        """Release the HTTP session (if the client made it); `close()` closes a counter."""
        await self.transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()

    async def _get(self, model: type[M], path: str) -> M:
        status, payload = await self.transport.request("GET", path)
        return _parse(model, status, payload)

    async def _post(self, model: type[M], path: str, body: BaseModel | dict[str, Any] | None
                    = None, key: str | None = None) -> M:
        status, payload = await self.transport.request("POST", path, body=body, key=key)
        return _parse(model, status, payload)

    async def _list(self, model: type[M], path: str) -> list[M]:
        status, payload = await self.transport.request("GET", path)
        try:
            return TypeAdapter(list[model]).validate_json(payload)  # type: ignore[valid-type]
        except ValidationError as exc:
            raise _unexpected(status, f"not a list of {model.__name__}: {exc}") from exc

    # -- hub ---------------------------------------------------------------------------------
    async def health(self) -> Health:
        """Liveness and identity (`hub_id`, `site`, `version`); needs no token."""
        return await self._get(Health, "/health")

    async def whoami(self) -> WhoAmI:
        """Who this client's token belongs to: role, counter (id and number), zone, device."""
        return await self._get(WhoAmI, "/me")

    async def state(self) -> StateView:
        """A consistent snapshot of the office and the `seq` it covers."""
        return await self._get(StateView, "/state")

    async def connect_events(self, since: int, *,
                             ping_s: float | None = None) -> aiohttp.ClientWebSocketResponse:
        """Open `/events?since=SEQ` (raw WebSocket); `EventFollower` makes it reliable."""
        return await self.transport.ws_connect(f"/events?since={since}", heartbeat=ping_s)

    # -- tickets -------------------------------------------------------------------------------
    async def issue_ticket(self, service_id: str, *, language: str | None = None,
                           priority: str = "normal", key: str | None = None) -> TicketView:
        """Issue a ticket (kiosk); answered once it is durable."""
        body = _body(IssueTicketRequest, service_id=service_id, language=language,
                     priority=priority)
        return await self._post(TicketView, "/tickets", body, key)

    async def get_ticket(self, ticket_id: str) -> TicketView:
        """One ticket, current or archived, with its place in line."""
        return await self._get(TicketView, f"/tickets/{ticket_id}")

    async def cancel_ticket(self, ticket_id: str, *, key: str | None = None) -> TicketView:
        """Cancel a ticket that has not been served."""
        return await self._post(TicketView, f"/tickets/{ticket_id}/cancel", key=key)

    # -- counters ------------------------------------------------------------------------------
    async def call_next(self, counter_id: str, *, key: str | None = None) -> TicketView | None:
        """Call the next visitor; None when nobody waits for this counter (204)."""
        status, payload = await self.transport.request(
            "POST", f"/counters/{counter_id}/call-next", key=key)
        return None if status == 204 else _parse(TicketView, status, payload)

    async def recall(self, counter_id: str, *, key: str | None = None) -> TicketView:
        """Call the current visitor again (past the office's limit: no-show)."""
        return await self._post(TicketView, f"/counters/{counter_id}/recall", key=key)

    async def start(self, counter_id: str, *, key: str | None = None) -> TicketView:
        """The called visitor arrived at the counter."""
        return await self._post(TicketView, f"/counters/{counter_id}/start", key=key)

    async def done(self, counter_id: str, *, key: str | None = None) -> TicketView:
        """The visitor has been served."""
        return await self._post(TicketView, f"/counters/{counter_id}/done", key=key)

    async def no_show(self, counter_id: str, *, key: str | None = None) -> TicketView:
        """The called visitor did not come."""
        return await self._post(TicketView, f"/counters/{counter_id}/no-show", key=key)

    async def transfer(self, counter_id: str, *, to_service_id: str | None = None,
                       to_counter_id: str | None = None, key: str | None = None) -> TicketView:
        """Send the current visitor to another service's queue or to another counter."""
        body = _body(TransferRequest, service_id=to_service_id, counter_id=to_counter_id)
        return await self._post(TicketView, f"/counters/{counter_id}/transfer", body, key)

    async def pause(self, counter_id: str, reason: str = "", *,
                    key: str | None = None) -> CounterView:
        """Take a break; `reason` is shown to staff."""
        return await self._post(CounterView, f"/counters/{counter_id}/pause",
                                _body(PauseRequest, reason=reason), key)

    async def resume(self, counter_id: str, *, key: str | None = None) -> CounterView:
        """Come back from a break."""
        return await self._post(CounterView, f"/counters/{counter_id}/resume", key=key)

    async def open(self, counter_id: str, *, key: str | None = None) -> CounterView:
        """Open the counter for visitors."""
        return await self._post(CounterView, f"/counters/{counter_id}/open", key=key)

    async def close(self, counter_id: str, *, key: str | None = None) -> CounterView:
        """Close the counter (`aclose()` releases this client)."""
        return await self._post(CounterView, f"/counters/{counter_id}/close", key=key)

    # -- pairing ---------------------------------------------------------------------------------
    async def request_pairing(self, kind: DeviceKind, name: str, device_id: str, *,
                              key: str | None = None) -> PairingCreated:
        """Ask to be paired (no token needed); show the returned code to staff."""
        body = _body(PairingRequestIn, kind=kind, name=name, device_id=device_id)
        return await self._post(PairingCreated, "/pairing", body, key)

    async def pairing_status(self, request_id: str) -> PairingStatusView:
        """Where a pairing request stands; carries the token once, when approved."""
        return await self._get(PairingStatusView, f"/pairing/{request_id}")

    async def approve(self, code: str, *, counter_id: str | None = None,
                      zone: str | None = None, key: str | None = None) -> PairingStatusView:
        """Approve the code a device shows (admin); a counter needs its counter (id or number)."""
        body = _body(ApproveRequest, code=code, counter_id=counter_id, zone=zone)
        return await self._post(PairingStatusView, "/pairing/approve", body, key)

    async def reject(self, code: str, *, key: str | None = None) -> PairingStatusView:
        """Refuse a code (admin): not one of our devices."""
        return await self._post(PairingStatusView, "/pairing/reject",
                                _body(RejectRequest, code=code), key)

    # -- tokens and devices --------------------------------------------------------------------
    async def tokens(self) -> list[TokenView]:
        """Every API token (admin), never the secrets."""
        return await self._list(TokenView, "/tokens")

    async def revoke_token(self, token_id: str, *, key: str | None = None) -> TokenView:
        """Revoke a token (admin); its live event streams are closed at once (code 4001)."""
        return await self._post(TokenView, f"/tokens/{token_id}/revoke", key=key)

    async def heartbeat(self, app_version: str, status: dict[str, Any], *,
                        key: str | None = None) -> HeartbeatAck:
        """Tell the hub this device is alive and how its hardware is."""
        body = _body(HeartbeatIn, app_version=app_version, status=status)
        return await self._post(HeartbeatAck, "/devices/heartbeat", body, key)

    async def devices(self) -> list[DeviceView]:
        """Paired devices with their presence and hardware status (admin)."""
        return await self._list(DeviceView, "/devices")
