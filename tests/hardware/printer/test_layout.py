"""Exact ESC/POS bytes of English, Russian and Chinese tickets (escpos Dummy underneath)."""

from __future__ import annotations

import json
import logging
import re
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from hardware.printer import TicketContent, TicketOptions, ticket_bytes, transfer_seconds
from tests.hardware.printer.conftest import QR_URL
from tests.hardware.printer.escpos_decode import black_pixels, ink_columns, runs, split_rasters

ESC_T_CP866 = b"\x1bt\x11"  # ESC t 17: code page PC866 (Cyrillic #2)
NUMBER_6X = b"\x1d!\x55\x1bE\x01A042\n"  # GS ! (w6,h6), ESC E 1 (bold), the number
FULL_CUT = b"\x1bd\x06\x1dV\x00"  # ESC d 6 (feed), GS V 0 (full cut)


def native_qr_store(url: str) -> bytes:
    """GS ( k <fn 180> store QR data: pL pH cn=49 fn=80 m=48 data."""
    payload = b"1P0" + url.encode()
    return b"\x1d(k" + len(payload).to_bytes(2, "little") + payload


def test_english_ticket_bytes(en_ticket: TicketContent) -> None:
    data = ticket_bytes(en_ticket)
    assert data.startswith(b"\x1b@\x1c.\x1ba\x01")  # ESC @, FS . (Kanji off), ESC a 1
    assert NUMBER_6X in data
    assert native_qr_store(QR_URL) in data
    assert b"\x1d(k\x03\x001Q0" in data  # GS ( k <fn 181>: print the stored symbol
    assert b"\x1d(k\x03\x001E1" in data  # error correction M
    assert data.endswith(FULL_CUT)
    for text in ("City Hall", "Passports", "3 people ahead of you", "PRIORITY"):
        assert text.encode("ascii") in data
    images, _ = split_rasters(data)
    assert images == []  # nothing rasterized: a small, fast ticket


def test_russian_ticket_uses_cp866(ru_ticket: TicketContent) -> None:
    data = ticket_bytes(ru_ticket)
    assert ESC_T_CP866 in data
    assert data.index(ESC_T_CP866) < data.index("Талон".encode("cp866"))
    assert "Талон".encode("cp866") == b"\x92\xa0\xab\xae\xad"
    assert "Окно".encode("cp866") in data
    assert "Мэрия".encode("cp866") in data
    assert NUMBER_6X in data and native_qr_store(QR_URL) in data and data.endswith(FULL_CUT)
    assert "Окно".encode() not in data  # not UTF-8
    assert split_rasters(data)[0] == []
    # the long footer is wrapped by us at 48 columns (576 dots / 12), between words
    footer = ru_ticket.footer_lines[0]
    assert len(footer) > 48
    for line in textwrap.wrap(footer, 48):
        assert b"\n" + line.encode("cp866") + b"\n" in data


def test_chinese_ticket_rasters_cjk_lines_only(
    zh_ticket: TicketContent, artifacts_dir: Path
) -> None:
    data = ticket_bytes(zh_ticket)
    images, rest = split_rasters(data)
    for text in ("市政厅", "护照办理", "优先", "欢迎光临", "您前面还有", "预计等待"):
        assert text.encode("gb18030") not in data, text
        assert text.encode("utf-8") not in data, text
    assert NUMBER_6X in rest  # the number stays printer text
    assert native_qr_store(QR_URL) in rest and rest.endswith(FULL_CUT)
    # one raster per CJK line: header, site, service, priority, 3 details, footer (wrapped)
    assert len(images) >= 8
    for index, image in enumerate(images):
        image.save(artifacts_dir / f"raster-{index:02d}.png")
        assert image.width <= 576
        assert black_pixels(image) > 0
    stacked = Image.new("1", (576, sum(i.height for i in images)), 1)
    top = 0
    for image in images:
        stacked.paste(image, ((576 - image.width) // 2, top))
        top += image.height
    stacked.save(artifacts_dir / "rasters-decoded.png")


def test_chinese_raster_has_ink_where_the_glyphs_are(zh_ticket: TicketContent) -> None:
    images, rest = split_rasters(ticket_bytes(zh_ticket))
    site, service = images[1], images[2]  # header "欢迎光临" is images[0]
    assert site.width < 3 * 48  # 1x2: double height, normal width: 3 glyphs < 3 * 48 dots
    # rasters are cropped to the ink; the blank rows travel as ESC J feeds (3 bytes)
    assert 36 <= service.height <= 52  # 2x2: glyphs of a 48-dot line
    assert b"\x1bJ" in rest
    # "护照办理": four glyphs, so ink in four separate column groups, filling the width
    columns = ink_columns(service)
    assert runs(columns, min_gap=3) >= 4
    assert columns.index(True) < 8 and columns[::-1].index(True) < 8 + 7  # + byte padding
    ratio = black_pixels(service) / (service.width * service.height)
    assert 0.1 < ratio < 0.6


def test_image_qr_when_printer_has_no_native_qr(en_ticket: TicketContent) -> None:
    data = ticket_bytes(en_ticket, TicketOptions(native_qr=False, qr_module_px=4))
    assert b"\x1d(k" not in data
    images, _ = split_rasters(data)
    assert len(images) == 1
    qr = images[0].convert("L")
    module = 4
    modules = qr.height // module  # blank quiet rows are cropped into ESC J feeds
    assert modules in {21, 25, 29, 33} and qr.height == modules * module
    left = next(x for x in range(qr.width) if qr.getpixel((x, 1)) == 0)
    assert left == 2 * module  # quiet zone columns stay: 2 modules
    # finder pattern, top-left: black ring, white ring, 3x3 black core
    assert qr.getpixel((left + 1, 1)) == 0
    assert qr.getpixel((left + 6 * module + 1, 1)) == 0
    assert qr.getpixel((left + module + 1, module + 1)) == 255
    assert qr.getpixel((left + 3 * module + 1, 3 * module + 1)) == 0


def test_profile_without_cutter_and_other_code_page_slot(ru_ticket: TicketContent) -> None:
    data = ticket_bytes(ru_ticket, TicketOptions(profile="POS-5890", width_px=384))
    assert b"\x1bt\x3b" in data  # this profile has CP866 in slot 59
    assert b"\x1dV" not in data  # no cutter: feed only
    assert b"\x1d(k" not in data  # profile: no native QR, so a bitmap
    assert b"\x1d!\x55" in data  # "A042" still fits 384 dots at 6x (4 * 72 = 288)


def test_narrow_profile_width_wins(
    en_ticket: TicketContent, caplog: pytest.LogCaptureFixture
) -> None:
    options = TicketOptions(profile="TM-T88V", width_px=576)
    with caplog.at_level(logging.WARNING):
        data = ticket_bytes(en_ticket, options)
    assert ("─" * 42).encode("cp437") + b"\n" in data  # 512 dots / 12 = 42 columns
    assert ("─" * 43).encode("cp437") not in data
    assert "using 512" in caplog.text


def test_kanji_off_can_be_disabled(en_ticket: TicketContent) -> None:
    assert ticket_bytes(en_ticket, TicketOptions(kanji_off=False)).startswith(b"\x1b@\x1ba\x01")


def test_logo_is_printed_small_and_missing_logo_is_skipped(
    en_ticket: TicketContent, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (800, 400), (200, 30, 30)).save(logo)
    data = ticket_bytes(TicketContent(**{**en_ticket.__dict__, "logo_path": logo}))
    images, _ = split_rasters(data)
    assert len(images) == 1
    assert images[0].width <= 576 * 3 // 5 + 8 and images[0].height <= 160
    missing = TicketContent(**{**en_ticket.__dict__, "logo_path": tmp_path / "none.png"})
    with caplog.at_level(logging.WARNING):
        assert ticket_bytes(missing).endswith(FULL_CUT)
    assert "not printed" in caplog.text


def test_long_chinese_line_wraps_inside_paper(zh_ticket: TicketContent) -> None:
    long_footer = "请在叫号后三分钟内到达指定窗口办理业务，逾期需要重新取号排队等候。" * 2
    ticket = TicketContent(**{**zh_ticket.__dict__, "footer_lines": (long_footer,)})
    for width in (576, 384):
        images, _ = split_rasters(ticket_bytes(ticket, TicketOptions(width_px=width)))
        assert all(image.width <= width for image in images)
        footer_lines = [i for i in images if i.height < 40][-3:]
        assert len(footer_lines) >= 2


def test_bytes_per_language_and_serial_time(
    en_ticket: TicketContent,
    ru_ticket: TicketContent,
    zh_ticket: TicketContent,
    artifacts_dir: Path,
) -> None:
    """Measure what goes down the wire; the CJK raster must stay far below a full bitmap."""
    report: dict[str, dict[str, float]] = {}
    for ticket in (en_ticket, ru_ticket, zh_ticket):
        for qr in ("native", "image"):
            options = TicketOptions(native_qr=qr == "native")
            size = len(ticket_bytes(ticket, options))
            report[f"{ticket.language}/{qr}-qr"] = {
                "bytes": size,
                "seconds_at_38400": round(transfer_seconds(size), 2),
            }
    (artifacts_dir / "ticket-sizes.json").write_text(json.dumps(report, indent=2))
    assert report["en/native-qr"]["bytes"] < 1000
    assert report["ru/native-qr"]["bytes"] < 1000
    assert report["zh/native-qr"]["seconds_at_38400"] < 3.0
    full_bitmap = 576 // 8 * 1200  # a whole 80 mm ticket as one raster, ~15 cm long
    assert report["zh/native-qr"]["bytes"] < full_bitmap / 4


def test_number_never_wraps() -> None:
    ticket = TicketContent(
        language="en",
        site_name="S",
        number="VIP-1042",
        service_name="X",
        issued_at_text="",
        people_ahead_text="",
        wait_text="",
    )
    data = ticket_bytes(ticket, TicketOptions(width_px=384))
    match = re.search(rb"\x1d!(.)\x1bE\x01VIP-1042\n", data, re.DOTALL)
    assert match is not None
    width = (match.group(1)[0] >> 4) + 1
    assert width * 12 * len("VIP-1042") <= 384
