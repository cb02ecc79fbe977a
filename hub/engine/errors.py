"""Why a command was refused. The API maps each kind to one HTTP status in one place."""

from __future__ import annotations


class EngineError(Exception):
    """A command the queue cannot carry out; nothing was changed."""

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFoundError(EngineError):
    """The service, counter or ticket named does not exist."""


class InvalidRequestError(EngineError):
    """A value is not acceptable (unknown priority class, language, ...)."""


class ConflictError(EngineError):
    """The command does not fit the current state (e.g. `done` with nobody at the counter)."""

    def __init__(self, detail: str, *, current_state: str, field: str | None = None) -> None:
        super().__init__(detail, field=field)
        self.current_state = current_state


class QueueFullError(EngineError):
    """Every ticket number of a service is in use; no number can be issued."""
