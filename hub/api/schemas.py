"""Request and response models of the API (pydantic v2); the hub client uses the same ones."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

TicketStateName = Literal[
    "waiting", "transferred", "called", "serving", "done", "no_show", "cancelled", "expired"
]
CounterStateName = Literal["closed", "open", "paused"]
Slug = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class _Model(BaseModel):
    """Requests: unknown fields are refused, so a typo is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class _Response(BaseModel):
    """Answers: unknown fields are ignored, so an older device understands a newer hub."""

    model_config = ConfigDict(extra="ignore")


# -- requests -----------------------------------------------------------------------------
class IssueTicketRequest(_Model):
    """Ask for a ticket. `language` defaults to the office's first language."""

    service_id: Slug
    language: Annotated[str | None, Field(min_length=2, max_length=12)] = None
    priority: Slug = "normal"


class TransferRequest(_Model):
    """Send the current visitor to another service's queue, or to another counter."""

    service_id: Slug | None = None
    counter_id: Slug | None = None


class PauseRequest(_Model):
    """Take a break; the reason is shown to staff."""

    reason: Annotated[str, Field(max_length=100)] = ""


# -- responses ----------------------------------------------------------------------------
class Health(_Response):
    """Liveness and identity of the hub."""

    status: Literal["ok"] = "ok"
    version: str
    site: str
    hub_id: str


class TicketSnapshot(_Response):
    """A ticket as it stands. Times are POSIX seconds (UTC)."""

    id: str
    number: str
    service_id: str
    priority: str
    language: str
    state: TicketStateName
    business_day: str
    issued_at: float
    queued_at: float
    called_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    counter_id: str | None = None
    target_counter_id: str | None = None
    recall_count: int = 0
    transfer_count: int = 0


class TicketView(TicketSnapshot):
    """A ticket with its place in line: people ahead and estimated wait (None if unknown).

    `estimated_wait_s` is the median; low/high bound the 80% range (10th-90th percentile).
    """

    people_ahead: int
    estimated_wait_s: int | None
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None


class ServiceView(_Response):
    """A service with its live queue figures."""

    id: str
    prefix: str
    names: dict[str, str]
    target_wait_s: int
    priority_allowed: bool
    waiting: int
    estimated_wait_s: int | None
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None


class CounterView(_Response):
    """A counter, what it serves and what it is doing."""

    id: str
    number: str
    name: str | None
    skills: dict[str, float]
    state: CounterStateName
    ticket_id: str | None
    ticket_number: str | None
    pause_reason: str | None
    changed_at: float


class CallView(_Response):
    """A recent call, newest first: what the wall display lists."""

    ticket_id: str
    number: str
    service_id: str
    counter_id: str
    counter_number: str
    at: float
    recall: bool


class StateView(_Response):
    """A consistent snapshot; follow `/events?since=seq` for what happens after it."""

    seq: int
    hub_id: str
    site: str
    business_day: str
    languages: list[str]
    priorities: list[str]
    services: list[ServiceView]
    counters: list[CounterView]
    waiting: list[TicketView]
    recent_calls: list[CallView]


class EventMessage(_Response):
    """One event on the stream: `data` holds the ticket/counter snapshots it changed."""

    seq: int
    type: str
    at: float
    data: dict[str, Any]


class Problem(BaseModel):
    """RFC 9457 problem details; `field` names the input at fault."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    field: str | None = None
    current_state: str | None = None


# -- pairing and devices --------------------------------------------------------------------
DeviceKind = Literal["kiosk", "display", "counter"]


class PairingRequestIn(_Model):
    """A device asks to be paired."""

    kind: DeviceKind
    name: Annotated[str, Field(min_length=1, max_length=60)]
    device_id: Annotated[str, Field(min_length=4, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class PairingCreated(_Response):
    """Show `code` on the device's screen; poll with `request_id` (keep it secret)."""

    request_id: str
    code: str
    expires_at: float
    poll_after_s: float


class PairingStatusView(_Response):
    """Where a pairing request stands. `token` comes on the first poll after approval.

    If that answer was lost, a poll from the requesting address within 2 minutes gets a new
    token and the first is revoked; after that the status is `claimed`, without a token.
    """

    status: Literal["pending", "approved", "rejected", "expired", "claimed"]
    code: str
    kind: str
    name: str
    hub_id: str
    expires_at: float
    token: str | None = None
    role: str | None = None
    counter_id: str | None = None
    zone: str | None = None


class ApproveRequest(_Model):
    """Approve the code a device shows; counters must be bound to a counter (id or number)."""

    code: Annotated[str, Field(pattern=r"^\s*\d{3}\s?\d{3}\s*$")]
    counter_id: Annotated[str | None, Field(max_length=40)] = None
    zone: Annotated[str | None, Field(max_length=200)] = None


class RejectRequest(_Model):
    """Refuse the code a device shows."""

    code: Annotated[str, Field(pattern=r"^\s*\d{3}\s?\d{3}\s*$")]


class TokenView(_Response):
    """A token's record (never the secret)."""

    id: str
    role: str
    name: str
    counter_id: str | None
    zone: str | None
    created_at: float
    revoked_at: float | None


class WhoAmI(_Response):
    """Who a token belongs to: its role and what it acts for (`GET /me`).

    `device_*` are set for a token a device received by pairing, null for one made with
    `nowserving hub token create`.
    """

    token_id: str
    role: str
    name: str
    hub_id: str
    counter_id: str | None = None
    counter_number: str | None = None
    zone: str | None = None
    device_kind: str | None = None
    device_name: str | None = None
    device_id: str | None = None


class HeartbeatIn(_Model):
    """A device is alive; `status` describes its hardware (printer, keypad, audio, ...)."""

    app_version: Annotated[str, Field(max_length=40)] = ""
    status: dict[str, Any] = Field(default_factory=dict)


class HeartbeatAck(_Response):
    """When to send the next heartbeat."""

    heartbeat_interval_s: float
    server_time: float


class DeviceView(_Response):
    """A paired device and its presence."""

    token_id: str
    kind: str
    name: str
    online: bool
    last_seen: float
    app_version: str
    counter_id: str | None
    status: dict[str, Any]


class PublicTicketView(_Response):
    """What anyone holding a ticket's id (its QR code) may see: that ticket only."""

    number: str
    state: TicketStateName
    service: str
    site: str
    language: str
    people_ahead: int | None
    estimated_wait_s: int | None
    estimated_wait_low_s: int | None = None  # the 80% range, while waiting
    estimated_wait_high_s: int | None = None
    counter_number: str | None
    headline: str
    detail: str
    title: str
    live_text: str
    lost_text: str
