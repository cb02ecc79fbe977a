"""Hub down: out of service and nothing printed; hub back: the home screen, by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from hardware.printer import PrinterFake
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.kiosk.harness import start_kiosk
from tests.kiosk.qt import run, shoot, wait_for
from tests.support.hub_process import HubProcess


def test_out_of_service_while_the_hub_is_down(qtbot: Any, qloop: Any, hub: HubProcess,
                                              tmp_path: Path, artifacts_dir: Path) -> None:
    printer = PrinterFake()
    model = run(qtbot, qloop, start_kiosk(hub, tmp_path / "kiosk", printer))
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    try:
        wait_for(qtbot, lambda: model.screen is Screen.HOME)
        model.set_language("ru")
        hub.kill()  # power cut at the hub
        wait_for(qtbot, lambda: model.screen is Screen.OUT_OF_SERVICE)
        assert window.current() is window.notice
        said = [label.text for label in window.notice.labels if label.isVisible()]
        assert said[:2] == ["Не работает", "Пожалуйста, обратитесь к администратору."]
        assert "Out of service" in said and "暂停服务" in said
        shoot(window, artifacts_dir, "hub-down")
        qtbot.mouseClick(window.notice, Qt.MouseButton.LeftButton)
        assert model.request_ticket("general") is False
        assert printer.jobs == []

        hub.start()  # same port, same database: the kiosk finds it again
        wait_for(qtbot, lambda: model.screen is Screen.HOME, timeout=20)
        assert window.current() is window.home
        shoot(window, artifacts_dir, "hub-back")
        assert model.request_ticket("general")
        wait_for(qtbot, lambda: model.screen is Screen.TICKET)
        assert len(printer.jobs) == 1
    finally:
        window.close()
        run(qtbot, qloop, model.stop())
