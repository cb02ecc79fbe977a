"""pty pairs that are always torn down, and a check that no test leaves threads behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tests.support.serial_pty import socat  # noqa: F401 - the pty-pair fixture


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a driver or collector thread running."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra:
            return
        time.sleep(0.01)
    pytest.fail(f"threads left running: {extra}")
