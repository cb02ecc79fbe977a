"""Keypad presses to actions: one request per press, "busy" instead of a queue, feedback."""

from __future__ import annotations

import asyncio

from counter.actions import Action
from counter.commands import Outcome, Result
from counter.keypad_input import KeypadRouter, feedback_for
from hardware.keypad import FakeKeypad, KeypadFeedback
from tests.counter.helpers import until


async def test_a_press_while_the_previous_is_pending_is_answered_busy() -> None:
    keypad = FakeKeypad()
    release = asyncio.Event()
    calls: list[tuple[str, Action, str]] = []

    async def execute(counter_id: str, action: Action, key: str) -> Outcome:
        calls.append((counter_id, action, key))
        await release.wait()
        return Outcome(action, Result.OK, number="A042")

    router = KeypadRouter(keypad, execute, addresses={1: "counter-1", 2: "counter-2"})
    router.start()
    first = keypad.press("call", address=1)
    keypad.press("done", address=1)  # the hub has not answered the call yet
    keypad.press("call", address=2)  # another counter on the bus is not held up
    keypad.press("call", address=9)  # not mapped
    assert await until(lambda: len(calls) == 2 and len(keypad.feedback) == 2)
    assert keypad.feedback == [(1, KeypadFeedback("busy")),
                               (9, KeypadFeedback("error", beep=True))]
    assert calls[0] == ("counter-1", Action.CALL_NEXT, first.press_id)
    release.set()
    assert await until(lambda: len(keypad.feedback) == 4)
    assert keypad.feedback[2:] == [(1, KeypadFeedback("ok", "A042", beep=True))] * 1 + [
        (2, KeypadFeedback("ok", "A042", beep=True))]
    await router.stop()
    assert router.status()["counters"] == ["counter-1", "counter-2"]


def test_feedback_words() -> None:
    assert feedback_for(Outcome(Action.CALL_NEXT, Result.EMPTY)) == KeypadFeedback("empty")
    assert feedback_for(Outcome(Action.DONE, Result.OK, number="Б-07")) == KeypadFeedback(
        "ok", "-07")  # what an ASCII keypad display can show
    assert feedback_for(Outcome(Action.RECALL, Result.UNREACHABLE)).kind == "error"
    assert feedback_for(Outcome(Action.RECALL, Result.REFUSED, status=409)).kind == "error"
