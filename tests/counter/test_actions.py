"""Which actions a counter offers in each situation: the hub's rules, predicted."""

from __future__ import annotations

import pytest

from counter.actions import KEY_ACTIONS, Action, Situation, Why, availability, why_not
from hardware.keypad import KeyAction

A = Action
CASES = [
    # counter, ticket -> the actions that are possible
    ("closed", None, {A.OPEN}),
    ("open", None, {A.CALL_NEXT, A.PAUSE, A.CLOSE}),
    ("open", "called", {A.CALL_NEXT, A.RECALL, A.START, A.DONE, A.NO_SHOW, A.TRANSFER}),
    ("open", "serving", {A.CALL_NEXT, A.DONE, A.TRANSFER}),
    ("paused", None, {A.RESUME, A.CLOSE}),
]


@pytest.mark.parametrize(("counter", "ticket", "possible"), CASES)
def test_possible_actions(counter: str, ticket: str | None, possible: set[Action]) -> None:
    table = availability(Situation(counter, ticket))
    assert {a for a, why in table.items() if why is None} == possible


def test_reasons_name_what_to_do() -> None:
    assert why_not(A.CALL_NEXT, Situation("closed", None)) is Why.CLOSED
    assert why_not(A.CALL_NEXT, Situation("paused", None)) is Why.PAUSED
    assert why_not(A.RECALL, Situation("open", "serving")) is Why.NOT_CALLED
    assert why_not(A.DONE, Situation("open", None)) is Why.NO_TICKET
    assert why_not(A.PAUSE, Situation("open", "called")) is Why.HAS_TICKET
    assert why_not(A.OPEN, Situation("open", None)) is Why.NOT_CLOSED
    assert why_not(A.RESUME, Situation("open", None)) is Why.NOT_PAUSED


def test_offline_and_busy_disable_everything() -> None:
    assert set(availability(Situation("open", "called", connected=False)).values()) == {
        Why.OFFLINE}
    assert set(availability(Situation("open", "called", busy=True)).values()) == {Why.BUSY}


def test_every_keypad_key_has_an_action() -> None:
    assert set(KEY_ACTIONS) == set(KeyAction)
