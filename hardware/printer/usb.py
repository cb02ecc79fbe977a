"""Printers that speak USB directly (printer class, bulk endpoints), via pyusb + libusb.

pyusb is optional: without it this transport reports itself unusable and raises a clear
:class:`PrinterError` instead of failing at import. Unlike python-escpos ``Usb`` we do not
hard-code endpoints 0x01/0x82 (many non-Epson printers differ) but read them from the
interface, and every transfer has a timeout.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from types import ModuleType
from typing import Any, ClassVar

from hardware.printer.base import PrinterError, TicketPrinter
from hardware.printer.options import TicketOptions
from hardware.printer.status import read_status_reply, status_request

_LOGGER = logging.getLogger(__name__)


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


_usb_core = _optional("usb.core")
_usb_util = _optional("usb.util")
_TIMEOUTS: tuple[type[BaseException], ...] = (
    (_usb_core.USBTimeoutError,) if _usb_core is not None else ())


def is_usable() -> bool:
    """Tell whether pyusb is installed (libusb itself is checked when opening)."""
    return _usb_core is not None and _usb_util is not None


class PrinterUsb(TicketPrinter):
    """ESC/POS over USB bulk endpoints, with two-way status.

    ``find`` locates the device (default ``usb.core.find``); pass another callable to reach
    a device by other means. ``out_ep``/``in_ep`` override endpoint discovery.
    """

    can_read_status: ClassVar[bool] = True

    def __init__(self, vendor_id: int, product_id: int, *, interface: int = 0,
                 out_ep: int | None = None, in_ep: int | None = None,
                 status_timeout: float = 1.0, write_timeout: float = 20.0,
                 options: TicketOptions | None = None,
                 find: Callable[..., Any] | None = None) -> None:
        super().__init__(f"USB printer {vendor_id:04x}:{product_id:04x}", options)
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.interface = interface
        self.out_ep = out_ep
        self.in_ep = in_ep
        self.status_timeout = status_timeout
        self.write_timeout = write_timeout
        self._find = find
        self._device: Any = None
        self._endpoints: tuple[int, int] | None = None


    def _opened(self) -> tuple[Any, int, int]:
        if self._device is None:
            device = self._locate()
            self._claim(device)
            self._endpoints = self._endpoint_pair(device)
            self._device = device
        assert self._endpoints is not None
        return self._device, *self._endpoints

    def _locate(self) -> Any:
        find = self._find
        if find is None:
            if not is_usable():
                raise PrinterError(f"{self.label}: pyusb is not installed")
            find = _usb_core.find  # type: ignore[union-attr]
        try:
            device = find(idVendor=self.vendor_id, idProduct=self.product_id)
        except Exception as exc:  # NoBackendError: libusb missing; USBError: permissions
            raise PrinterError(f"{self.label}: {exc} (is libusb-1.0-0 installed?)"
                               ) from exc
        if device is None:
            raise PrinterError(f"{self.label}: not found (unplugged or switched off?)")
        return device

    def _claim(self, device: Any) -> None:
        """Take the interface from the kernel's usblp driver, then configure the device."""
        try:
            if device.is_kernel_driver_active(self.interface):
                device.detach_kernel_driver(self.interface)
        except NotImplementedError:  # backends other than libusb1
            pass
        try:
            device.set_configuration()
        except OSError as exc:  # already configured by another open: keep going
            _LOGGER.debug("%s: set_configuration: %s", self.label, exc)

    def _endpoint_pair(self, device: Any) -> tuple[int, int]:
        if self.out_ep is not None and self.in_ep is not None:
            return self.out_ep, self.in_ep
        if _usb_util is None:
            raise PrinterError(f"{self.label}: set out_ep and in_ep (no pyusb)")
        setting = device.get_active_configuration()[(self.interface, 0)]
        found = {}
        for direction in (_usb_util.ENDPOINT_OUT, _usb_util.ENDPOINT_IN):
            endpoint = _usb_util.find_descriptor(
                setting, custom_match=lambda e, d=direction:
                _usb_util.endpoint_direction(e.bEndpointAddress) == d)
            found[direction] = endpoint.bEndpointAddress if endpoint is not None else None
        out_ep = self.out_ep or found[_usb_util.ENDPOINT_OUT]
        in_ep = self.in_ep or found[_usb_util.ENDPOINT_IN]
        if out_ep is None or in_ep is None:
            raise PrinterError(f"{self.label}: no bulk endpoints on interface "
                               f"{self.interface}")
        return out_ep, in_ep

    def _write(self, data: bytes) -> None:
        device, out_ep, _ = self._opened()
        device.write(out_ep, data, int(self.write_timeout * 1000))

    def _status_byte(self, n: int) -> int | None:
        device, out_ep, in_ep = self._opened()
        while self._read(device, in_ep, 0.001):  # drop stale replies
            pass
        device.write(out_ep, status_request(n), int(self.status_timeout * 1000))
        return read_status_reply(lambda seconds: self._read(device, in_ep, seconds),
                                 self.status_timeout)

    @staticmethod
    def _read(device: Any, in_ep: int, seconds: float) -> bytes:
        try:
            return bytes(device.read(in_ep, 64, max(1, int(seconds * 1000))))
        except _TIMEOUTS:
            return b""

    def _reset(self) -> None:
        device, self._device = self._device, None
        self._endpoints = None
        if device is not None and _usb_util is not None:
            try:
                _usb_util.dispose_resources(device)
            except Exception as exc:  # a vanished device may fail here
                _LOGGER.debug("%s: dispose: %s", self.label, exc)
