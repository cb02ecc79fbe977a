"""Simulated visitors tap through the model like people: tickets, never two at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hardware.printer import PrinterFake
from kiosk.autopilot import Autopilot
from kiosk.view import Screen
from tests.hub.client.conftest import count_tickets
from tests.kiosk.harness import start_kiosk, until
from tests.support.hub_process import HubProcess


async def test_visitors_take_tickets(hub: HubProcess, tmp_path: Path) -> None:
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer)
    pilot = Autopilot(model, rate=10.0, seed=3)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        pilot.start()
        await until(lambda: len(pilot.tickets) >= 3, "three visitors served", timeout=30)
    finally:
        await pilot.stop()
        await model.stop()
    await asyncio.sleep(0)
    assert count_tickets(hub.db) == pilot.visitors  # one ticket per tap, however fast
    assert len(printer.jobs) == pilot.visitors
    assert len(set(pilot.tickets)) == len(pilot.tickets)
