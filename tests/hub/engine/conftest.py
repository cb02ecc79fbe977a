"""Fixtures of the engine tests: offices at a frozen time."""

from __future__ import annotations

import pytest

from tests.hub.engine.harness import Desk, sample_config, small_config


@pytest.fixture
def desk() -> Desk:
    """The sample office (general A, payments B, documents C; counters 1-4), all closed."""
    return Desk(sample_config())


@pytest.fixture
def small() -> Desk:
    """A two-service office whose numbers wrap after 9, all counters closed."""
    return Desk(small_config())
