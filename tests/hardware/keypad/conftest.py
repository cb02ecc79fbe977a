"""pty pairs that are always torn down, and a check that no test leaves threads behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hardware.keypad.ptypair import SocatPair, start_socat


@pytest.fixture
def socat(tmp_path: Path) -> Iterator[Callable[..., SocatPair]]:
    """Factory starting socat pty pairs; every pair is stopped at teardown."""
    pairs: list[SocatPair] = []

    def factory(driver_link: Path | None = None, device_link: Path | None = None) -> SocatPair:
        pair = start_socat(tmp_path, driver_link, device_link)
        pairs.append(pair)
        return pair

    yield factory
    for pair in pairs:
        pair.stop()
    assert all(pair.proc.poll() is not None for pair in pairs)


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
