"""Views for pairing, tokens and device presence."""

from __future__ import annotations

from aiohttp import web

from hub.api.routes import ANYONE_ROLE, Route
from hub.api.schemas import (
    ApproveRequest,
    DeviceView,
    HeartbeatAck,
    HeartbeatIn,
    PairingCreated,
    PairingRequestIn,
    PairingStatusView,
    RejectRequest,
    TokenView,
    WhoAmI,
)
from hub.api.views import Views, _json
from hub.engine import NotFoundError
from hub.pairing import Pairing, PairingStatus
from hub.presence import Presence
from hub.store import ROLES, PairingRequest

ADMIN = frozenset({"admin"})
DEVICES = frozenset({"kiosk", "display", "counter"})
EVERY_ROLE = frozenset(ROLES)
POLL_AFTER_S = 2.0
PAIRING_KEY_MIN = 16  # the key (with the device id) is all that scopes an anonymous retry


class DeviceViews:
    """Handlers for devices joining and staying in touch."""

    def __init__(self, views: Views, pairing: Pairing, presence: Presence,
                 disconnect: object) -> None:
        self.views = views
        self.pairing = pairing
        self.presence = presence
        self.disconnect = disconnect  # async (token_id) -> int: closes a token's streams

    def _status(self, status: str, request: PairingRequest, token: str | None = None
                ) -> PairingStatusView:
        role = request.kind if status in ("approved", "claimed") else None
        return PairingStatusView(
            status=status, code=request.code, kind=request.kind, name=request.name,  # type: ignore[arg-type]
            hub_id=self.views.store.hub_id, expires_at=request.expires_at, token=token,
            role=role, counter_id=request.counter_id, zone=request.zone)

    async def request_pairing(self, request: web.Request) -> web.Response:
        """A device asks to be paired and gets a code to show.

        Callers are anonymous, so an Idempotency-Key (at least 16 characters) is scoped by
        the key and the body's device id: a retry gets the same pending request back.
        """
        key = self.views.idempotency_key(request, PAIRING_KEY_MIN)
        body = await self.views.body(request, PairingRequestIn)
        remote = request.remote or "?"
        request_id, created = self.pairing.request(body.kind, body.name, body.device_id, remote,
                                                   key)
        answer = PairingCreated(request_id=request_id, code=created.code,
                                expires_at=created.expires_at, poll_after_s=POLL_AFTER_S)
        return _json(201, answer.model_dump_json())

    async def poll_pairing(self, request: web.Request) -> web.Response:
        """Where the device's request stands; the token when approved.

        Within a short window after the claim, a poll from the requesting address gets a
        new token (the first answer was lost); the token given before is revoked.
        """
        found: PairingStatus = self.pairing.poll(request.match_info["request_id"],
                                                 request.remote)
        if found.replaced_token_id is not None:
            await self.disconnect(found.replaced_token_id)  # type: ignore[operator]
            self.presence.forget(found.replaced_token_id)
        return _json(200, self._status(found.status, found.request, found.token)
                     .model_dump_json())

    async def whoami(self, request: web.Request) -> web.Response:
        """Who the caller's token belongs to and what it acts for."""
        principal = self.views.caller(request, EVERY_ROLE)
        store = self.views.store
        device = store.pairing.by_token_id(principal.token_id)
        counter = (self.views.service.office.config.counter(principal.counter_id)
                   if principal.counter_id else None)
        answer = WhoAmI(
            token_id=principal.token_id, role=principal.role, name=principal.name,
            hub_id=store.hub_id, counter_id=principal.counter_id,
            counter_number=counter.number if counter else None, zone=principal.zone,
            device_kind=device.kind if device else None,
            device_name=device.name if device else None,
            device_id=device.device_id if device else None)
        return _json(200, answer.model_dump_json())

    async def approve_pairing(self, request: web.Request) -> web.Response:
        """An admin approves the code a device shows."""
        self.views.caller(request, ADMIN)
        body = await self.views.body(request, ApproveRequest)
        approved = self.pairing.approve(body.code, counter=body.counter_id, zone=body.zone)
        return _json(200, self._status("approved", approved).model_dump_json())

    async def reject_pairing(self, request: web.Request) -> web.Response:
        """An admin refuses a code."""
        self.views.caller(request, ADMIN)
        body = await self.views.body(request, RejectRequest)
        rejected = self.pairing.reject(body.code)
        return _json(200, self._status("rejected", rejected).model_dump_json())

    async def list_tokens(self, request: web.Request) -> web.Response:
        """Every token, newest first (never the secrets)."""
        self.views.caller(request, ADMIN)
        tokens = [TokenView(id=t.id, role=t.role, name=t.name, counter_id=t.counter_id,
                            zone=t.zone, created_at=t.created_at, revoked_at=t.revoked_at)
                  for t in self.views.store.tokens.list()]
        return web.json_response([t.model_dump() for t in tokens])

    async def revoke_token(self, request: web.Request) -> web.Response:
        """Revoke a token; its device is disconnected at once."""
        self.views.caller(request, ADMIN)
        token_id = request.match_info["token_id"]
        store = self.views.store
        info = store.tokens.get(token_id)
        if info is None:
            raise NotFoundError(f"there is no token {token_id!r}", field="token_id")
        store.tokens.revoke(token_id)
        await self.disconnect(token_id)  # type: ignore[operator]
        self.presence.forget(token_id)
        info = store.tokens.get(token_id)
        assert info is not None
        return _json(200, TokenView(id=info.id, role=info.role, name=info.name,
                                    counter_id=info.counter_id, zone=info.zone,
                                    created_at=info.created_at, revoked_at=info.revoked_at)
                     .model_dump_json())

    async def heartbeat(self, request: web.Request) -> web.Response:
        """A device reports it is alive, with its hardware status."""
        principal = self.views.caller(request, DEVICES)
        body = await self.views.body(request, HeartbeatIn)
        self.presence.heartbeat(principal.token_id, principal.role, principal.name,
                                principal.counter_id, body.app_version, body.status)
        ack = HeartbeatAck(heartbeat_interval_s=self.presence.heartbeat_interval_s,
                           server_time=self.views.service.clock())
        return _json(200, ack.model_dump_json())

    async def list_devices(self, request: web.Request) -> web.Response:
        """Every device the hub knows, with presence and hardware status."""
        self.views.caller(request, ADMIN)
        seen = self.presence.last_seen
        out = []
        for device in sorted(self.views.service.state.devices.values(),
                             key=lambda d: (d.kind, d.name)):
            data = device.to_dict()
            data["last_seen"] = max(seen.get(device.token_id, 0.0), device.last_seen)
            out.append(DeviceView(**data).model_dump())
        return web.json_response(out)

    def routes(self) -> list[Route]:
        """The pairing, token and device routes."""
        anyone = frozenset({ANYONE_ROLE})
        return [
            Route("POST", "/pairing", self.request_pairing, "Ask to pair this device", anyone,
                  request=PairingRequestIn, response=PairingCreated, status=201),
            Route("GET", "/pairing/{request_id}", self.poll_pairing,
                  "Poll a pairing request (the token, on the first poll after approval)",
                  anyone, response=PairingStatusView),
            Route("POST", "/pairing/approve", self.approve_pairing, "Approve a device's code",
                  ADMIN, request=ApproveRequest, response=PairingStatusView),
            Route("POST", "/pairing/reject", self.reject_pairing, "Refuse a device's code",
                  ADMIN, request=RejectRequest, response=PairingStatusView),
            Route("GET", "/me", self.whoami, "Who this token belongs to and acts for",
                  EVERY_ROLE, response=WhoAmI),
            Route("GET", "/tokens", self.list_tokens, "List tokens", ADMIN),
            Route("POST", "/tokens/{token_id}/revoke", self.revoke_token,
                  "Revoke a token and disconnect its device", ADMIN, response=TokenView),
            Route("POST", "/devices/heartbeat", self.heartbeat, "Device heartbeat and status",
                  DEVICES, request=HeartbeatIn, response=HeartbeatAck),
            Route("GET", "/devices", self.list_devices, "Devices and their presence", ADMIN),
        ]
