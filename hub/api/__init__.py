"""The hub's HTTP + WebSocket API (aiohttp), under /api/v1.

`create_app` is loaded lazily so that `hub.api.schemas` — the models the device client
shares — can be imported without pulling in the server, the store and aiohttp.web.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hub.api.server import SERVICE_KEY, STREAM_KEY, create_app

__all__ = ["SERVICE_KEY", "STREAM_KEY", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from hub.api import server

        return getattr(server, name)
    raise AttributeError(name)
