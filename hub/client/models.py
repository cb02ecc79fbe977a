"""Answers of the pairing, token and device endpoints, as docs/api.md describes them.

These endpoints are newer than `hub.api.schemas`; the models are tolerant (unknown fields
are ignored, most fields optional) so a device keeps working against a hub that adds to
them. Queue answers use the hub's own schemas (`hub.api.schemas`) directly.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DeviceKind = Literal["kiosk", "display", "counter"]
PairingState = Literal["pending", "approved", "rejected", "expired", "claimed"]


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PairingTicket(_Tolerant):
    """The hub's answer to a pairing request: the code to show and how to follow it."""

    request_id: str
    code: str
    expires_at: float
    poll_after_s: float = 2.0


class PairingStatus(_Tolerant):
    """Where a pairing request stands; `token` is present exactly once, when approved."""

    status: PairingState
    token: str | None = None
    role: str | None = None
    counter_id: str | None = None
    zone: str | None = None
    hub_id: str | None = None


class PairingDecision(_Tolerant):
    """The request an admin approved or rejected."""

    status: str
    code: str | None = None
    kind: str | None = None
    name: str | None = None
    counter_id: str | None = None
    zone: str | None = None


class TokenView(_Tolerant):
    """An API token as the admin sees it (never the secret)."""

    id: str
    role: str
    name: str
    counter_id: str | None = None
    zone: str | None = None
    created_at: float | None = None
    revoked_at: float | None = None
    last_used_at: float | None = None
    device_id: str | None = None


class HeartbeatAck(_Tolerant):
    """The hub's answer to a device heartbeat: when to send the next one."""

    heartbeat_interval_s: float = 10.0
    server_time: float | None = None


class DeviceView(_Tolerant):
    """A paired device as the admin sees it."""

    kind: str
    name: str
    online: bool = False
    last_seen: float | None = None
    token_id: str | None = None
    counter_id: str | None = None
    app_version: str | None = None
    status: dict[str, Any] = Field(default_factory=dict)


def unwrap_list(data: Any, key: str) -> list[Any]:
    """A list answer, whether sent bare (`[...]`) or wrapped (`{"<key>": [...]}`)."""
    if isinstance(data, dict) and isinstance(data.get(key), list):
        return list(data[key])
    if isinstance(data, list):
        return data
    raise ValueError(f"expected a list of {key}")
