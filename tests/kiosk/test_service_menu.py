"""Staff service menu: PIN with lockout, test print, paper status, reprint, exit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from hardware.printer import PrinterFake
from kiosk.pin import PinLock
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.kiosk.harness import kiosk_config, start_kiosk, until
from tests.kiosk.qt import run, wait_for
from tests.support.hub_process import HubProcess


async def test_menu_actions(hub: HubProcess, tmp_path: Path) -> None:
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer,
                              config=kiosk_config(service_pin="4711"))
    now = [1000.0]
    model.pin = PinLock("4711", clock=lambda: now[0])
    exits: list[bool] = []
    model.on_exit = lambda: exits.append(True)
    menu = model.menu
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        model.open_service_menu()
        assert model.screen is Screen.PIN
        assert model.enter_pin("0000") is False
        assert model.view.message == "Wrong PIN"
        for _ in range(4):
            model.enter_pin("1234")
        assert model.view.message == "Too many wrong PINs. Try again in 60 seconds."
        assert model.enter_pin("4711") is False  # locked, even with the right PIN
        now[0] += 61
        assert model.enter_pin("4711") is True
        assert model.screen is Screen.MENU

        assert menu.reprint_last()
        await until(lambda: not model.view.busy, "reprint to finish")
        assert model.view.message == "No ticket has been issued here yet."
        assert menu.test_print()
        assert menu.test_print() is False  # one action at a time
        await until(lambda: not model.view.busy, "test print to finish")
        assert model.view.message == "Test ticket sent to the printer."
        assert b"T000" in printer.jobs[-1]

        model.close_service_menu()
        assert model.request_ticket("general")
        await until(lambda: model.screen is Screen.TICKET, "ticket screen")
        model.done()
        model.open_service_menu()
        assert model.enter_pin("4711")
        assert menu.reprint_last()
        await until(lambda: not model.view.busy, "reprint to finish")
        assert model.view.message == "Ticket A001 printed again."
        assert len(printer.jobs) == 3 and b"COPY" in printer.jobs[-1]
        assert b"A001" in printer.jobs[-1]

        printer.set_state("paper_out")
        assert menu.paper_status()
        await until(lambda: not model.view.busy, "paper status")
        assert model.view.message == "Paper is out: put in a new roll."
        menu.exit()
        assert exits == [True]
    finally:
        await model.stop()


def test_long_press_pin_pad_and_exit(qtbot: Any, qloop: Any, hub: HubProcess,
                                     tmp_path: Path) -> None:
    model = run(qtbot, qloop, start_kiosk(hub, tmp_path / "kiosk", PrinterFake()))
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    try:
        wait_for(qtbot, lambda: model.screen is Screen.HOME)
        middle = QPoint(window.status.width() // 2, window.status.height() // 2)
        qtbot.mouseClick(window.status, Qt.MouseButton.LeftButton, pos=middle)
        qtbot.wait(300)
        assert model.screen is Screen.HOME  # a short tap on the status bar does nothing
        qtbot.mousePress(window.status, Qt.MouseButton.LeftButton, pos=middle)
        wait_for(qtbot, lambda: model.screen is Screen.PIN, timeout=5)
        qtbot.mouseRelease(window.status, Qt.MouseButton.LeftButton, pos=middle)
        assert window.current() is window.pin
        for key in "2580":
            qtbot.mouseClick(window.pin.buttons[key], Qt.MouseButton.LeftButton)
        assert window.pin.dots.text == "● ● ● ●"
        qtbot.mouseClick(window.pin.ok, Qt.MouseButton.LeftButton)
        assert model.screen is Screen.MENU and window.current() is window.menu
        qtbot.mouseClick(window.menu.actions["exit"], Qt.MouseButton.LeftButton)
        wait_for(qtbot, lambda: not window.isVisible())
    finally:
        window.close()
        run(qtbot, qloop, model.stop())
