"""Async helpers shared by the counter tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from counter.connection import make_connection
from counter.model import CounterModel
from hub.api.schemas import CounterView, ServiceView, StateView, TicketSnapshot
from hub.client import ConnectionState, Credentials, DeviceConnection
from tests.support.hub_process import HubProcess

DAY = "2026-11-23"


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


def loaded_model(state: str = "open", ticket_state: str | None = None) -> CounterModel:
    """A connected model fed by hand: counter-1 serving "general", no hub."""
    model = CounterModel("counter-1")
    service = ServiceView(id="general", prefix="A", names={"en": "General"}, target_wait_s=600,
                          priority_allowed=True, waiting=0, estimated_wait_s=None)
    counter = CounterView(id="counter-1", number="1", name=None, skills={"general": 1.0},
                          state=state, ticket_id="t1" if ticket_state else None,
                          ticket_number="A001" if ticket_state else None, pause_reason=None,
                          changed_at=0.0)
    model.mirror.load(StateView(seq=1, hub_id="h1", site="s", business_day=DAY,
                                languages=["en"], priorities=["normal"], services=[service],
                                counters=[counter], waiting=[], recent_calls=[]))
    if ticket_state:
        model.mirror.put_ticket(TicketSnapshot(
            id="t1", number="A001", service_id="general", priority="normal", language="en",
            state=ticket_state, business_day=DAY, issued_at=1.0, queued_at=1.0,
            called_at=2.0, counter_id="counter-1"))
    model.mirror_loaded = True
    model.connection_state = ConnectionState.CONNECTED
    return model
