"""A simulated clerk (`--autopilot SERVICE_S`) for the headless demo and end-to-end tests.

It presses the same buttons a clerk would, through `CounterModel.request` (the buttons'
own path), never raw HTTP: what the demo shows is what the terminal really does. Each
turn it looks at the model and decides one step: open a closed counter (resume a paused
one), call the next visitor, start serving after a short walk-up, finish after an
exponentially distributed service time with mean SERVICE_S. While the hub is unreachable
every action is unavailable, so it waits for the model to change and resumes by itself.

Qt-free: asyncio only. Times are the loop's monotonic clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from counter.actions import Action
from counter.commands import Result
from counter.model import CounterModel

log = logging.getLogger(__name__)

WALK_UP_SHARE = 0.1  # the called visitor needs 10% of a mean service to reach the counter
MIN_RETRY_S = 0.5  # how soon an empty queue is asked again, at the shortest
SETTLE_S = 5.0  # how long an accepted action may take to show in the model's mirror


@dataclass(frozen=True, slots=True)
class Step:
    """What to press next and when; re-planned earlier if the model changes meanwhile.

    `action` None: press nothing, look again at `at` (None: only when the model changes).
    """

    action: Action | None
    at: float | None = None


class Autopilot:
    """Drives one counter's model like a clerk with mean service time `service_s`."""

    def __init__(self, model: CounterModel, service_s: float, *,
                 seed: int | None = None) -> None:
        if service_s <= 0:
            raise ValueError("the autopilot's service time must be positive")
        self.model, self.service_s = model, service_s
        self.seed = random.SystemRandom().randrange(2**32) if seed is None else seed
        self.rng = random.Random(self.seed)
        self.presses: dict[Action, int] = {}  # accepted actions, for logs and tests
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._plans: dict[tuple[str, str], float] = {}  # (ticket id, state) -> when to act
        self._not_before = 0.0  # after an empty queue or a failed press
        self._settling: tuple[tuple[object, ...], float] | None = None
        self._refusals: set[tuple[Action, int | None]] = set()

    @property
    def retry_s(self) -> float:
        """How long to wait before asking an empty queue again."""
        return max(MIN_RETRY_S, self.service_s / 4)

    def now(self) -> float:
        """The monotonic time plans are made in."""
        return asyncio.get_running_loop().time()

    # -- running --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start driving on the running loop."""
        # A warning, as the demo logs only those; the seed repeats the service times.
        log.warning("autopilot driving %s: mean service %.3f s, seed %d",
                    self.model.counter_id, self.service_s, self.seed)
        self._unsubscribe = self.model.subscribe(self._changed.set)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="autopilot")

    async def stop(self) -> None:
        """Stop at once; a press on its way is cancelled like any other on exit."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            self._changed.clear()
            now = self.now()
            step = self.plan(now)
            if step.action is not None and (step.at is None or step.at <= now):
                await self._press(step.action)
            elif step.at is None:
                await self._changed.wait()
            else:
                # Any change re-plans: the visitor may have been finished by someone else.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), step.at - now)

    async def _press(self, action: Action) -> None:
        before = self._situation_key()
        task = self.model.request(action)
        if task is None:  # the rules say no after all: look again a little later
            self._not_before = self.now() + self.retry_s
            return
        outcome = await task
        if outcome.result is Result.OK:
            self.presses[action] = self.presses.get(action, 0) + 1
            # The hub said yes; the event saying so may still be on its way. Acting on
            # the old picture would call a second visitor over the first one.
            self._settling = (before, self.now() + SETTLE_S)
        else:
            if outcome.result is Result.REFUSED:
                # A refusal repeats every retry (a token for another counter: 403): say it
                # loudly once, since the demo runs with warnings only.
                first = (action, outcome.status) not in self._refusals
                self._refusals.add((action, outcome.status))
                log.log(logging.WARNING if first else logging.DEBUG,
                        "autopilot: the hub refused %s at %s (%s %s)", action,
                        self.model.counter_id, outcome.status, outcome.detail)
            self._not_before = self.now() + self.retry_s

    # -- deciding --------------------------------------------------------------------------------
    def _situation_key(self) -> tuple[object, ...]:
        counter, ticket = self.model.counter, self.model.ticket
        return (counter.state if counter else None, counter.ticket_id if counter else None,
                ticket.state if ticket else None)

    def plan(self, now: float) -> Step:
        """The next step in the model's current situation."""
        model = self.model
        situation = model.situation()
        if not situation.connected or situation.busy:
            return Step(None)
        if self._settling is not None:
            key, until = self._settling
            if key == self._situation_key() and now < until:
                return Step(None, until)
            self._settling = None
        later = max(now, self._not_before)
        if situation.counter_state == "closed":
            return Step(Action.OPEN, later)
        if situation.counter_state == "paused":
            return Step(Action.RESUME, later)
        counter = model.counter
        if situation.ticket_state is None or counter is None or counter.ticket_id is None:
            self._plans.clear()
            return Step(Action.CALL_NEXT, later)
        ticket_id, state = counter.ticket_id, situation.ticket_state
        self._plans = {k: v for k, v in self._plans.items() if k[0] == ticket_id}
        at = self._plans.get((ticket_id, state))
        if at is None:
            delay = (WALK_UP_SHARE * self.service_s if state == "called"
                     else self.rng.expovariate(1.0 / self.service_s))
            at = self._plans[(ticket_id, state)] = now + delay
        return Step(Action.START if state == "called" else Action.DONE, max(at, later))
