"""Background status polling: reports changes, stops promptly, leaves no thread behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from hardware.printer import PrinterFake, PrinterNetwork, PrinterStatus, StatusPoller
from tests.hardware.printer import emulator
from tests.hardware.printer.emulator import TcpPrinter, wait_until


def test_reports_each_change_once() -> None:
    printer = PrinterFake("ok")
    seen: list[PrinterStatus] = []
    threads: list[str] = []

    def record(status: PrinterStatus) -> None:
        seen.append(status)
        threads.append(threading.current_thread().name)

    with StatusPoller(printer, record, interval=0.02) as poller:
        assert wait_until(lambda: len(seen) == 1)
        printer.set_state("paper_out")
        assert wait_until(lambda: len(seen) == 2)
        time.sleep(0.1)  # several more polls, no change
        printer.set_state("ok")
        assert wait_until(lambda: len(seen) == 3)
        assert poller.latest == seen[-1]
    assert [s.paper for s in seen] == ["ok", "out", "ok"]
    assert set(threads) == {"printer-status"}  # off the caller's (UI) thread


def test_stop_is_prompt_even_with_long_interval() -> None:
    poller = StatusPoller(PrinterFake(), lambda _s: None, interval=60)
    poller.start()
    assert wait_until(lambda: poller.latest is not None)
    started = time.monotonic()
    poller.stop()
    assert time.monotonic() - started < 0.5


def test_silent_printer_does_not_block_stop(tcp_printer: Callable[..., TcpPrinter]) -> None:
    server = tcp_printer(emulator.SILENT)
    printer = PrinterNetwork("127.0.0.1", server.port, status_timeout=0.2)
    seen: list[PrinterStatus] = []
    with StatusPoller(printer, seen.append, interval=0.05):
        assert wait_until(lambda: bool(seen))
    assert seen[0].online is None and seen[0].error == "no reply to DLE EOT 1"


def test_callback_errors_do_not_kill_the_poller() -> None:
    calls: list[PrinterStatus] = []
    printer = PrinterFake()

    def explode(status: PrinterStatus) -> None:
        calls.append(status)
        raise RuntimeError("UI gone")

    with StatusPoller(printer, explode, interval=0.02):
        assert wait_until(lambda: len(calls) == 1)
        printer.set_state("cover_open")
        assert wait_until(lambda: len(calls) == 2)
