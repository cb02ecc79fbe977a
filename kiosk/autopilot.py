"""Simulated visitors (`--autopilot RATE`) for the headless demo and end-to-end tests.

Visitors arrive at random (a Poisson process, RATE per second), pick a language and a
service, sometimes the priority button, and tap through the model's own methods — what the
UI buttons call — never raw HTTP: the demo shows what the kiosk really does. A visitor who
finds the kiosk busy or out of service waits until it shows the home screen again.

Qt-free: asyncio only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable

from kiosk.model import KioskModel
from kiosk.view import Screen

_LOGGER = logging.getLogger(__name__)

PRIORITY_SHARE = 0.1  # one visitor in ten is entitled to a priority ticket
THINK_S = (0.3, 1.2)  # reading the screen before tapping
TAKE_S = (0.5, 1.5)  # taking the ticket (or a photo of the screen) before leaving
WAIT_LIMIT_S = 60.0  # a visitor gives up after waiting this long for the kiosk
_DONE = (Screen.TICKET, Screen.FALLBACK, Screen.REFUSED, Screen.OUT_OF_SERVICE, Screen.HOME)


def _loop_running() -> bool:
    try:
        return asyncio.get_running_loop().is_running()
    except RuntimeError:
        return False


class Autopilot:
    """Visitors arriving at `rate` per second at one kiosk."""

    def __init__(self, model: KioskModel, rate: float, *, seed: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("the autopilot's visitor rate must be positive")
        self.model = model
        self.rate = rate
        self.seed = random.SystemRandom().randrange(2**32) if seed is None else seed
        self.rng = random.Random(self.seed)
        # A sped-up demo day brings several visitors a second: they read and take faster.
        self.pace = min(1.0, 1.0 / (3.0 * rate))
        self.visitors = 0  # visitors who tapped a service
        self.tickets: list[str] = []  # numbers they were shown
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Let visitors come."""
        _LOGGER.info("autopilot: %.3f visitors/s (seed %d)", self.rate, self.seed)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="autopilot")

    async def stop(self) -> None:
        """No more visitors."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        arrival = loop.time()
        while _loop_running():
            try:
                # Arrivals keep their own clock: a visitor who comes while the previous one
                # is still at the kiosk waits, as in a real lobby.
                arrival += self.rng.expovariate(self.rate)
                await asyncio.sleep(max(0.0, arrival - loop.time()))
                await self._visit()
            except Exception:  # a confused visitor must not end the demo
                if not _loop_running():
                    return  # qasync steps leftover tasks once more after the app quit
                _LOGGER.exception("autopilot visitor failed")

    async def _until(self, done: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + WAIT_LIMIT_S
        while not done():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.1 * self.pace)
        return True

    async def _visit(self) -> None:
        model = self.model
        if not await self._until(lambda: model.screen is Screen.HOME and model.view.services):
            return
        model.set_language(self.rng.choice(model.view.languages))
        await asyncio.sleep(self.pace * self.rng.uniform(*THINK_S))
        services = model.view.services
        if model.screen is not Screen.HOME or not services:
            return
        service = self.rng.choice(services)
        priority = (service.priority_allowed and model.priority_offered()
                    and self.rng.random() < PRIORITY_SHARE)
        if not model.request_ticket(service.id, priority=priority):
            return
        self.visitors += 1
        if not await self._until(lambda: model.screen in _DONE):
            return
        if model.view.ticket is not None:
            self.tickets.append(model.view.ticket.number)
        await asyncio.sleep(self.pace * self.rng.uniform(*TAKE_S))
        model.done()
