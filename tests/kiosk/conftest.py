"""Fixtures for kiosk tests: a real hub with a test office, printers, no leftover threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kiosk.harness import OFFICE
from tests.support.hub_process import HubProcess, running_hub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A fresh hub process on 127.0.0.1 serving the test office."""
    with running_hub(tmp_path / "hub", config=OFFICE) as process:
        yield process


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a thread running (printer workers, pollers, fake printers)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 3
    while extra := [t for t in threading.enumerate() if t not in before and t.is_alive()]:
        if time.monotonic() > deadline:
            pytest.fail(f"threads left running: {[t.name for t in extra]}")
        time.sleep(0.01)


from tests.kiosk.qt import qloop  # noqa: E402, F401 - a fixture for the Qt tests
