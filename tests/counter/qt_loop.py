"""asyncio inside pytest-qt: a qasync loop marked as running, so `qtbot.waitUntil` (which
spins Qt's event loop) also runs asyncio callbacks, timers and sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import qasync
from pytestqt.qtbot import QtBot

T = TypeVar("T")


def make_loop(app: Any) -> qasync.QEventLoop:
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    return loop


def close_loop(loop: qasync.QEventLoop, qtbot: QtBot) -> None:
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=10_000)
    # loop.close() refuses a loop marked running; its thread pool must still be joined.
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


def run(qtbot: QtBot, coro: Coroutine[Any, Any, T], timeout_ms: int = 20_000) -> T:
    """Run `coro` on the qasync loop while Qt spins; return its result."""
    task = asyncio.get_event_loop().create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout_ms)
    return task.result()
