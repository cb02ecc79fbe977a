"""Display test fixtures: a real hub, snapshots built by hand, no threads left behind."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hub_process import HubProcess, running_hub


@pytest.fixture(autouse=True)
def no_threads_left() -> Iterator[None]:
    """Every display test must stop what it started (announcer, speech engine workers)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5.0
    while True:
        extra = [t for t in threading.enumerate()
                 if t not in before and t.is_alive() and not t.daemon]
        extra += [t for t in threading.enumerate()
                  if t not in before and t.is_alive() and t.name == "announcer"]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not extra, f"threads left behind: {[t.name for t in extra]}"


@pytest.fixture(autouse=True)
def qt_objects_deleted() -> Iterator[None]:
    """Delete the widgets a test closed now, on this thread, not at some later moment.

    pytest-qt closes them and calls deleteLater(), which processEvents() never carries out.
    """
    yield
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QEvent

        if QCoreApplication.instance() is not None:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A real hub process on 127.0.0.1 with the sample office and a fresh database."""
    with running_hub(tmp_path / "hub") as process:
        yield process
