"""The clerk's actions and when each one is possible, mirroring the hub's own rules.

The hub is the judge (hub/engine/commands.py); this module only predicts its answer from
what the counter shows, so a button is greyed out instead of producing a refusal. Every
rule returns the reason an action is unavailable, because "why can't I press this?" is the
first question a clerk asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from hardware.keypad import KeyAction


class Action(StrEnum):
    """What a clerk can ask of the hub; values are the config and shortcut names."""

    CALL_NEXT = "call_next"
    RECALL = "recall"
    START = "start"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    PAUSE = "pause"
    RESUME = "resume"
    OPEN = "open"
    CLOSE = "close"


#: Keypad keys and the action each one asks for (the keypad has no open/close keys).
KEY_ACTIONS: Mapping[KeyAction, Action] = {
    KeyAction.CALL: Action.CALL_NEXT,
    KeyAction.RECALL: Action.RECALL,
    KeyAction.START: Action.START,
    KeyAction.DONE: Action.DONE,
    KeyAction.NOSHOW: Action.NO_SHOW,
    KeyAction.TRANSFER: Action.TRANSFER,
    KeyAction.PAUSE: Action.PAUSE,
    KeyAction.RESUME: Action.RESUME,
}


class Why(StrEnum):
    """Why an action is unavailable; the UI translates these into sentences."""

    OFFLINE = "offline"  # no connection to the hub
    BUSY = "busy"  # the previous action has not been answered yet
    CLOSED = "closed"  # the counter is closed: open it first
    PAUSED = "paused"  # on a break: resume first
    NOT_CLOSED = "not_closed"  # already open
    NOT_PAUSED = "not_paused"  # not on a break
    NO_TICKET = "no_ticket"  # nobody at the counter
    NOT_CALLED = "not_called"  # the visitor is already being served
    HAS_TICKET = "has_ticket"  # finish or transfer the visitor first


@dataclass(frozen=True, slots=True)
class Situation:
    """What the rules look at: the counter's state and its current ticket's state."""

    counter_state: str  # closed | open | paused
    ticket_state: str | None  # called | serving | None
    connected: bool = True
    busy: bool = False


def why_not(action: Action, s: Situation) -> Why | None:
    """None if `action` is possible in situation `s`, else the reason it is not."""
    if not s.connected:
        return Why.OFFLINE
    if s.busy:
        return Why.BUSY
    return _RULES[action](s)


def availability(s: Situation) -> dict[Action, Why | None]:
    """Every action with the reason it is unavailable (None: available)."""
    return {action: why_not(action, s) for action in Action}


def _call_next(s: Situation) -> Why | None:
    # A visitor still at the counter is finished first by the hub: one button all day.
    if s.counter_state == "closed":
        return Why.CLOSED
    return Why.PAUSED if s.counter_state == "paused" else None


def _called_only(s: Situation) -> Why | None:
    if s.ticket_state is None:
        return Why.NO_TICKET
    return None if s.ticket_state == "called" else Why.NOT_CALLED


def _at_counter(s: Situation) -> Why | None:
    return Why.NO_TICKET if s.ticket_state is None else None


def _pause(s: Situation) -> Why | None:
    if s.counter_state == "closed":
        return Why.CLOSED
    if s.counter_state == "paused":
        return Why.PAUSED
    return Why.HAS_TICKET if s.ticket_state is not None else None


def _resume(s: Situation) -> Why | None:
    return None if s.counter_state == "paused" else Why.NOT_PAUSED


def _open(s: Situation) -> Why | None:
    if s.counter_state == "paused":
        return Why.PAUSED
    return None if s.counter_state == "closed" else Why.NOT_CLOSED


def _close(s: Situation) -> Why | None:
    if s.counter_state == "closed":
        return Why.CLOSED
    return Why.HAS_TICKET if s.ticket_state is not None else None


_RULES = {
    Action.CALL_NEXT: _call_next,
    Action.RECALL: _called_only,
    Action.START: _called_only,
    Action.NO_SHOW: _called_only,
    Action.DONE: _at_counter,
    Action.TRANSFER: _at_counter,
    Action.PAUSE: _pause,
    Action.RESUME: _resume,
    Action.OPEN: _open,
    Action.CLOSE: _close,
}
