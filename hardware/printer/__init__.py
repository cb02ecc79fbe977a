"""Thermal ticket printers: one interface (:class:`TicketPrinter`), many transports.

The kiosk builds a printer with :func:`printer_from_config`, prints
:class:`TicketContent` (strings it already translated) and watches :class:`PrinterStatus`
through a :class:`StatusPoller`.
"""

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.config import options_from_config, printer_from_config
from hardware.printer.content import TicketContent, self_test_ticket
from hardware.printer.cups import PrinterCups
from hardware.printer.fake import FAKE_STATES, PrinterFake
from hardware.printer.file import PrinterFile
from hardware.printer.fonts import FontNotFoundError
from hardware.printer.image import render_ticket_image, save_ticket_png
from hardware.printer.layout import ticket_bytes, write_ticket
from hardware.printer.network import PrinterNetwork
from hardware.printer.options import TicketOptions
from hardware.printer.poller import StatusPoller
from hardware.printer.preview import PrinterPreview
from hardware.printer.serial import PrinterSerial, transfer_seconds
from hardware.printer.status import PaperState, PrinterStatus, parse_status
from hardware.printer.usb import PrinterUsb

__all__ = [
    "FAKE_STATES",
    "FontNotFoundError",
    "PaperState",
    "PrinterCups",
    "PrinterError",
    "PrinterFake",
    "PrinterFile",
    "PrinterNetwork",
    "PrinterPreview",
    "PrinterSerial",
    "PrinterStatus",
    "PrinterUsb",
    "StatusPoller",
    "TicketContent",
    "TicketOptions",
    "TicketPrinter",
    "options_from_config",
    "parse_status",
    "printer_from_config",
    "render_ticket_image",
    "save_ticket_png",
    "self_test_ticket",
    "ticket_bytes",
    "transfer_seconds",
    "write_ticket",
]
