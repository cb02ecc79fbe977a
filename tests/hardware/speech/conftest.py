"""Speech test fixtures: every test must leave no thread behind; a settable clock."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest

from tests.hardware.speech.helpers import SettableClock


@pytest.fixture(autouse=True)
def no_threads_left() -> Iterator[None]:
    """Every speech test must join the threads it started (synth worker, announcer)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not extra, f"threads left behind: {[t.name for t in extra]}"


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(dt.time(12, 0))
