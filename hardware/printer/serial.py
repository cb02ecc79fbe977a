"""Printers on an RS-232 port or USB-serial adapter (``/dev/ttyUSB0``), via pyserial.

The port stays open between tickets: reopening toggles DTR, which resets some printers and
adapters. Any error closes it so the next call reopens (adapter unplugged and back).
"""

from __future__ import annotations

import logging
from typing import ClassVar

import serial

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.options import TicketOptions
from hardware.printer.status import read_status_reply, status_request

_LOGGER = logging.getLogger(__name__)

BITS_PER_BYTE_8N1 = 10  #: start bit + 8 data bits + stop bit


def transfer_seconds(size: int, baudrate: int = 38400) -> float:
    """Return how long ``size`` bytes take on a serial line at ``baudrate`` (8N1)."""
    return size * BITS_PER_BYTE_8N1 / baudrate


class PrinterSerial(TicketPrinter):
    """ESC/POS over a serial line, with two-way status.

    ``port`` is a device path or any pyserial URL (``loop://``, ``socket://host:port``).
    ``write_timeout`` must cover the slowest ticket: a raster-heavy one at 9600 bps takes
    seconds, and a printer using RTS/CTS may hold us while it prints.
    """

    can_read_status: ClassVar[bool] = True

    def __init__(self, port: str, baudrate: int = 38400, *, bytesize: int = 8,
                 parity: str = "N", stopbits: float = 1, rtscts: bool = False,
                 xonxoff: bool = False, dsrdtr: bool = False, status_timeout: float = 1.0,
                 write_timeout: float = 30.0, options: TicketOptions | None = None) -> None:
        super().__init__(f"serial printer {port}", options)
        if parity not in serial.PARITY_NAMES:
            raise ValueError(f"parity must be one of {', '.join(serial.PARITY_NAMES)}, "
                             f"got {parity!r}")
        if baudrate <= 0:
            raise ValueError(f"baudrate must be positive, got {baudrate!r}")
        self.port = port
        self.settings = {"baudrate": baudrate, "bytesize": bytesize, "parity": parity,
                         "stopbits": stopbits, "rtscts": rtscts, "xonxoff": xonxoff,
                         "dsrdtr": dsrdtr, "write_timeout": write_timeout}
        self.status_timeout = status_timeout
        self._serial: serial.SerialBase | None = None


    def _opened(self) -> serial.SerialBase:
        if self._serial is None:
            try:
                port = serial.serial_for_url(self.port, do_not_open=True, **self.settings)
                port.timeout = self.status_timeout
                port.open()
            except (serial.SerialException, ValueError) as exc:
                raise PrinterError(f"{self.label}: {exc}") from exc
            self._serial = port
        return self._serial

    def _write(self, data: bytes) -> None:
        port = self._opened()
        try:
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise PrinterError(f"{self.label}: printer did not take the ticket within "
                               f"{self.settings['write_timeout']} s") from exc
        except serial.SerialException as exc:
            raise PrinterError(f"{self.label}: {exc}") from exc

    def _status_byte(self, n: int) -> int | None:
        port = self._opened()
        try:
            port.reset_input_buffer()  # stale replies would answer the wrong question
            port.write(status_request(n))
            return read_status_reply(lambda seconds: self._read(port, seconds),
                                     self.status_timeout)
        except serial.SerialException as exc:
            raise PrinterError(f"{self.label}: {exc}") from exc

    @staticmethod
    def _read(port: serial.SerialBase, seconds: float) -> bytes:
        port.timeout = seconds
        return port.read(1)

    def _reset(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError) as exc:
                _LOGGER.debug("closing %s: %s", self.port, exc)
