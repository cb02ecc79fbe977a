"""Test helpers: run an EventFollower in the background and look at what it yielded."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hub.api.schemas import EventMessage
from hub.client import EventFollower, Snapshot, StreamItem


@dataclass
class Collector:
    follower: EventFollower
    items: list[StreamItem] = field(default_factory=list)
    error: BaseException | None = None
    task: asyncio.Task[None] | None = None

    def start(self) -> Collector:
        self.task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def _run(self) -> None:
        try:
            async with contextlib.aclosing(self.follower.items()) as items:
                async for item in items:
                    self.items.append(item)
        except Exception as exc:  # the test inspects it
            self.error = exc

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    @property
    def events(self) -> list[tuple[int, str]]:
        return [(i.seq, i.type) for i in self.items if isinstance(i, EventMessage)]

    @property
    def snapshots(self) -> list[Snapshot]:
        return [i for i in self.items if isinstance(i, Snapshot)]

    def events_after(self, snapshot: Snapshot) -> list[tuple[int, str]]:
        index = next(n for n, i in enumerate(self.items) if i is snapshot)
        return [(i.seq, i.type) for i in self.items[index + 1:] if isinstance(i, EventMessage)]

    async def wait(self, predicate: Callable[[], bool], timeout: float = 10.0,
                   what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.error is not None:
                raise AssertionError(f"follower failed: {self.error!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; items: {self.items!r}"[:2000])
            await asyncio.sleep(0.02)
