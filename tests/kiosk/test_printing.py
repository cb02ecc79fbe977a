"""Tap a service -> the exact ESC/POS bytes of the ticket, in English, Russian and Chinese.

The expected tickets are written out here as literal text, independent of the kiosk's
formatting code; the driver turns both into bytes and they must be identical.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from hardware.printer import (
    PrinterFake,
    TicketContent,
    TicketOptions,
    options_from_config,
    ticket_bytes,
)
from hardware.printer.image import save_ticket_png
from hub.client import HubClient
from kiosk.ticket import IssuedTicket, ticket_content
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


# -- the wait's range on paper ------------------------------------------------------------
RANGE_WAITS = {  # 12 minutes, 80% between 8 and 15: the line on 58 mm and on 80 mm paper
    "en": ("Estimated wait: about 12 minutes\n(8–15\u00a0min)",
           "Estimated wait: about 12 minutes (8–15\u00a0min)"),
    "ru": ("Примерное ожидание: около 12 минут (8–15\u00a0мин)",  # wraps after "12" by itself
           "Примерное ожидание: около 12 минут (8–15\u00a0мин)"),
    "zh": ("预计等候：约 12 分钟\n（8–15\u00a0分钟）",  # never "（8–15 分" / "钟）"
           "预计等候：约 12 分钟（8–15\u00a0分钟）"),
}
SERVICE_NAMES = {"en": "General enquiries", "ru": "Общие вопросы", "zh": "综合业务"}


def _ticket(language: str, low_s: int | None, high_s: int | None,
            point_s: int = 12 * 60) -> IssuedTicket:
    return IssuedTicket(id="t-1", number="A012", service_id="general",
                        service_name=SERVICE_NAMES[language], priority="normal",
                        language=language, people_ahead=3, estimated_wait_s=point_s,
                        issued_at=datetime(2026, 3, 4, 9, 5).astimezone(),
                        url="http://127.0.0.1:8470/t/t-1", estimated_wait_low_s=low_s,
                        estimated_wait_high_s=high_s)


@pytest.mark.parametrize("width_px", [384, 576], ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_the_wait_range_on_paper(language: str, width_px: int, artifacts_dir: Path) -> None:
    config = kiosk_config({"transport": "fake", "width_px": width_px})
    options = options_from_config(config.printer_dict())
    content = ticket_content(_ticket(language, 8 * 60, 15 * 60), site_name=SITE, config=config)
    expected = RANGE_WAITS[language][0 if width_px == 384 else 1]
    assert content.wait_text == expected
    data = ticket_bytes(content, options)
    save_ticket_png(content, artifacts_dir / f"ticket-{language}.png", options)
    images, text = split_rasters(data)
    point_only = ticket_content(_ticket(language, None, None), site_name=SITE, config=config)
    images_without, _ = split_rasters(ticket_bytes(point_only, options))
    if language == "en":  # CP437 text; the en dash by CP1252 (ESC t 16), NBSP kept
        newline = b"\n" if width_px == 384 else b" "
        assert b"Estimated wait: about 12 minutes" + newline + b"(8\x1bt\x10\x9615\xa0min)\n" \
            in text
        assert not images
    if language == "ru":  # CP866 text, the dash by CP1252 and back to CP866
        assert "Примерное ожидание: около 12".encode("cp866") in text
        assert b"(8\x1bt\x10\x9615\xa0\x1bt\x11" + "мин)".encode("cp866") in text
        assert not images
    if language == "zh":  # raster lines; on 58 mm the range is a line of its own
        assert len(images) == len(images_without) + (1 if width_px == 384 else 0)
        for index, image in enumerate(images):
            image.save(artifacts_dir / f"raster-{index}.png")


async def test_the_printed_ticket_carries_the_hubs_range(hub: HubProcess,
                                                         tmp_path: Path) -> None:
    async with HubClient(hub.url, hub.tokens["admin"]) as admin:
        await admin.open("counter-2")  # the only counter for general enquiries
    async with HubClient(hub.url, hub.tokens["kiosk"]) as kiosk:
        for _ in range(2):
            await kiosk.issue_ticket("general")
    model = await start_kiosk(hub, tmp_path / "kiosk", None, config=kiosk_config(NATIVE_QR))
    try:
        await _issue(model, "en")
        ticket = model.view.ticket
        assert model.printer is not None
        printer = model.printer.printer
        assert isinstance(printer, PrinterFake)
    finally:
        await model.stop()
    assert ticket is not None
    assert ticket.number == "A003"
    point, low, high = (ticket.estimated_wait_s, ticket.estimated_wait_low_s,
                        ticket.estimated_wait_high_s)
    assert point is not None and low is not None and high is not None
    assert low < point < high  # the hub's answer reached the kiosk whole
    _, text = split_rasters(printer.output)
    found = re.search(rb"\((?:(\d+)\x1bt\x10\x96|up to\xa0)(\d+)\xa0min\)", text)
    assert found, text
    shown_low = int(found[1] or 0)
    shown_high = int(found[2])
    assert shown_low * 60 <= low and high <= shown_high * 60  # rounded outwards
    minutes = re.search(rb"about (\d+) minutes? \(", text)
    assert minutes, text
    assert shown_low <= int(minutes[1]) <= shown_high


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_a_long_range_in_hours_fits_58_mm(language: str, artifacts_dir: Path) -> None:
    # about 2 h 5 min, 1 h 35 min to 2 h 55 min: the longest range the paper has to carry
    config = kiosk_config({"transport": "fake", "width_px": 384})
    options = options_from_config(config.printer_dict())
    ranged = ticket_content(_ticket(language, 95 * 60, 175 * 60, 125 * 60), site_name=SITE,
                            config=config)
    point = ticket_content(_ticket(language, None, None, 125 * 60), site_name=SITE,
                           config=config)
    save_ticket_png(ranged, artifacts_dir / f"ticket-{language}.png", options)
    images, text = split_rasters(ticket_bytes(ranged, options))
    images_without, text_without = split_rasters(ticket_bytes(point, options))
    if language == "zh":  # one more raster line: the range, whole
        assert ranged.wait_text == "预计等候：约 2 小时 5 分钟\n（1\u00a0小时\u00a035\u00a0分至" \
            "\u00a02\u00a0小时\u00a055\u00a0分）"
        assert len(images) == len(images_without) + 1
    else:  # code page text: the range whole on one line, wherever the point wrapped
        unit = ("min" if language == "en" else "мин").encode("cp866")
        line = next(line for line in text.split(b"\n") if b"(1" in line)
        assert b"55" in line and line.endswith(unit + b")"), line  # NBSP: 0xFF or 0xA0
        assert len(text_without.split(b"\n")) <= len(text.split(b"\n"))
