"""Network transport against a TCP printer of the test's own on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

import pytest

from hardware.printer import PrinterError, PrinterNetwork, TicketContent, ticket_bytes
from tests.hardware.printer import emulator
from tests.hardware.printer.emulator import TcpPrinter, wait_until

Start = Callable[..., TcpPrinter]


def test_ticket_bytes_arrive_exactly(tcp_printer: Start, zh_ticket: TicketContent) -> None:
    server = tcp_printer(emulator.OK)
    with PrinterNetwork("127.0.0.1", server.port) as printer:
        printer.print_ticket(zh_ticket)
        printer.print_ticket(zh_ticket)
    expected = ticket_bytes(zh_ticket)
    assert wait_until(lambda: server.received == expected * 2)
    assert len(server.connections) == 2  # one short connection per ticket


@pytest.mark.parametrize(
    ("replies", "online", "paper", "cover"),
    [
        (emulator.OK, True, "ok", False),
        (emulator.NEAR_END, True, "near_end", False),
        (emulator.PAPER_OUT, False, "out", False),
        (emulator.OFFLINE, False, "ok", False),
        (emulator.COVER_OPEN, False, "ok", True),
    ],
)
def test_status_from_dle_eot_replies(tcp_printer: Start, replies: dict[int, int],
                                     online: bool, paper: str, cover: bool) -> None:
    server = tcp_printer(replies)
    status = PrinterNetwork("127.0.0.1", server.port).status()
    assert (status.online, status.paper, status.cover_open, status.readable) == (
        online, paper, cover, True)
    assert server.connections[0].queries == [1, 2, 4]


def test_error_cause_is_asked_and_reported(tcp_printer: Start) -> None:
    server = tcp_printer(emulator.AUTOCUTTER_ERROR)
    status = PrinterNetwork("127.0.0.1", server.port).status()
    assert status.error == "autocutter error"
    assert server.connections[0].queries == [1, 2, 4, 3]


def test_flow_control_bytes_before_replies_are_skipped(tcp_printer: Start) -> None:
    server = tcp_printer(emulator.PAPER_OUT, noise=b"\x13\x11")  # XOFF, XON
    assert PrinterNetwork("127.0.0.1", server.port).status().paper == "out"


def test_silent_printer_answers_within_the_short_timeout(tcp_printer: Start) -> None:
    server = tcp_printer(emulator.SILENT)
    printer = PrinterNetwork("127.0.0.1", server.port, status_timeout=0.3)
    started = time.monotonic()
    status = printer.status()
    elapsed = time.monotonic() - started
    assert elapsed < 1.0  # one reply timeout, not three, and never escpos' 60 s
    assert status.online is None and status.readable
    assert status.error == "no reply to DLE EOT 1"


def test_refused_connection(tcp_printer: Start, en_ticket: TicketContent) -> None:
    with socket.create_server(("127.0.0.1", 0)) as reserved:
        port = reserved.getsockname()[1]
    printer = PrinterNetwork("127.0.0.1", port, timeout=0.5)
    status = printer.status()
    assert status.online is False and status.error is not None
    assert "refused" in status.error.lower()
    with pytest.raises(PrinterError, match=r"network printer 127\.0\.0\.1"):
        printer.print_ticket(en_ticket)


def test_printer_that_hangs_up_mid_query(en_ticket: TicketContent) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        printer = PrinterNetwork("127.0.0.1", server.getsockname()[1], status_timeout=2)
        server.settimeout(2)
        # accept and close straight away: no reply, EOF instead
        def hang_up() -> None:
            conn, _ = server.accept()
            conn.close()

        thread = threading.Thread(target=hang_up)
        thread.start()
        started = time.monotonic()
        status = printer.status()
        thread.join()
    assert time.monotonic() - started < 1.5
    assert status.online is False and status.error is not None
