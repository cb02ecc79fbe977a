"""What can go wrong talking to a hub, as two exceptions an app can act on.

`HubError` means the hub answered and refused: the app shows `detail` and, for a form,
highlights `field`. `HubUnreachable` means it did not answer at all: the app keeps the
request (with its Idempotency-Key) and says "reconnecting". Nothing else escapes the client.
"""

from __future__ import annotations

from typing import Any

from hub.api.schemas import Problem


class HubError(Exception):
    """The hub refused a request; carries its RFC 9457 problem document."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail}")
        self.problem = problem

    @property
    def status(self) -> int:
        """The HTTP status (404, 409, 422, ...)."""
        return self.problem.status

    @property
    def title(self) -> str:
        """A short, stable summary of the kind of problem."""
        return self.problem.title

    @property
    def detail(self) -> str:
        """A readable explanation of this occurrence."""
        return self.problem.detail

    @property
    def field(self) -> str | None:
        """The input at fault (`service_id`, `Authorization`, ...), if any."""
        return self.problem.field

    @property
    def current_state(self) -> str | None:
        """For a 409: the state that made the command impossible."""
        return self.problem.current_state

    @property
    def errors(self) -> list[dict[str, Any]]:
        """For an invalid body: every problem found, not just the first."""
        extra = self.problem.model_extra or {}
        value = extra.get("errors")
        return list(value) if isinstance(value, list) else []

    @classmethod
    def from_response(cls, status: int, reason: str | None, body: bytes) -> HubError:
        """The error for a non-success answer, even one that is not a problem document."""
        try:
            problem = Problem.model_validate_json(body)
        except ValueError:
            text = body.decode("utf-8", "replace").strip()[:200]
            problem = Problem(title=reason or "Error", status=status,
                              detail=text or reason or f"HTTP {status}")
        if problem.status != status:  # the status line is authoritative
            problem = problem.model_copy(update={"status": status})
        return cls(problem)


class HubUnreachable(Exception):  # noqa: N818 - named for what the app shows
    """No answer from the hub: connection refused or reset, DNS failure or timeout."""

    def __init__(self, url: str, cause: BaseException | None = None) -> None:
        reason = f"{type(cause).__name__}: {cause}" if cause is not None else "no answer"
        super().__init__(f"hub unreachable at {url} ({reason})")
        self.url = url


class TokenRevoked(Exception):  # noqa: N818 - named for what happened
    """The hub no longer accepts this device's token (revoked or unknown): pair again."""
