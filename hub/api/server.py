"""Assemble the aiohttp application: middlewares, every route, the event stream."""

from __future__ import annotations

from aiohttp import web

from hub.api.device_views import DeviceViews
from hub.api.event_stream import EventStream
from hub.api.problems import ProblemError, problem_middleware
from hub.api.routes import BASE, Route
from hub.api.tracking import Tracking, page_routes
from hub.api.views import READERS, Views
from hub.pairing import Pairing
from hub.presence import Presence
from hub.service import HubService

MAX_BODY = 16 * 1024  # every request of this API fits in far less
SERVICE_KEY = web.AppKey("service", HubService)
STREAM_KEY = web.AppKey("stream", EventStream)


def create_app(
    service: HubService,
    *,
    pairing: Pairing | None = None,
    presence: Presence | None = None,
    heartbeat_s: float = 15.0,
) -> web.Application:
    """The hub's web application, all routes added before it starts."""
    pairing = pairing or Pairing(service.store, service.office, clock=service.clock)
    presence = presence or Presence(service)
    app = web.Application(middlewares=[problem_middleware], client_max_size=MAX_BODY)
    stream = EventStream(service.store, heartbeat_s=heartbeat_s)
    service.subscribe(stream.publish)
    views = Views(service)

    async def events(request: web.Request) -> web.StreamResponse:
        """Replay every event after `since`, then stream live ones (WebSocket)."""
        principal = views.caller(request, READERS)
        raw = request.query.get("since", "0")
        try:
            since = int(raw)
        except ValueError:
            raise ProblemError(422, "Invalid request", f"since must be an integer, not {raw!r}",
                               field="since") from None
        if since < 0:
            raise ProblemError(422, "Invalid request", "since must be 0 or more", field="since")
        return await stream.serve(request, principal.token_id, since)

    device_views = DeviceViews(views, pairing, presence, stream.disconnect_token)
    tracking = Tracking(service)
    routes = [
        *views.routes(),
        *device_views.routes(),
        *tracking.routes(),
        Route("GET", "/events", events, "Event stream (WebSocket): replay after `since`, then "
              "live", READERS, query={"since": "last seq the client has (default 0)"},
              websocket=True),
    ]
    views.all_routes = routes
    for route in routes:
        app.router.add_route(route.method, BASE + route.path, route.handler)
    for method, path, handler in page_routes(tracking):
        app.router.add_route(method, path, handler)
    app[SERVICE_KEY] = service
    app[STREAM_KEY] = stream

    async def close_streams(app: web.Application) -> None:
        await app[STREAM_KEY].close_all()

    app.on_shutdown.append(close_streams)
    return app
