"""Fixtures of the simulation tests."""

from __future__ import annotations

import pytest

from tests.hub.engine.harness import Desk, sample_config


@pytest.fixture
def desk() -> Desk:
    """The sample office at a frozen time, all counters closed (the engine tests' harness)."""
    return Desk(sample_config())
