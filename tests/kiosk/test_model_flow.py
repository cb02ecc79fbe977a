"""The kiosk model without Qt against a real hub: issue, print, show, go home."""

from __future__ import annotations

from pathlib import Path

from hardware.printer import PrinterFake
from kiosk.view import Screen
from tests.kiosk.harness import start_kiosk, until
from tests.support.hub_process import HubProcess


async def test_tap_issues_prints_and_shows_the_ticket(hub: HubProcess, tmp_path: Path) -> None:
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        assert [s.id for s in model.view.services] == ["general", "payments", "documents"]
        assert model.request_ticket("general")
        await until(lambda: model.screen is Screen.TICKET, "ticket screen")
        ticket = model.view.ticket
        assert ticket is not None and ticket.number == "A001"
        assert b"A001" in printer.output
        assert len(model.journal) == 0
    finally:
        await model.stop()
