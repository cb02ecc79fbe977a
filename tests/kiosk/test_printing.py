"""Tap a service -> the exact ESC/POS bytes of the ticket, in English, Russian and Chinese.

The expected tickets are written out here as literal text, independent of the kiosk's
formatting code; the driver turns both into bytes and they must be identical.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hardware.printer import PrinterFake, TicketContent, TicketOptions, ticket_bytes
from hardware.printer.image import save_ticket_png
from kiosk.view import Screen
from tests.hardware.printer.emulator import OK, TcpPrinter, wait_until
from tests.hardware.printer.escpos_decode import split_rasters
from tests.kiosk.harness import kiosk_config, start_kiosk, until
from tests.support.hub_process import HubProcess

SITE = "Riverside Service Centre"
NATIVE_QR = {"transport": "fake", "native_qr": True, "profile": "TM-T88V"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
GS_QR = b"\x1d(k"
FULL_CUT = b"\x1dV\x00"  # GS V 0, the last command of the ticket


def expected_ticket(language: str, number: str, ticket_id: str, issued_at: float,
                    hub: HubProcess) -> TicketContent:
    at = datetime.fromtimestamp(issued_at).astimezone()
    hm = at.strftime("%H:%M")
    texts = {
        "en": ("General enquiries", f"Issued {at.day} {MONTHS[at.month - 1]} {at.year}, {hm}",
               "You are next", "You will be called as soon as a counter opens",
               "Please watch the screen: your number will be called."),
        "ru": ("Общие вопросы", f"Талон выдан {at.day:02d}.{at.month:02d}.{at.year} {hm}",
               "Вы следующий", "Вас вызовут, как только откроется окно",
               "Следите за табло: ваш номер вызовут."),
        "zh": ("综合业务", f"取号时间：{at.year}年{at.month}月{at.day}日 {hm}", "下一位就是您",
               "窗口开放后将立即叫号", "请留意叫号屏幕，届时将呼叫您的号码。"),
    }[language]
    return TicketContent(
        language=language, site_name=SITE, number=number, service_name=texts[0],
        issued_at_text=texts[1], people_ahead_text=texts[2], wait_text=texts[3],
        qr_url=f"http://127.0.0.1:{hub.port}/t/{ticket_id}", footer_lines=(texts[4],))


async def _issue(model, language: str) -> None:  # type: ignore[no-untyped-def]
    await until(lambda: model.screen is Screen.HOME, "home screen")
    model.set_language(language)
    assert model.request_ticket("general")
    await until(lambda: model.screen is Screen.TICKET, "the printed-ticket screen")


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
async def test_ticket_bytes_are_exactly_the_expected_ticket(
        hub: HubProcess, tmp_path: Path, artifacts_dir: Path, language: str) -> None:
    model = await start_kiosk(hub, tmp_path / "kiosk", None, config=kiosk_config(NATIVE_QR))
    try:
        await _issue(model, language)
        ticket = model.view.ticket
        assert ticket is not None
        assert model.printer is not None
        printer = model.printer.printer
        assert isinstance(printer, PrinterFake)
        issued = await model.client().get_ticket(ticket.id)  # type: ignore[union-attr]
    finally:
        await model.stop()
    expected = expected_ticket(language, "A001", ticket.id, issued.issued_at, hub)
    options = TicketOptions(native_qr=True, profile="TM-T88V")
    save_ticket_png(expected, artifacts_dir / f"ticket-{language}.png", options)
    data = printer.output
    assert len(printer.jobs) == 1
    assert data == ticket_bytes(expected, options)
    # Each part on its own, so a failure says which one is missing.
    assert GS_QR in data and expected.qr_url.encode() in data
    assert data.endswith(FULL_CUT)
    images, text = split_rasters(data)
    assert b"A001" in text
    if language == "ru":
        assert b"\x1bt\x11" in text  # ESC t 17: code page CP866
        assert "Общие вопросы".encode("cp866") in text
        assert "Вы следующий".encode("cp866") in text
        assert not images  # Cyrillic goes as text, fast on serial
    if language == "zh":
        for phrase in ("综合业务", "下一位就是您"):  # never GB18030 text: raster only
            assert phrase.encode("gb18030") not in text
        assert len(images) >= 5  # service, time, people ahead, wait, footer
        for index, image in enumerate(images):
            image.save(artifacts_dir / f"raster-{index}.png")
    if language == "en":
        assert b"General enquiries" in text and b"You are next" in text
        assert not images


async def test_a_tcp_printer_on_127_0_0_1_receives_the_ticket(
        hub: HubProcess, tmp_path: Path) -> None:
    server = TcpPrinter(OK)
    config = kiosk_config({"transport": "network", "host": "127.0.0.1", "port": server.port,
                           "native_qr": True, "timeout": 2, "status_timeout": 1})
    model = await start_kiosk(hub, tmp_path / "kiosk", None, config=config)
    try:
        await _issue(model, "en")
        ticket = model.view.ticket
        assert ticket is not None
        issued = await model.client().get_ticket(ticket.id)  # type: ignore[union-attr]
    finally:
        await model.stop()
        server.close()
    expected = ticket_bytes(expected_ticket("en", "A001", ticket.id, issued.issued_at, hub),
                            TicketOptions(native_qr=True))
    assert wait_until(lambda: expected in server.received)
    status_queries = [c.queries for c in server.connections if c.queries]
    assert [1, 2, 4] in status_queries  # status read before printing
