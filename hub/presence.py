"""Device presence: heartbeats in, `device.changed` events out, silence means offline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.engine import devices
from hub.service import HubService

DEFAULT_OFFLINE_AFTER_S = 30.0
HEARTBEAT_INTERVAL_S = 10.0


class Presence:
    """Keeps the device registry in `HubService.state.devices` up to date."""

    def __init__(self, service: HubService, offline_after_s: float = DEFAULT_OFFLINE_AFTER_S,
                 heartbeat_interval_s: float = HEARTBEAT_INTERVAL_S) -> None:
        self.service = service
        self.offline_after_s = offline_after_s
        self.heartbeat_interval_s = heartbeat_interval_s
        # When each device was last heard from: routine heartbeats change only this.
        self.last_seen: dict[str, float] = {}

    def heartbeat(self, token_id: str, role: str, name: str, counter_id: str | None,
                  app_version: str, status: Mapping[str, Any]) -> None:
        """A device is alive; record a `device.changed` event if anything changed."""
        self.last_seen[token_id] = self.service.clock()
        self.service.execute(lambda state, now: devices.heartbeat(
            state.devices, now, token_id=token_id, kind=role, name=name,
            counter_id=counter_id, app_version=app_version, status=status))

    def sweep(self) -> None:
        """Mark devices offline that have been silent too long."""
        self.service.execute(lambda state, now: devices.sweep(
            state.devices, self.last_seen, now, self.offline_after_s))

    def forget(self, token_id: str) -> None:
        """The device's token was revoked."""
        self.last_seen.pop(token_id, None)
        self.service.execute(lambda state, now: devices.forget(state.devices, now, token_id))
