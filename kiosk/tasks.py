"""Background tasks the kiosk starts and must not lose track of (cancelled on stop)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

_LOGGER = logging.getLogger(__name__)


class TaskGroup:
    """Tasks on the running loop, kept referenced, logged when they fail, cancelled on stop."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run `coro` as a task named `kiosk-<name>`."""
        task = asyncio.get_running_loop().create_task(coro, name=f"kiosk-{name}")
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _LOGGER.error("task %s failed", task.get_name(), exc_info=task.exception())

    async def settle(self, name: str, grace_s: float) -> bool:
        """Let the running tasks named `name` finish, for at most `grace_s` seconds.

        True when none is left. Nothing is cancelled here: `cancel_all` does that after.
        """
        tasks = [t for t in self._tasks if t.get_name() == f"kiosk-{name}" and not t.done()]
        if not tasks:
            return True
        _done, pending = await asyncio.wait(tasks, timeout=grace_s)
        return not pending

    async def cancel_all(self) -> None:
        """Cancel every task and wait until they have finished."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
