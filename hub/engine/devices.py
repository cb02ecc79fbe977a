"""Device presence: which kiosks, displays and counters are online, and their hardware state.

Pure functions like the rest of the engine: a heartbeat or a sweep returns the
`device.changed` events it causes. Only changes make events (coming online, going offline,
a different hardware status); a routine heartbeat changes nothing durable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from hub.engine.events import Event


@dataclass(frozen=True, slots=True)
class Device:
    """A paired device as the hub last saw it."""

    token_id: str
    kind: str
    name: str
    online: bool
    last_seen: float
    app_version: str = ""
    counter_id: str | None = None
    status: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values, as carried in events."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["status"] = dict(self.status)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Device:
        """Inverse of `to_dict`."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def heartbeat(
    registry: Mapping[str, Device],
    now: float,
    *,
    token_id: str,
    kind: str,
    name: str,
    counter_id: str | None,
    app_version: str,
    status: Mapping[str, Any],
) -> list[Event]:
    """A device said it is alive: an event if it was offline, unknown or changed status."""
    previous = registry.get(token_id)
    device = Device(token_id, kind, name, True, now, app_version, counter_id, dict(status))
    if previous is not None and previous.online and previous.status == device.status and (
        previous.app_version == app_version and previous.name == name
    ):
        return []
    reason = "online" if previous is None or not previous.online else "status"
    return [Event("device.changed", now, data={"device": device.to_dict(), "reason": reason})]


def sweep(
    registry: Mapping[str, Device],
    last_seen: Mapping[str, float],
    now: float,
    offline_after_s: float,
) -> list[Event]:
    """Mark offline every online device silent for longer than `offline_after_s`."""
    events = []
    for token_id, device in sorted(registry.items()):
        seen = max(last_seen.get(token_id, 0.0), device.last_seen)
        if device.online and now - seen > offline_after_s:
            gone = Device(device.token_id, device.kind, device.name, False, seen,
                          device.app_version, device.counter_id, device.status)
            events.append(Event("device.changed", now,
                                data={"device": gone.to_dict(), "reason": "offline"}))
    return events


def forget(registry: Mapping[str, Device], now: float, token_id: str) -> list[Event]:
    """The device's token was revoked: it is offline for good."""
    device = registry.get(token_id)
    if device is None or not device.online:
        return []
    gone = Device(device.token_id, device.kind, device.name, False, device.last_seen,
                  device.app_version, device.counter_id, device.status)
    return [Event("device.changed", now, data={"device": gone.to_dict(), "reason": "revoked"})]
