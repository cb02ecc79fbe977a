"""Async helpers shared by the counter tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from counter.connection import make_connection
from counter.model import CounterModel
from hub.client import Credentials, DeviceConnection
from tests.support.hub_process import HubProcess


async def until(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Let the loop run until `predicate()` holds or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


def token_connection(hub: HubProcess, who: str, state_dir: Path,
                     counter_id: str | None = None) -> DeviceConnection:
    """A counter connection using one of the test hub's tokens (no pairing)."""
    credentials = Credentials(hub_id="", hub_url=hub.url, token=hub.tokens[who],
                              role="counter", counter_id=counter_id)
    return make_connection(name=f"test {who}", state_dir=state_dir, hub_url=hub.url,
                           interfaces=None, token_credentials=credentials)


async def start_model(hub: HubProcess, counter_id: str, state_dir: Path,
                      who: str | None = None, **kwargs: object
                      ) -> tuple[CounterModel, DeviceConnection]:
    """A model following the hub as `counter_id`, connected and loaded."""
    connection = token_connection(hub, who or counter_id, state_dir, counter_id)
    model = CounterModel(counter_id, stats_dir=state_dir, **kwargs)  # type: ignore[arg-type]
    model.attach(connection)
    await connection.start()
    assert await until(lambda: model.connected and model.mirror_loaded), "never connected"
    return model, connection
