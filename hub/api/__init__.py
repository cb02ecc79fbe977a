"""The hub's HTTP + WebSocket API (aiohttp), under /api/v1."""

from hub.api.server import SERVICE_KEY, STREAM_KEY, create_app

__all__ = ["SERVICE_KEY", "STREAM_KEY", "create_app"]
