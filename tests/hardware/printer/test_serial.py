"""Serial transport over a socat pty pair, with a printer answering DLE EOT on the far end."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from hardware.printer import PrinterError, PrinterSerial, TicketContent, ticket_bytes
from hardware.printer.serial import transfer_seconds
from tests.hardware.printer import emulator
from tests.hardware.printer.emulator import PtyPrinter, wait_until

Start = Callable[..., tuple[str, PtyPrinter]]


def test_ticket_and_status_over_pty(pty_printer: Start, ru_ticket: TicketContent) -> None:
    path, far_end = pty_printer(emulator.PAPER_OUT)
    with PrinterSerial(path, 38400) as printer:
        printer.print_ticket(ru_ticket)
        assert wait_until(lambda: far_end.received == ticket_bytes(ru_ticket))
        status = printer.status()
    assert (status.online, status.paper, status.cover_open) == (False, "out", False)
    assert far_end.emulator.queries[-3:] == [1, 2, 4]


@pytest.mark.parametrize(("replies", "expected"), [
    (emulator.COVER_OPEN, (False, "ok", True)),
    (emulator.NEAR_END, (True, "near_end", False)),
])
def test_status_states_over_pty(pty_printer: Start, replies: dict[int, int],
                                expected: tuple[object, ...]) -> None:
    path, _ = pty_printer(replies)
    with PrinterSerial(path) as printer:
        status = printer.status()
    assert (status.online, status.paper, status.cover_open) == expected


def test_silent_serial_printer_times_out_fast(pty_printer: Start) -> None:
    path, _ = pty_printer(emulator.SILENT)
    with PrinterSerial(path, status_timeout=0.2) as printer:
        started = time.monotonic()
        status = printer.status()
    assert time.monotonic() - started < 0.8
    assert status.online is None and status.error == "no reply to DLE EOT 1"


def test_missing_port(en_ticket: TicketContent) -> None:
    printer = PrinterSerial("/dev/ttyUSB-does-not-exist")
    status = printer.status()
    assert status.online is False and status.error is not None
    assert "ttyUSB-does-not-exist" in status.error
    with pytest.raises(PrinterError):
        printer.print_ticket(en_ticket)


def test_loop_url_and_transfer_time() -> None:
    printer = PrinterSerial("loop://", status_timeout=0.1)
    # loop:// echoes our own DLE EOT back: 0x10 0x04 0x01 are not status-shaped bytes
    assert printer.status().error == "no reply to DLE EOT 1"
    printer.close()
    assert transfer_seconds(3840) == pytest.approx(1.0)
    assert transfer_seconds(3840, baudrate=9600) == pytest.approx(4.0)


def test_bad_settings_are_rejected() -> None:
    with pytest.raises(ValueError, match="parity"):
        PrinterSerial("/dev/ttyS0", parity="X")
