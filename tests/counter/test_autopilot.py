"""The autopilot clerk: its decisions on a hand-fed model, then on a real hub (serving a
queue, asking an empty one again, sitting out a hub outage)."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from counter.actions import Action
from counter.autopilot import MIN_RETRY_S, Autopilot, Step
from counter.model import CounterModel
from hub.client import ConnectionState
from tests.counter.conftest import api, counter_state
from tests.counter.helpers import loaded_model, start_model, until
from tests.support.hub_process import HubProcess


# -- decisions, no hub ------------------------------------------------------------------------
def test_decides_like_a_clerk() -> None:
    assert Autopilot(loaded_model("closed"), 2.0).plan(100.0) == Step(Action.OPEN, 100.0)
    assert Autopilot(loaded_model("paused"), 2.0).plan(100.0) == Step(Action.RESUME, 100.0)
    assert Autopilot(loaded_model(), 2.0).plan(100.0) == Step(Action.CALL_NEXT, 100.0)
    # The called visitor walks up for a tenth of a service, wherever the clerk re-plans.
    pilot = Autopilot(loaded_model(ticket_state="called"), 2.0)
    assert pilot.plan(100.0) == Step(Action.START, pytest.approx(100.2))
    assert pilot.plan(100.1) == Step(Action.START, pytest.approx(100.2))


def test_service_times_are_exponential_with_the_given_mean_and_seeded() -> None:
    draws = []
    for _ in range(2):
        pilot = Autopilot(loaded_model(ticket_state="serving"), 2.0, seed=42)
        step = pilot.plan(100.0)
        assert step.action is Action.DONE
        assert pilot.plan(101.0) == step  # drawn once per visitor, not per look
        draws.append(step.at)
    assert draws[0] == draws[1]
    pilot = Autopilot(loaded_model(), 2.0, seed=1)
    samples = [pilot.rng.expovariate(1 / 2.0) for _ in range(4000)]
    assert sum(samples) / len(samples) == pytest.approx(2.0, rel=0.08)
    assert Autopilot(loaded_model(), 2.0).seed != Autopilot(loaded_model(), 2.0).seed


def test_does_nothing_offline_or_while_a_press_is_on_its_way() -> None:
    model = loaded_model("closed")
    pilot = Autopilot(model, 2.0)
    model.connection_state = ConnectionState.RECONNECTING
    assert pilot.plan(100.0) == Step(None)
    model.connection_state = ConnectionState.CONNECTED
    model.busy = Action.OPEN  # the clerk's own press
    assert pilot.plan(100.0) == Step(None)
    with pytest.raises(ValueError, match="positive"):
        Autopilot(model, 0.0)
    assert Autopilot(model, 0.4).retry_s == MIN_RETRY_S
    assert Autopilot(model, 8.0).retry_s == 2.0


# -- on a real hub ---------------------------------------------------------------------------
@pytest.fixture
async def pilots(hub: HubProcess, tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    started: list[tuple[Autopilot, Any, Any]] = []

    async def make(counter_id: str, service_s: float, **kwargs: Any
                   ) -> tuple[CounterModel, Autopilot]:
        model, connection = await start_model(hub, counter_id, tmp_path / counter_id)
        pilot = Autopilot(model, service_s, **kwargs)
        started.append((pilot, model, connection))
        pilot.start()
        return model, pilot

    yield make
    for pilot, model, connection in started:
        await pilot.stop()
        await connection.stop()
        await model.aclose()


def issue_ids(hub: HubProcess, n: int, service_id: str = "general") -> list[str]:
    ids = []
    for _ in range(n):
        status, ticket = api(hub, "POST", "/tickets", "kiosk", {"service_id": service_id})
        assert status == 201, ticket
        ids.append(ticket["id"])
    return ids


def states(hub: HubProcess, ids: list[str]) -> list[str]:
    return [api(hub, "GET", f"/tickets/{tid}")[1]["state"] for tid in ids]


async def test_opens_and_serves_the_queue(hub: HubProcess, pilots) -> None:
    ids = issue_ids(hub, 4)
    model, pilot = await pilots("counter-2", 0.2, seed=5)
    assert await until(lambda: states(hub, ids) == ["done"] * 4, timeout=30), states(hub, ids)
    assert counter_state(hub, "counter-2")["state"] == "open"
    # (the hub may record the last "done" before its answer reaches the autopilot)
    assert await until(lambda: pilot.presses.get(Action.DONE) == 4)
    assert pilot.presses[Action.OPEN] == 1
    assert pilot.presses[Action.CALL_NEXT] == pilot.presses[Action.START] == 4
    assert await until(lambda: model.stats.served == 4)


async def test_asks_an_empty_queue_again_after_the_retry_delay(hub: HubProcess,
                                                               pilots) -> None:
    api(hub, "POST", "/counters/counter-2/open")
    model, pilot = await pilots("counter-2", 4.0)  # retry every 1 s
    calls: list[float] = []
    request = model.request

    def spy(action: Action, **kwargs: Any) -> Any:
        if action is Action.CALL_NEXT:
            calls.append(time.monotonic())
        return request(action, **kwargs)

    model.request = spy  # type: ignore[method-assign]
    await asyncio.sleep(3.5)
    assert 2 <= len(calls) <= 4, calls
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert all(gap >= 0.9 for gap in gaps), gaps
    [ticket_id] = issue_ids(hub, 1)
    assert await until(lambda: states(hub, [ticket_id]) != ["waiting"], timeout=5)


async def test_sits_out_a_hub_outage_and_resumes(hub: HubProcess, pilots) -> None:
    model, pilot = await pilots("counter-1", 0.3)
    assert await until(lambda: counter_state(hub, "counter-1")["state"] == "open")
    hub.kill()
    assert await until(lambda: not model.connected)
    pressed = dict(pilot.presses)
    await asyncio.sleep(1.5)
    assert pilot.presses == pressed  # nothing pressed, nothing queued for later
    assert model.busy is None
    hub.start()
    assert await until(lambda: model.connected, timeout=20)
    ids = issue_ids(hub, 2, "payments")
    assert await until(lambda: states(hub, ids) == ["done"] * 2, timeout=20), states(hub, ids)
