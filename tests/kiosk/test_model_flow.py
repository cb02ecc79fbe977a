"""The kiosk model without Qt against a real hub: issue, print, show, go home."""

from __future__ import annotations

from pathlib import Path

from hardware.printer import PrinterFake
from kiosk.view import Screen
from tests.kiosk.harness import hub_sees_printer, kiosk_config, start_kiosk, until
from tests.support.hub_process import HubProcess


async def test_tap_issues_prints_and_goes_home(hub: HubProcess, tmp_path: Path) -> None:
    printer = PrinterFake()
    config = kiosk_config(confirmation_s=0.5, default_language="en")
    model = await start_kiosk(hub, tmp_path / "kiosk", printer, config=config)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        assert [s.id for s in model.view.services] == ["general", "payments", "documents"]
        assert model.view.site == "Riverside Service Centre"
        model.set_language("zh")
        assert model.view.services[0].name == "综合业务"
        assert model.request_ticket("general")
        assert model.screen is Screen.ISSUING
        await until(lambda: model.screen is Screen.TICKET, "ticket screen")
        ticket = model.view.ticket
        assert ticket is not None and ticket.number == "A001" and ticket.language == "zh"
        assert ticket.url == f"http://127.0.0.1:{hub.port}/t/{ticket.id}"
        assert b"A001" in printer.output
        assert len(model.journal) == 0
        hub_ticket = await model.client().get_ticket(ticket.id)  # type: ignore[union-attr]
        assert (hub_ticket.state, hub_ticket.language, hub_ticket.priority) == (
            "waiting", "zh", "normal")
        # The confirmation goes away by itself, and the next visitor gets the default language.
        await until(lambda: model.screen is Screen.HOME, "home again")
        assert model.language == "en" and model.view.ticket is None
        await until(lambda: model.view.services[0].waiting == 1, "the queue figure to update")
    finally:
        await model.stop()


async def test_idle_kiosk_returns_to_the_default_language(hub: HubProcess,
                                                          tmp_path: Path) -> None:
    model = await start_kiosk(hub, tmp_path / "kiosk", PrinterFake(),
                              config=kiosk_config(idle_timeout_s=0.4))
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        model.set_language("ru")
        assert model.view.services[0].name == "Общие вопросы"
        model.open_service_menu()
        assert model.screen is Screen.PIN
        await until(lambda: model.screen is Screen.HOME, "the PIN pad to time out")
        await until(lambda: model.language == "en", "the default language")
    finally:
        await model.stop()


async def test_priority_only_where_the_office_allows_it(hub: HubProcess,
                                                        tmp_path: Path) -> None:
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        allowed = {s.id: s.priority_allowed for s in model.view.services}
        assert allowed == {"general": True, "payments": True, "documents": False}
        assert model.priority_offered()
        assert model.request_ticket("documents", priority=True) is False
        assert model.request_ticket("general", priority=True) is True
        await until(lambda: model.screen is Screen.TICKET, "ticket screen")
        ticket = model.view.ticket
        assert ticket is not None and ticket.is_priority and ticket.priority == "priority"
        assert b"Priority ticket" in printer.output
        hub_ticket = await model.client().get_ticket(ticket.id)  # type: ignore[union-attr]
        assert hub_ticket.priority == "priority"
    finally:
        await model.stop()


async def test_screen_only_kiosk_shows_the_number(hub: HubProcess, tmp_path: Path) -> None:
    model = await start_kiosk(hub, tmp_path / "kiosk", None, config=kiosk_config())
    try:
        assert model.printer is None
        await until(lambda: model.screen is Screen.HOME, "home screen")
        assert model.request_ticket("general")
        await until(lambda: model.screen is Screen.FALLBACK, "number on screen")
        assert model.view.printer_configured is False and model.view.printer == "none"
        model.ticket_displayed(model.view.ticket.id)  # type: ignore[union-attr]
        assert len(model.journal) == 0
        device = await hub_sees_printer(hub, "none")
        assert device["status"]["unseen_tickets"] == 0
    finally:
        await model.stop()
