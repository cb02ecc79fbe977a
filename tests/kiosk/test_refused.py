"""The hub refuses a ticket (the service's numbers are all in use): say so, print nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hardware.printer import PrinterFake
from hub.client import HubClient
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.kiosk.harness import OFFICE, kiosk_config, start_kiosk
from tests.kiosk.qt import SIZES, run, shoot, wait_for
from tests.support.hub_process import HubProcess

REFUSED = {"en": "Sorry, no ticket can be issued for this service right now.",
           "zh": "抱歉，该业务暂时无法取号。",
           "ru": "К сожалению, сейчас на эту услугу нельзя получить талон."}


@pytest.fixture
def full_hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The test office with the smallest number range, and "payments" full (9 waiting)."""
    office = tmp_path / "office-small.toml"
    office.write_text(OFFICE.read_text().replace(
        "[queue.priority_boost_min]", "[queue]\nmax_number = 9\n\n[queue.priority_boost_min]"))
    hub = HubProcess(tmp_path / "hub", config=office)
    hub.workdir.mkdir()
    hub.create_tokens()
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


def test_refusal_is_explained_in_the_visitors_language(
        qtbot: Any, qloop: Any, full_hub: HubProcess, tmp_path: Path,
        artifacts_dir: Path) -> None:
    async def fill() -> None:
        async with HubClient(full_hub.url, full_hub.tokens["kiosk"]) as other_kiosk:
            for _ in range(9):
                await other_kiosk.issue_ticket("payments")

    run(qtbot, qloop, fill())
    printer = PrinterFake()
    model = run(qtbot, qloop, start_kiosk(full_hub, tmp_path / "kiosk", printer,
                                          config=kiosk_config(notice_s=30)))
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.show()
    try:
        for language, message in REFUSED.items():
            wait_for(qtbot, lambda: model.screen is Screen.HOME)
            model.set_language(language)
            assert model.request_ticket("payments")
            wait_for(qtbot, lambda: model.screen is Screen.REFUSED)
            assert model.view.message == message
            assert window.notice.ok.isVisible()
            for label, size in SIZES.items():
                window.resize(*size)
                qtbot.wait(20)
                shoot(window, artifacts_dir, f"{language}-refused-{label}")
            window.notice.ok.click()  # "OK": back home
        wait_for(qtbot, lambda: model.screen is Screen.HOME)
        assert printer.jobs == [] and len(model.journal) == 0
    finally:
        window.close()
        run(qtbot, qloop, model.stop())
