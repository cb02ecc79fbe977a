"""USB transport: the real pyusb lookup (no device here), then a stand-in pyusb device.

A stand-in device is the one mock allowed in these tests: no USB printer can exist on the
test machine. It follows pyusb's Device API (write/read with millisecond timeouts,
USBTimeoutError) and answers DLE EOT through the same emulator as the TCP and pty printers.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import usb.core

from hardware.printer import PrinterError, PrinterUsb, TicketContent, ticket_bytes
from hardware.printer.usb import is_usable
from tests.hardware.printer import emulator
from tests.hardware.printer.emulator import PrinterEmulator


class StandInDevice:
    """Enough of ``usb.core.Device`` for a printer-class interface with two bulk endpoints."""

    def __init__(self, replies: dict[int, int]) -> None:
        self.printer = PrinterEmulator(replies)
        self.pending = b""
        self.detached: list[int] = []
        self.configured = False
        self.timeouts: list[int] = []

    def is_kernel_driver_active(self, interface: int) -> bool:
        return interface not in self.detached  # usblp holds it until detached

    def detach_kernel_driver(self, interface: int) -> None:
        self.detached.append(interface)

    def set_configuration(self) -> None:
        self.configured = True

    def get_active_configuration(self) -> dict[tuple[int, int], list[Any]]:
        return {(0, 0): [SimpleNamespace(bEndpointAddress=0x81),
                         SimpleNamespace(bEndpointAddress=0x02)]}

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        assert endpoint == 0x02
        self.timeouts.append(timeout)
        self.pending += self.printer.feed(bytes(data))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> bytes:
        assert endpoint == 0x81
        if not self.pending:
            raise usb.core.USBTimeoutError("Operation timed out", errno=110)
        chunk, self.pending = self.pending[:size], self.pending[size:]
        return chunk


def test_pyusb_is_installed_here() -> None:
    assert is_usable()


def test_real_lookup_finds_no_printer(en_ticket: TicketContent) -> None:
    printer = PrinterUsb(0x04B8, 0x0202)
    status = printer.status()
    assert status.online is False and status.error is not None
    assert "04b8:0202" in status.error
    with pytest.raises(PrinterError, match="USB printer 04b8:0202"):
        printer.print_ticket(en_ticket)


def test_prints_and_reads_status_through_discovered_endpoints(
        en_ticket: TicketContent) -> None:
    device = StandInDevice(emulator.COVER_OPEN)
    printer = PrinterUsb(0x04B8, 0x0202, find=lambda **_ids: device, write_timeout=5)
    printer.print_ticket(en_ticket)
    assert bytes(device.printer.received) == ticket_bytes(en_ticket)
    assert device.detached == [0] and device.configured
    assert device.timeouts[0] == 5000  # pyusb wants milliseconds
    status = printer.status()
    assert (status.online, status.cover_open, status.paper) == (False, True, "ok")
    printer.close()


def test_silent_usb_printer(en_ticket: TicketContent) -> None:
    device = StandInDevice(emulator.SILENT)
    printer = PrinterUsb(1, 2, out_ep=0x02, in_ep=0x81, find=lambda **_ids: device,
                         status_timeout=0.1)
    assert printer.status().error == "no reply to DLE EOT 1"
