"""DLE EOT replies decoded per the Epson ESC/POS reference (bytes written out literally)."""

from __future__ import annotations

import pytest

from hardware.printer import PrinterStatus, parse_status
from hardware.printer.status import is_status_byte, query_status, read_status_reply


@pytest.mark.parametrize(
    ("printer", "offline", "paper", "online", "paper_state", "cover"),
    [
        (0x12, 0x12, 0x12, True, "ok", False),
        (0x12, 0x12, 0x1E, True, "near_end", False),  # n=4 bits 2,3 near-end sensor
        (0x1A, 0x32, 0x7E, False, "out", False),  # offline, paper-end stop, no paper
        (0x1A, 0x12, 0x12, False, "ok", False),  # n=1 bit 3 offline
        (0x1A, 0x16, 0x12, False, "ok", True),  # n=2 bit 2 cover open
        (0x12, 0x12, 0x32, True, "out", False),  # clone setting only bit 5 of the pair
    ],
)
def test_parse_status_bits(
    printer: int, offline: int, paper: int, online: bool, paper_state: str, cover: bool
) -> None:
    status = parse_status(printer, offline, paper)
    assert (status.online, status.paper, status.cover_open, status.readable) == (
        online,
        paper_state,
        cover,
        True,
    )


def test_paper_end_stop_and_error_cause_are_reported() -> None:
    assert parse_status(0x1A, 0x32, 0x7E).error == "printing stopped: paper end"
    status = parse_status(0x1A, 0x52, 0x12, error_cause=0x1A)  # n=3 bit 3 autocutter
    assert status.error == "autocutter error"
    assert parse_status(0x1A, 0x52, 0x12).error == "printer reports an error"


def test_ready_only_when_known_good() -> None:
    assert parse_status(0x12, 0x12, 0x1E).ready  # near end still prints
    assert not parse_status(0x1A, 0x32, 0x7E).ready
    assert not PrinterStatus.unreadable().ready


def test_status_byte_shape_rejects_flow_control_and_noise() -> None:
    assert is_status_byte(0x12) and is_status_byte(0x7E)
    assert not is_status_byte(0x11)  # XON
    assert not is_status_byte(0x13)  # XOFF
    assert not is_status_byte(0x00)
    assert not is_status_byte(0x92)  # bit 7 set


def test_read_status_reply_skips_noise_and_times_out() -> None:
    chunks = [b"\x13\x00", b"\x1a"]
    assert read_status_reply(lambda _s: chunks.pop(0) if chunks else b"", 1.0) == 0x1A
    assert read_status_reply(lambda _s: b"", 0.05) is None


def test_query_stops_at_first_silence() -> None:
    asked: list[int] = []

    def silent(n: int) -> int | None:
        asked.append(n)
        return None

    status = query_status(silent)
    assert asked == [1]
    assert status.online is None and status.error == "no reply to DLE EOT 1"


def test_query_asks_error_cause_only_on_error() -> None:
    replies = {1: 0x1A, 2: 0x52, 3: 0x42, 4: 0x12}  # n=3 bit 6: auto-recoverable
    asked: list[int] = []

    def exchange(n: int) -> int:
        asked.append(n)
        return replies[n]

    status = query_status(exchange)
    assert asked == [1, 2, 4, 3]
    assert status.error is not None and "automatically recoverable" in status.error
