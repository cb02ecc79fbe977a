"""Bearer-token authentication and the role each API call requires."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from hub.api.problems import ProblemError
from hub.store import Store

ANYONE = "anyone"  # no token needed (health, OpenAPI)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a device or admin token's identity."""

    token_id: str
    role: str
    name: str
    counter_id: str | None = None
    zone: str | None = None


def authenticate(request: web.Request, store: Store) -> Principal:
    """The caller of `request`, or a 401 problem."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(401, "Unauthorized",
                           "send 'Authorization: Bearer <token>' (create one with "
                           "'nowserving hub token create')", field="Authorization")
    info = store.tokens.find(token.strip())
    if info is None:
        raise ProblemError(401, "Unauthorized", "the token is unknown or was revoked",
                           field="Authorization")
    return Principal(info.id, info.role, info.name, info.counter_id, info.zone)


def require(principal: Principal, roles: frozenset[str], counter_id: str | None = None) -> None:
    """Refuse (403) a caller whose role may not do this, or a counter acting for another."""
    if principal.role == "admin":
        return
    if principal.role not in roles:
        allowed = ", ".join(sorted(roles | {"admin"}))
        raise ProblemError(403, "Forbidden",
                           f"a {principal.role} token may not do this (allowed: {allowed})",
                           field="Authorization")
    foreign = counter_id is not None and counter_id != principal.counter_id
    if principal.role == "counter" and foreign:
        raise ProblemError(403, "Forbidden",
                           f"this token acts for counter {principal.counter_id!r} only",
                           field="counter_id")
