"""The one hub client the kiosk, display and counter apps use (HTTP, WebSocket, mDNS).

`HubBridge` and `run_qt_app` are imported on first use, so code without Qt (tests of app
models, command-line tools) never loads PySide6.
"""

from typing import TYPE_CHECKING, Any

from hub.client.api import HubClient
from hub.client.backoff import Backoff, RetryPolicy
from hub.client.credentials import (
    Credentials,
    CredentialStore,
    MemoryCredentialStore,
    default_config_dir,
)
from hub.client.device import DeviceConnection
from hub.client.discovery import (
    SERVICE_TYPE,
    AmbiguousHub,
    HubAnnouncement,
    discover,
    find_hub,
    parse_announcement,
)
from hub.client.errors import HubError, HubUnreachable, TokenRevoked
from hub.client.events import EventFollower, FollowerStats, Snapshot, StreamItem, follow
from hub.client.pairing import PairingFailed, pair_device
from hub.client.state import ConnectionState, ConnectionStatus
from hub.client.transport import new_idempotency_key
from hub.netinfo import lan_addresses

if TYPE_CHECKING:
    from hub.client.qt_bridge import HubBridge, run_qt_app

__all__ = [
    "SERVICE_TYPE",
    "AmbiguousHub",
    "Backoff",
    "ConnectionState",
    "ConnectionStatus",
    "CredentialStore",
    "Credentials",
    "DeviceConnection",
    "EventFollower",
    "FollowerStats",
    "HubAnnouncement",
    "HubBridge",
    "HubClient",
    "HubError",
    "HubUnreachable",
    "MemoryCredentialStore",
    "PairingFailed",
    "RetryPolicy",
    "Snapshot",
    "StreamItem",
    "TokenRevoked",
    "default_config_dir",
    "discover",
    "find_hub",
    "follow",
    "lan_addresses",
    "new_idempotency_key",
    "pair_device",
    "parse_announcement",
    "run_qt_app",
]

_QT = {"HubBridge", "run_qt_app"}


def __getattr__(name: str) -> Any:
    if name in _QT:
        from hub.client import qt_bridge

        return getattr(qt_bridge, name)
    raise AttributeError(f"module 'hub.client' has no attribute {name!r}")
