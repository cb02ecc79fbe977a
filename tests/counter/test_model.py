"""The model against a real hub: actions, what is possible when, timers, the clerk's day,
and the hub going away (nothing kept, nothing replayed)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from counter.actions import Action, Why
from counter.commands import Result, Target
from counter.connection import make_connection
from counter.model import CounterModel
from tests.counter.conftest import api, counter_state, event_types, issue
from tests.counter.helpers import start_model, until
from tests.support.hub_process import HubProcess


@pytest.fixture
async def terminals(hub: HubProcess, tmp_path: Path) -> AsyncIterator[Callable[..., object]]:
    started = []

    async def make(counter_id: str = "counter-1", **kwargs: object) -> CounterModel:
        model, connection = await start_model(hub, counter_id, tmp_path / counter_id, **kwargs)
        started.append((model, connection))
        return model

    yield make
    for model, connection in started:
        await connection.stop()
        await model.aclose()


async def test_a_clerks_round_through_every_action(hub: HubProcess, terminals) -> None:
    model: CounterModel = await terminals("counter-1")
    assert model.counter is not None and model.counter.state == "closed"
    assert model.availability()[Action.CALL_NEXT] is Why.CLOSED
    assert model.availability()[Action.OPEN] is None

    assert (await model.perform(Action.OPEN)).ok
    assert await until(lambda: model.counter.state == "open")
    empty = await model.perform(Action.CALL_NEXT)
    assert empty.result is Result.EMPTY

    first, second = issue(hub, "general"), issue(hub, "payments")
    assert await until(lambda: [t.number for t in model.next_numbers()] == [first, second])
    assert model.waiting_counts() == {"general": 1, "payments": 1}

    called = await model.perform(Action.CALL_NEXT)
    assert (called.result, called.number) == (Result.OK, first)
    assert await until(lambda: model.ticket is not None and model.ticket.number == first)
    available = model.availability()
    assert {a for a, why in available.items() if why is None} == {
        Action.CALL_NEXT, Action.RECALL, Action.START, Action.DONE, Action.NO_SHOW,
        Action.TRANSFER}
    assert available[Action.PAUSE] is Why.HAS_TICKET
    assert available[Action.CLOSE] is Why.HAS_TICKET

    recalled = await model.perform(Action.RECALL)
    assert recalled.ok and recalled.number == first
    assert await until(lambda: model.ticket.recall_count == 1)
    assert (await model.perform(Action.START)).ok
    assert await until(lambda: model.ticket.state == "serving")
    assert model.availability()[Action.RECALL] is Why.NOT_CALLED
    assert model.availability()[Action.NO_SHOW] is Why.NOT_CALLED
    assert model.availability()[Action.DONE] is None
    assert model.at_counter_s() is not None and model.waited_s() is not None

    # Transfer the visitor being served to payments: the queue gets them back.
    moved = await model.perform(Action.TRANSFER, target=Target(service_id="payments"))
    assert moved.ok and moved.number == first
    assert await until(lambda: model.ticket is None)
    assert await until(lambda: model.waiting_counts() == {"general": 0, "payments": 2})

    again = await model.perform(Action.CALL_NEXT)
    assert again.number in (first, second)
    assert await until(lambda: model.ticket is not None)
    assert (await model.perform(Action.NO_SHOW)).ok
    assert await until(lambda: model.ticket is None)
    assert model.availability()[Action.DONE] is Why.NO_TICKET

    last = await model.perform(Action.CALL_NEXT)
    assert last.ok
    assert await until(lambda: model.ticket is not None)
    assert (await model.perform(Action.DONE)).ok
    assert await until(lambda: model.ticket is None)

    assert (await model.perform(Action.PAUSE, reason="Lunch")).ok
    assert await until(lambda: model.counter.state == "paused")
    assert model.counter.pause_reason == "Lunch"
    assert model.availability()[Action.CALL_NEXT] is Why.PAUSED
    assert model.availability()[Action.OPEN] is Why.PAUSED
    assert (await model.perform(Action.RESUME)).ok
    assert await until(lambda: model.counter.state == "open")
    assert (await model.perform(Action.CLOSE)).ok
    assert await until(lambda: model.counter.state == "closed")
    assert counter_state(hub, "counter-1")["state"] == "closed"

    # The clerk's day, counted from the events this terminal saw.
    stats = model.stats
    assert (stats.calls, stats.served, stats.no_shows, stats.transferred) == (3, 1, 1, 1)
    assert stats.average_service_s is not None and stats.average_service_s >= 0


async def test_invalid_action_is_refused_without_asking_the_hub(hub: HubProcess,
                                                                terminals) -> None:
    model: CounterModel = await terminals("counter-2")
    before = event_types(hub)
    outcome = await model.perform(Action.RECALL)
    assert (outcome.result, outcome.detail) == (Result.REFUSED, "no_ticket")
    assert model.request(Action.DONE) is None
    assert event_types(hub) == before


async def test_counter_token_cannot_act_for_another_counter(hub: HubProcess,
                                                            terminals) -> None:
    # Configured for counter-2 with counter-1's token: the hub says no, the clerk sees why.
    model: CounterModel = await terminals("counter-2", who="counter-1")
    outcome = await model.perform(Action.OPEN)
    assert outcome.result is Result.REFUSED
    assert outcome.status == 403


async def test_hub_down_disables_everything_and_nothing_is_replayed(
        hub: HubProcess, terminals) -> None:
    model: CounterModel = await terminals("counter-1")
    assert (await model.perform(Action.OPEN)).ok
    number = issue(hub)
    assert await until(lambda: len(model.next_numbers()) == 1)

    hub.kill()
    assert await until(lambda: not model.connected)
    assert set(model.availability().values()) == {Why.OFFLINE}
    assert model.request(Action.CALL_NEXT) is None
    refused = await model.perform(Action.CALL_NEXT)
    assert refused.result is Result.UNREACHABLE

    seq_before = len(event_types(hub))
    hub.start()
    assert await until(lambda: model.connected, timeout=20)
    assert await until(lambda: model.availability()[Action.CALL_NEXT] is None)
    # Nothing pressed while the hub was away was sent when it came back.
    assert "ticket.called" not in event_types(hub, seq_before)
    status, state = api(hub, "GET", "/state")
    assert [t["number"] for t in state["waiting"]] == [number]


async def test_restarted_terminal_remembers_the_morning(hub: HubProcess, tmp_path: Path,
                                                        terminals) -> None:
    model: CounterModel = await terminals("counter-3")
    assert (await model.perform(Action.OPEN)).ok
    for _ in range(2):
        issue(hub, "documents")
        assert (await model.perform(Action.CALL_NEXT)).ok
    assert (await model.perform(Action.DONE)).ok
    assert await until(lambda: model.stats.served == 2)

    # A second terminal for the same counter, as after a restart: figures come back from
    # the saved file plus the hub's log; one started with no file replays the whole log.
    again: CounterModel = await terminals("counter-3")
    assert await until(lambda: again.stats_complete and again.stats.served == 2)
    fresh, connection = await start_model(hub, "counter-3", tmp_path / "fresh")
    try:
        assert await until(lambda: fresh.stats_complete and fresh.stats.served == 2)
        assert fresh.stats.calls == 2
    finally:
        await connection.stop()
        await fresh.aclose()


async def test_finds_the_hub_by_mdns_and_pairs(tmp_path: Path) -> None:
    # mDNS only on 127.0.0.1: nothing reaches the machine's real network.
    hub = HubProcess(tmp_path / "mdns-hub", mdns=True)
    hub.workdir.mkdir()
    hub.create_tokens()
    hub.start()
    connection = make_connection(name="Window 4", state_dir=tmp_path / "state", hub_url=None,
                                 interfaces=["127.0.0.1"])
    model = CounterModel("counter-1", stats_dir=tmp_path / "state")
    model.attach(connection)
    try:
        await connection.start()
        assert await until(lambda: model.pairing_code is not None, timeout=20)
        status, _ = api(hub, "POST", "/pairing/approve",
                        body={"code": model.pairing_code, "counter_id": "4"})
        assert status == 200
        assert await until(lambda: model.connected and model.counter is not None)
        assert model.counter_id == "counter-4"
        assert (await model.perform(Action.OPEN)).ok
    finally:
        await connection.stop()
        await model.aclose()
        hub.stop()


async def test_closing_survives_a_replay_cut_short(tmp_path: Path) -> None:
    # Stopping the connection closes the day-figures replay's session under it; aiohttp
    # then fails with an internal AssertionError. Closing the model must still succeed
    # (it runs in the terminal's shutdown path: SIGTERM must exit 0).
    model = CounterModel("counter-1", stats_dir=tmp_path)
    started = asyncio.Event()

    async def replay_cut_short() -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            raise AssertionError from None  # as aiohttp's ws_connect did

    model._stats_task = asyncio.get_running_loop().create_task(replay_cut_short())
    await started.wait()
    await model.aclose()
    assert model._stats_task.done()
