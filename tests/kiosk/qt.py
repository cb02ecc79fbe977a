"""Run the kiosk's asyncio code inside pytest-qt's Qt loop (qasync), and take screenshots."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication, QWidget

T = TypeVar("T")
SIZES = {"1920x1080": (1920, 1080), "768x1024": (768, 1024)}


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """An asyncio loop that runs whenever Qt's loop runs (qtbot.wait*, waitUntil)."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    try:
        yield loop
    finally:
        asyncio.events._set_running_loop(None)
        with contextlib.suppress(RuntimeError, TypeError):
            qapp.aboutToQuit.disconnect(loop._after_run_forever)
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        loop.close()


def run(qtbot: Any, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T],
        timeout: float = 20.0) -> T:
    """Run `coro` on the qasync loop while Qt keeps processing events; return its result."""
    task = loop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=round(timeout * 1000))
    return task.result()


def wait_for(qtbot: Any, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let Qt (and asyncio) run until `predicate()` holds; fail after `timeout` seconds."""
    qtbot.waitUntil(predicate, timeout=round(timeout * 1000))


def shoot(widget: QWidget, folder: Path, name: str) -> Path:
    """Save what `widget` shows as `folder/name.png`."""
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path
