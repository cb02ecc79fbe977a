"""A double tap or a retried request gives one ticket, printed once."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from hardware.printer import PrinterFake
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.hub.client.conftest import count_tickets
from tests.hub.client.proxy import LossyProxy
from tests.kiosk.harness import start_kiosk, until
from tests.kiosk.printers import GatedPrinter
from tests.kiosk.qt import run, wait_for
from tests.support.hub_process import HubProcess


async def test_second_request_while_one_is_in_flight_is_ignored(
        hub: HubProcess, tmp_path: Path) -> None:
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        assert model.request_ticket("general") is True
        assert model.request_ticket("general") is False
        assert model.request_ticket("payments") is False
        await until(lambda: model.screen is Screen.TICKET, "ticket screen")
        assert model.request_ticket("general") is False  # not from the ticket screen
        assert count_tickets(hub.db) == 1
        assert len(printer.jobs) == 1
    finally:
        await model.stop()


async def test_lost_answer_is_retried_with_the_same_key(
        hub: HubProcess, tmp_path: Path, proxy: LossyProxy) -> None:
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer, url=proxy.url)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        proxy.drop_responses[b"POST /api/v1/tickets "] = 1
        assert model.request_ticket("payments")
        await until(lambda: model.screen is Screen.TICKET, "ticket screen")
        keys = proxy.keys(b"POST /api/v1/tickets ")
        assert len(keys) == 2 and keys[0] == keys[1]
        assert count_tickets(hub.db) == 1
        assert model.view.ticket is not None and model.view.ticket.number == "B001"
        assert len(printer.jobs) == 1 and b"B001" in printer.output
        assert len(model.journal) == 0
    finally:
        await model.stop()


def test_double_tap_on_the_screen_prints_one_ticket(qtbot: Any, qloop: Any, hub: HubProcess,
                                                   tmp_path: Path) -> None:
    printer = GatedPrinter()
    model = run(qtbot, qloop, start_kiosk(hub, tmp_path / "kiosk", printer))
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.resize(768, 1024)
    window.show()
    try:
        wait_for(qtbot, lambda: model.screen is Screen.HOME)
        printer.hold()  # the ticket is slow to come out: the visitor taps again
        button = window.home.cards["documents"].button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
        wait_for(qtbot, printer.waiting.is_set)
        assert window.current() is window.notice  # "one moment, please"
        qtbot.mouseClick(window.notice, Qt.MouseButton.LeftButton)
        printer.release()
        wait_for(qtbot, lambda: model.screen is Screen.TICKET)
        assert count_tickets(hub.db) == 1
        assert len(printer.jobs) == 1
    finally:
        printer.release()
        window.close()
        run(qtbot, qloop, model.stop())


async def test_stopping_lets_the_ticket_in_flight_finish(hub: HubProcess,
                                                         tmp_path: Path) -> None:
    """SIGTERM while a ticket prints: the visitor who tapped still gets it, then it stops."""
    printer = GatedPrinter()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer)
    await until(lambda: model.screen is Screen.HOME, "home screen")
    printer.hold()
    assert model.request_ticket("general") is True
    await asyncio.to_thread(printer.waiting.wait, 10)
    threading.Timer(0.5, printer.release).start()  # the paper comes out during the stop
    await model.stop()
    assert count_tickets(hub.db) == 1
    assert len(printer.jobs) == 1
    assert len(model.journal) == 0  # settled: nothing left to cancel at the next start
