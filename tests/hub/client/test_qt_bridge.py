"""The Qt bridge against a real hub, offscreen: signals for pairing, state, snapshot, events.

Two ways to drive asyncio under Qt in tests, both shown here:
- `run_qt_app(app, main())`, as the apps do: qasync runs asyncio inside `app.exec()`;
- pytest-qt's `qtbot.waitSignal` spinning a nested Qt loop while a qasync loop created with
  `already_running=True` is registered as asyncio's running loop (reset afterwards, so the
  pytest-asyncio tests that follow get their own loops).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hub.api.schemas import EventMessage
from hub.client import (
    CredentialStore,
    DeviceConnection,
    EventFollower,
    HubBridge,
    HubClient,
    Snapshot,
    run_qt_app,
)
from tests.support.hub_process import HubProcess


def _signal_future(signal: Any, accept: Any = lambda *_: True) -> asyncio.Future[Any]:
    """A future resolved by the first emission of `signal` that `accept`s."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def slot(value: Any) -> None:
        if not future.done() and accept(value):
            future.set_result(value)

    signal.connect(slot)
    return future


def test_bridge_signals_for_pairing_snapshot_and_events(
    qapp: QApplication, hub: HubProcess, tmp_path: Path
) -> None:
    async def main() -> dict[str, Any]:
        connection = DeviceConnection("display", "Lobby TV", app_version="2.0",
                                      store=CredentialStore(tmp_path / "display"),
                                      hub_url=hub.url)
        bridge = HubBridge(connection)
        states: list[str] = []
        events: list[EventMessage] = []
        bridge.connectionStateChanged.connect(states.append)
        bridge.event.connect(events.append)
        code = _signal_future(bridge.pairingCode)
        snapshot = _signal_future(bridge.snapshot)
        issued = _signal_future(bridge.event, lambda e: e.type == "ticket.issued")
        bridge.start()
        try:
            shown = await asyncio.wait_for(code, 10)
            async with HubClient(hub.url, hub.tokens["admin"]) as admin:
                await admin.approve(shown)
            first: Snapshot = await asyncio.wait_for(snapshot, 10)
            async with HubClient(hub.url, hub.tokens["kiosk"]) as kiosk:
                ticket = await kiosk.issue_ticket("documents")
            event: EventMessage = await asyncio.wait_for(issued, 10)
        finally:
            await bridge.stop()
        return {"code": shown, "snapshot": first, "event": event, "ticket": ticket,
                "states": states}

    result = run_qt_app(qapp, main())
    assert result is not None
    assert len(result["code"]) == 6 and result["code"].isdigit()
    assert result["snapshot"].reason == "initial"
    assert result["event"].data["ticket"]["id"] == result["ticket"].id
    assert result["states"] == ["pairing", "connected", "stopped"]


def test_run_qt_app_cancels_main_when_the_app_quits(qapp: QApplication) -> None:
    cleaned: list[str] = []

    async def main() -> str:
        QTimer.singleShot(100, qapp.quit)  # the user closed the last window
        try:
            await asyncio.sleep(30)
        finally:
            cleaned.append("cleanup ran")
        return "never"

    assert run_qt_app(qapp, main()) is None
    assert cleaned == ["cleanup ran"]


@pytest.fixture
def qt_asyncio(qapp: QApplication, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    """asyncio on Qt's loop for a sync pytest-qt test; nested Qt loops drive it.

    qasync's documented way to join a QApplication that is (as far as asyncio knows)
    already running; the caller must undo it, which is what the teardown does.
    """
    loop = qasync.QEventLoop(qapp, already_running=True)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=5000)
        # Undo `already_running` without `stop()`: stopping asks Qt's loop to exit, which
        # would end the next pytest-qt wait of whatever test runs after this one.
        asyncio.events._set_running_loop(None)
        with contextlib.suppress(RuntimeError, TypeError):
            qapp.aboutToQuit.disconnect(loop._after_run_forever)
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        loop.close()


def test_qtbot_waits_for_bridge_signals(
    qtbot: QtBot, qt_asyncio: qasync.QEventLoop, hub: HubProcess
) -> None:
    display = HubClient(hub.url, hub.tokens["display"])
    kiosk = HubClient(hub.url, hub.tokens["kiosk"])
    bridge = HubBridge(EventFollower(display))
    with qtbot.waitSignal(bridge.snapshot, timeout=10000) as snap:
        bridge.start()
    assert isinstance(snap.args[0], Snapshot) and snap.args[0].state.seq == 0
    with qtbot.waitSignal(bridge.event, timeout=10000,
                          check_params_cb=lambda e: e.type == "ticket.issued") as got:
        issue = qt_asyncio.create_task(kiosk.issue_ticket("payments"))
    qtbot.waitUntil(issue.done, timeout=5000)
    assert got.args[0].data["ticket"]["number"] == issue.result().number == "B001"
    with qtbot.waitSignal(bridge.connectionStateChanged, timeout=5000,
                          check_params_cb=lambda s: s == "stopped"):
        stopping = qt_asyncio.create_task(bridge.stop())
    closing = [qt_asyncio.create_task(c.aclose()) for c in (display, kiosk)]
    qtbot.waitUntil(lambda: stopping.done() and all(c.done() for c in closing), timeout=5000)
