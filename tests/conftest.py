"""Shared test fixtures: offscreen Qt, an output folder for screenshots, tickets and audio."""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.hub.client.proxy import LossyProxy
from tests.support.hub_process import HubProcess

# Qt aborts with no display unless told to render offscreen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_ROOT = Path(os.environ.get("NOWSERVING_TEST_OUTPUT", ROOT / "test-output"))


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    """A folder kept after the run for what a person should look at (PNG, WAV, bytes)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
    path = OUTPUT_ROOT / name
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
async def proxy(hub: HubProcess) -> AsyncIterator[LossyProxy]:
    """A proxy in front of the test's own `hub` that can lose answers or go silent."""
    lossy = LossyProxy(hub.port)
    await lossy.start()
    try:
        yield lossy
    finally:
        await lossy.close()
