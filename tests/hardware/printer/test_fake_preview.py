"""The fake printer (config-selectable, like OctoPrint's VIRTUAL port) and the PNG printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from hardware.printer import (
    FAKE_STATES,
    PrinterError,
    PrinterFake,
    PrinterPreview,
    TicketContent,
    TicketOptions,
    ticket_bytes,
)


def test_fake_records_bytes(en_ticket: TicketContent, zh_ticket: TicketContent) -> None:
    printer = PrinterFake()
    printer.print_ticket(en_ticket)
    printer.print_ticket(zh_ticket)
    assert printer.jobs == [ticket_bytes(en_ticket), ticket_bytes(zh_ticket)]
    assert printer.output.endswith(b"\x1dV\x00")


@pytest.mark.parametrize(("state", "online", "paper", "cover"), [
    ("ok", True, "ok", False),
    ("paper_near_end", True, "near_end", False),
    ("paper_out", False, "out", False),
    ("offline", False, "ok", False),
    ("cover_open", False, "ok", True),
    ("disconnected", False, "unknown", None),
])
def test_fake_states(state: str, online: bool, paper: str, cover: bool | None) -> None:
    status = PrinterFake(state).status()
    assert (status.online, status.paper, status.cover_open) == (online, paper, cover)
    assert status.readable


def test_fake_disconnected_refuses_tickets(en_ticket: TicketContent) -> None:
    printer = PrinterFake("ok")
    printer.set_state("disconnected")
    with pytest.raises(PrinterError):
        printer.print_ticket(en_ticket)
    assert printer.jobs == []
    with pytest.raises(ValueError, match="status must be one of"):
        printer.set_state("on_fire")
    assert set(FAKE_STATES) >= {"ok", "paper_out", "cover_open"}


def test_test_print_exercises_code_page_and_raster() -> None:
    printer = PrinterFake()
    printer.test_print()
    data = printer.output
    assert b"\x1bt\x11" + "Тест печати".encode("cp866") in data
    assert b"\x1dv0" in data and "打印测试".encode("gb18030") not in data


def test_preview_writes_numbered_pngs(tmp_path: Path, en_ticket: TicketContent,
                                     zh_ticket: TicketContent, artifacts_dir: Path) -> None:
    printer = PrinterPreview(artifacts_dir / "tickets")
    for stale in (artifacts_dir / "tickets").glob("*"):
        stale.unlink()
    printer.print_ticket(en_ticket)
    printer.print_ticket(zh_ticket)
    names = sorted(path.name for path in (artifacts_dir / "tickets").iterdir())
    assert names == ["0001-A042-en.png", "0002-A042-zh.png"]
    again = PrinterPreview(artifacts_dir / "tickets")
    again.test_print()
    assert again.last_path is not None and again.last_path.name == "0003-T000-en.png"
    with Image.open(again.last_path) as image:
        assert image.height > 600
    status = printer.status()
    assert status.online is True and status.readable and status.ready


def test_preview_unwritable_folder(tmp_path: Path, en_ticket: TicketContent) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    printer = PrinterPreview(blocker / "tickets")
    assert printer.status().online is False
    with pytest.raises(PrinterError):
        printer.print_ticket(en_ticket)


def test_raw_send_and_missing_cjk_font(tmp_path: Path, zh_ticket: TicketContent) -> None:
    printer = PrinterFake()
    printer.send(b"\x1b@\x1bd\x03")
    assert printer.jobs == [b"\x1b@\x1bd\x03"]
    broken = PrinterFake(options=TicketOptions(cjk_font=tmp_path / "no-such-font.ttc"))
    with pytest.raises(PrinterError, match="no-such-font"):
        broken.print_ticket(zh_ticket)
