"""Errors as RFC 9457 problem details, mapped from their causes in this one place."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from hub.api.schemas import Problem
from hub.engine import (
    ConflictError,
    EngineError,
    InvalidRequestError,
    NotFoundError,
    QueueFullError,
)
from hub.pairing import GoneError, TooManyError
from hub.service import IdempotencyMismatchError, StoreUnavailableError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_ENGINE_STATUS: list[tuple[type[EngineError], int, str]] = [
    (NotFoundError, 404, "Not found"),
    (InvalidRequestError, 422, "Invalid request"),
    (IdempotencyMismatchError, 422, "Idempotency-Key reused"),
    (QueueFullError, 409, "Queue full"),
    (TooManyError, 429, "Too many attempts"),
    (GoneError, 410, "No longer valid"),
    (ConflictError, 409, "Not possible in the current state"),
]


class ProblemError(Exception):
    """Raise from a view to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.problem = Problem(title=title, status=status, detail=detail, **extra)


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> web.Response:
    """The HTTP response carrying `problem`."""
    return web.Response(
        status=problem.status,
        body=problem.model_dump_json(exclude_none=True).encode(),
        content_type=PROBLEM_JSON,
        headers=headers,
    )


def from_engine_error(error: EngineError) -> Problem:
    """The problem for a refused command: 404, 409 (with the current state) or 422."""
    for kind, status, title in _ENGINE_STATUS:
        if isinstance(error, kind):
            extra = {}
            if isinstance(error, ConflictError):
                extra["current_state"] = error.current_state
            return Problem(title=title, status=status, detail=error.detail, field=error.field,
                           **extra)
    return Problem(title="Invalid request", status=422, detail=error.detail, field=error.field)


def from_validation_error(error: ValidationError) -> Problem:
    """A 422 naming the first field at fault and listing every error."""
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]) or None, "detail": e["msg"]}
        for e in error.errors(include_url=False)
    ]
    first = errors[0]
    detail = f"{first['field']}: {first['detail']}" if first["field"] else first["detail"]
    return Problem(title="Invalid request", status=422, detail=detail, field=first["field"],
                   errors=errors)


def from_json_error(error: json.JSONDecodeError) -> Problem:
    """A 400 for a body that is not JSON."""
    return Problem(title="Malformed JSON", status=400,
                   detail=f"the request body is not valid JSON: {error.msg} at position "
                          f"{error.pos}", field="body")


@web.middleware
async def problem_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Turn every failure into problem details; never let a traceback reach a client."""
    try:
        return await handler(request)
    except ProblemError as exc:
        return problem_response(exc.problem)
    except EngineError as exc:
        headers = ({"Retry-After": str(exc.retry_after_s)}
                   if isinstance(exc, TooManyError) else None)
        return problem_response(from_engine_error(exc), headers=headers)
    except ValidationError as exc:
        return problem_response(from_validation_error(exc))
    except StoreUnavailableError as exc:
        return problem_response(Problem(
            title="Storage unavailable", status=503,
            detail=f"the hub could not save the change, nothing was changed: {exc}"),
            headers={"Retry-After": "5"})
    except web.HTTPRequestEntityTooLarge as exc:
        return problem_response(Problem(
            title="Request too large", status=413, detail=exc.text or "body too large",
            field="body"))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        allowed = exc.headers.get("Allow") if exc.status == 405 else None
        headers = {"Allow": allowed} if allowed else None
        return problem_response(Problem(title=exc.reason, status=exc.status,
                                        detail=exc.text or exc.reason), headers=headers)
    except Exception:
        log.exception("unexpected error in %s %s", request.method, request.path)
        return problem_response(Problem(
            title="Internal error", status=500,
            detail="the hub hit an unexpected error; nothing was changed"))
