"""Call-button presses to counter actions, and the answer back to the keypad's lamp.

Shared by the counter window (one USB/serial keypad for its own counter) and the headless
bridge (one RS-485 bus, an address per counter). Driver callbacks arrive on the serial
reader thread and are handed to the asyncio loop with `call_soon_threadsafe`. A press
while the same counter's previous press is still on its way is answered "busy", never
queued: one physical press, at most one hub request, and only now.
"""

from __future__ import annotations

import asyncio
import logging
import string
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from counter.actions import KEY_ACTIONS, Action
from counter.commands import Outcome, Result
from hardware.keypad import Keypad, KeypadFeedback, KeyPress, LinkState

log = logging.getLogger(__name__)

Execute = Callable[[str, Action, str], Awaitable[Outcome]]
_SAFE = frozenset(string.ascii_letters + string.digits + string.punctuation)


def feedback_for(outcome: Outcome) -> KeypadFeedback:
    """The lamp, beep and text for an outcome: ok + number, nothing waiting, or error."""
    if outcome.result is Result.OK:
        text = "".join(ch for ch in outcome.number if ch in _SAFE)[-8:]
        return KeypadFeedback("ok", text, beep=outcome.action is Action.CALL_NEXT)
    if outcome.result is Result.EMPTY:
        return KeypadFeedback("empty")
    return KeypadFeedback("error", beep=True)


class KeypadRouter:
    """Routes one keypad port's presses to counters; `addresses=None` sends all to one."""

    def __init__(
        self,
        keypad: Keypad,
        execute: Execute,
        *,
        addresses: Mapping[int, str] | None = None,
        counter_id: str | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
        on_state: Callable[[LinkState], None] | None = None,
    ) -> None:
        if addresses is None and counter_id is None:
            raise ValueError("give an address map or the one counter the keypad serves")
        self.keypad = keypad
        self.execute = execute
        self.addresses = dict(addresses) if addresses is not None else None
        self.counter_id = counter_id
        self.on_state = on_state
        self._loop = loop
        self._in_flight: dict[str, asyncio.Task[None]] = {}
        self.presses = 0
        self.ignored = 0
        self.last_outcome: Outcome | None = None

    def counter_for(self, address: int) -> str | None:
        """The counter a keypad address drives (None: not mapped)."""
        if self.addresses is None:
            return self.counter_id
        return self.addresses.get(address)

    def start(self) -> None:
        """Start the keypad; must be called on the loop's thread."""
        self._loop = self._loop or asyncio.get_running_loop()
        self.keypad.start(self._press_from_thread, self._state_from_thread)

    async def stop(self) -> None:
        """Stop the keypad (joins its thread) and wait for presses still on their way."""
        await asyncio.to_thread(self.keypad.stop)
        tasks = list(self._in_flight.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def status(self) -> dict[str, Any]:
        """Device status for the hub's heartbeat."""
        return {"state": str(self.keypad.state), "presses": self.presses,
                "port": getattr(self.keypad, "port", None),
                "counters": sorted(set((self.addresses or {}).values())
                                   or ([self.counter_id] if self.counter_id else []))}

    # -- on the driver thread ---------------------------------------------------------------
    def _press_from_thread(self, press: KeyPress) -> None:
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self.handle, press)

    def _state_from_thread(self, state: LinkState) -> None:
        assert self._loop is not None
        if self.on_state is not None:
            self._loop.call_soon_threadsafe(self.on_state, state)

    # -- on the loop ----------------------------------------------------------------------
    def handle(self, press: KeyPress) -> None:
        """Start handling one debounced press."""
        counter_id = self.counter_for(press.address)
        action = KEY_ACTIONS.get(press.action)
        if counter_id is None or action is None:
            log.warning("keypad address %d is not mapped to a counter: press ignored",
                        press.address)
            self.ignored += 1
            self.keypad.send_feedback(press.address, KeypadFeedback("error", beep=True))
            return
        self.presses += 1
        if counter_id in self._in_flight:
            log.info("%s: %s pressed while the previous press is pending", counter_id, action)
            self.keypad.send_feedback(press.address, KeypadFeedback("busy"))
            return
        task = asyncio.get_running_loop().create_task(self._run(press, counter_id, action))
        self._in_flight[counter_id] = task

    async def _run(self, press: KeyPress, counter_id: str, action: Action) -> None:
        try:
            outcome = await self.execute(counter_id, action, press.press_id)
        except Exception:
            log.exception("%s: %s failed", counter_id, action)
            outcome = Outcome(action, Result.REFUSED, detail="internal error")
        finally:
            self._in_flight.pop(counter_id, None)
        self.last_outcome = outcome
        log.info("keypad %d -> %s %s: %s %s", press.address, counter_id, action,
                 outcome.result, outcome.number)
        if not self.keypad.send_feedback(press.address, feedback_for(outcome)):
            log.warning("keypad feedback not delivered (device unplugged)")
