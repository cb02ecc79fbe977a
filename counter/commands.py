"""Send one clerk action to the hub and say how it went, in terms a clerk and a keypad use.

Exactly one attempt per press, as far as the app is concerned: the hub client retries a
request whose answer was lost with the same Idempotency-Key (the press id), then gives up.
Nothing is kept for later: a press the hub never answered is reported as failed and
forgotten, so no visitor is ever called by a button pressed minutes ago.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from counter.actions import Action
from hub.api.schemas import TicketView
from hub.client import HubClient, HubError, HubUnreachable, new_idempotency_key

log = logging.getLogger(__name__)


class Result(StrEnum):
    """How an action ended."""

    OK = "ok"
    EMPTY = "empty"  # call next: nobody waits for this counter
    REFUSED = "refused"  # the hub said no (409 wrong state, 403 not our counter, ...)
    UNREACHABLE = "unreachable"  # no answer: nothing is retried later


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one action, with the ticket number it concerned (if any)."""

    action: Action
    result: Result
    number: str = ""
    detail: str = ""
    status: int | None = None
    ticket_state: str | None = None  # e.g. "no_show" when a recall passed the office's limit

    @property
    def ok(self) -> bool:
        """True when the hub did what was asked (an empty queue counts as done)."""
        return self.result in (Result.OK, Result.EMPTY)


# Answer of a counter-only action (pause, open, ...): done, no ticket involved.
_COUNTER_ONLY = TicketView.model_construct(number="")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a transfer goes: a service's queue or another counter (exactly one)."""

    service_id: str | None = None
    counter_id: str | None = None


async def perform(
    client: HubClient,
    counter_id: str,
    action: Action,
    *,
    key: str | None = None,
    reason: str = "",
    target: Target | None = None,
) -> Outcome:
    """Run `action` for `counter_id`; `key` is the press id (Idempotency-Key)."""
    key = key or new_idempotency_key()
    try:
        ticket = await _send(client, counter_id, action, key, reason, target)
    except HubUnreachable as exc:
        log.warning("%s at %s: hub unreachable (%s); not retried", action, counter_id, exc)
        return Outcome(action, Result.UNREACHABLE, detail=str(exc))
    except HubError as exc:
        log.info("%s at %s refused: %s", action, counter_id, exc)
        return Outcome(action, Result.REFUSED, detail=exc.detail, status=exc.status)
    if ticket is None:
        return Outcome(action, Result.EMPTY)
    if ticket is _COUNTER_ONLY:
        return Outcome(action, Result.OK)
    return Outcome(action, Result.OK, number=ticket.number, ticket_state=ticket.state)


async def _send(client: HubClient, counter_id: str, action: Action, key: str, reason: str,
                target: Target | None) -> TicketView | None:
    """The ticket the action concerned; None for "nobody waiting"; `_COUNTER_ONLY` else."""
    if action is Action.CALL_NEXT:
        return await client.call_next(counter_id, key=key)
    if action is Action.TRANSFER:
        if target is None or (target.service_id is None) == (target.counter_id is None):
            raise ValueError("a transfer needs exactly one target")
        return await client.transfer(counter_id, to_service_id=target.service_id,
                                     to_counter_id=target.counter_id, key=key)
    ticket_calls = {Action.RECALL: client.recall, Action.START: client.start,
                    Action.DONE: client.done, Action.NO_SHOW: client.no_show}
    if action in ticket_calls:
        return await ticket_calls[action](counter_id, key=key)
    if action is Action.PAUSE:
        await client.pause(counter_id, reason, key=key)
    else:
        counter_calls = {Action.RESUME: client.resume, Action.OPEN: client.open,
                         Action.CLOSE: client.close}
        await counter_calls[action](counter_id, key=key)
    return _COUNTER_ONLY
