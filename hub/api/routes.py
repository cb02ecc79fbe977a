"""The route table: each view declares its path, roles and models; OpenAPI is derived from it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from hub.api.schemas import Problem

BASE = "/api/v1"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Route:
    """One API operation."""

    method: str
    path: str  # below BASE
    handler: Handler
    summary: str
    roles: frozenset[str]
    request: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    extra_statuses: dict[int, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    websocket: bool = False


def openapi_document(routes: list[Route], version: str, site: str) -> dict[str, Any]:
    """An OpenAPI 3.1 document generated from the routes' pydantic models."""
    models = {m for r in routes for m in (r.request, r.response) if m is not None} | {Problem}
    refs, schema = models_json_schema(
        [(m, "validation") for m in sorted(models, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        op: dict[str, Any] = {
            "summary": route.summary,
            "operationId": route.handler.__name__,
            "x-roles": sorted(route.roles),
            "responses": {},
        }
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _path_params(route.path)
        ] + [
            {"name": name, "in": "query", "required": False, "description": text,
             "schema": {"type": "string"}}
            for name, text in route.query.items()
        ]
        if route.method == "POST":
            params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                           "description": "a retry with the same key returns the first answer",
                           "schema": {"type": "string", "maxLength": 200}})
        if params:
            op["parameters"] = params
        if route.request is not None:
            op["requestBody"] = {"required": False, "content": {"application/json": {
                "schema": refs[(route.request, "validation")]}}}
        ok: dict[str, Any] = {"description": "Switching Protocols (WebSocket)"
                              if route.websocket else "OK"}
        if route.response is not None:
            ok["content"] = {"application/json": {"schema": refs[(route.response,
                                                                  "validation")]}}
        op["responses"][str(101 if route.websocket else route.status)] = ok
        for status, text in route.extra_statuses.items():
            op["responses"][str(status)] = {"description": text}
        problem = {"application/problem+json": {"schema": refs[(Problem, "validation")]}}
        for status, text in ((400, "Malformed request"), (401, "No or bad token"),
                             (403, "Role not allowed"), (404, "Not found"),
                             (409, "Conflicts with the current state"),
                             (422, "Invalid input; `field` names it")):
            op["responses"].setdefault(str(status), {"description": text, "content": problem})
        if ANYONE_ROLE in route.roles:
            op["security"] = []
        paths.setdefault(BASE + route.path, {})[route.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Now Serving hub API ({site})", "version": version},
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


ANYONE_ROLE = "anyone"


def _path_params(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]
