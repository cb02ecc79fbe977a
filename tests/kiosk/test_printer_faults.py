"""Printer faults read from a fake TCP printer: the number on screen, the fault on the hub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.hardware.printer import emulator
from tests.hardware.printer.emulator import TcpPrinter
from tests.kiosk.harness import (
    hub_sees_printer,
    kiosk_config,
    start_kiosk,
    tcp_printer_config,
    until,
)
from tests.kiosk.qt import run, shoot, wait_for
from tests.support.hub_process import HubProcess

ESC_INIT = b"\x1b@"


def _ticket_bytes_sent(server: TcpPrinter) -> bool:
    """A ticket (it starts with ESC @) reached the printer, not just status queries."""
    return any(ESC_INIT in c.received for c in server.connections)


@pytest.mark.parametrize(("replies", "state"), [
    (emulator.PAPER_OUT, "paper_out"),
    (emulator.OFFLINE, "offline"),
    (emulator.COVER_OPEN, "cover_open"),
    (emulator.SILENT, "no_reply"),
])
async def test_fault_shows_the_number_and_tells_the_hub(
        hub: HubProcess, tmp_path: Path, replies: dict[int, int], state: str) -> None:
    server = TcpPrinter(replies)
    config = kiosk_config(tcp_printer_config(server.port))
    model = await start_kiosk(hub, tmp_path / "kiosk", None, config=config)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        await until(lambda: model.view.printer == state, f"printer state {state}")
        assert model.request_ticket("payments")
        await until(lambda: model.screen is Screen.FALLBACK, "the take-a-photo screen")
        ticket = model.view.ticket
        assert ticket is not None and ticket.number == "B001"
        assert not _ticket_bytes_sent(server), "a ticket was sent to a printer that is down"
        model.ticket_displayed(ticket.id)  # what the screen does once it drew the number
        assert len(model.journal) == 0
        device = await hub_sees_printer(hub, state)
        assert device["online"] is True
        assert device["status"]["printer"]["device"].startswith("network printer 127.0.0.1")
        hub_ticket = await model.client().get_ticket(ticket.id)  # type: ignore[union-attr]
        assert hub_ticket.state == "waiting"  # the visitor saw the number: it stays
    finally:
        await model.stop()
        server.close()


async def test_printer_back_is_reported_and_prints_again(hub: HubProcess,
                                                        tmp_path: Path) -> None:
    replies = dict(emulator.PAPER_OUT)
    server = TcpPrinter(replies)
    model = await start_kiosk(hub, tmp_path / "kiosk", None,
                              config=kiosk_config(tcp_printer_config(server.port)))
    try:
        await until(lambda: model.view.printer == "paper_out", "paper out")
        replies.update(emulator.OK)  # staff put in a new roll
        await until(lambda: model.view.printer == "ready", "printer ready")
        await hub_sees_printer(hub, "ready")
        await until(lambda: model.screen is Screen.HOME, "home screen")
        assert model.request_ticket("general")
        await until(lambda: model.screen is Screen.TICKET, "printed ticket")
        assert _ticket_bytes_sent(server)
    finally:
        await model.stop()
        server.close()


def test_paper_out_fallback_screen(qtbot: Any, qloop: Any, hub: HubProcess, tmp_path: Path,
                                   artifacts_dir: Path) -> None:
    server = TcpPrinter(emulator.PAPER_OUT)
    config = kiosk_config(tcp_printer_config(server.port))
    model = run(qtbot, qloop, start_kiosk(hub, tmp_path / "kiosk", None, config=config))
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    try:
        wait_for(qtbot, lambda: model.screen is Screen.HOME and model.view.printer == "paper_out")
        card = window.home.cards["general"]
        qtbot.mouseClick(card.button, Qt.MouseButton.LeftButton)
        wait_for(qtbot, lambda: model.screen is Screen.FALLBACK)
        assert window.current() is window.ticket
        assert window.ticket.banner.isVisible()
        assert window.ticket.number.text == "A001"
        assert window.ticket.banner_text.text == ("Please take a photo of this screen or "
                                                  "remember your number.")
        assert window.ticket.qr.data.endswith(f"/t/{model.view.ticket.id}")  # type: ignore[union-attr]
        wait_for(qtbot, lambda: len(model.journal) == 0)  # the screen drew the number
        shoot(window, artifacts_dir, "paper-out")
        assert not _ticket_bytes_sent(server)
    finally:
        window.close()
        run(qtbot, qloop, model.stop())
        server.close()
