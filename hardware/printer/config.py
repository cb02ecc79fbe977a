"""Build a :class:`TicketPrinter` from a plain dict (the appliance's config file section).

Schema (every key except ``transport`` is optional unless marked *required*):

Layout, any transport:
    ``profile``      python-escpos profile name, default ``"default"`` (e.g. ``"TM-T88V"``)
    ``width_px``     printable dots, default 576 (80 mm at 203 dpi); 384 for 58 mm
    ``native_qr``    true/false: printer draws QR (``GS ( k``); default: ask the profile
    ``qr_module_px`` QR module size in dots, 1-16, default 6
    ``cut``          ``"full"`` (default) or ``"partial"``
    ``kanji_off``    send ``FS .`` to leave Chinese mode, default true
    ``cjk_font``     font file for raster lines (default: found with fontconfig)
    ``text_font``    monospace font file for previews

Transports:
    ``{"transport": "network", "host": *required*, "port": 9100, "timeout": 3,
    "status_timeout": 1, "write_timeout": 20}``
    ``{"transport": "serial", "port": *required* ("/dev/ttyUSB0"), "baudrate": 38400,
    "bytesize": 8, "parity": "N", "stopbits": 1, "rtscts": false, "xonxoff": false,
    "dsrdtr": false, "status_timeout": 1, "write_timeout": 30}``
    ``{"transport": "usb", "vendor_id": *required* ("0x04b8" or 1208), "product_id":
    *required*, "interface": 0, "out_ep": null, "in_ep": null, "status_timeout": 1,
    "write_timeout": 20}``
    ``{"transport": "file", "path": *required* ("/dev/usb/lp0")}``
    ``{"transport": "cups", "queue": *required*, "command": "lp", "timeout": 15}``
    ``{"transport": "fake", "status": "ok"}`` (ok, paper_near_end, paper_out, offline,
    cover_open, disconnected)
    ``{"transport": "preview", "dir": *required*}``

Unknown keys are errors: a typo such as ``"hots"`` must not silently print nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hardware.printer.base import TicketPrinter
from hardware.printer.cups import PrinterCups
from hardware.printer.fake import PrinterFake
from hardware.printer.file import PrinterFile
from hardware.printer.network import PrinterNetwork
from hardware.printer.options import TicketOptions
from hardware.printer.preview import PrinterPreview
from hardware.printer.serial import PrinterSerial
from hardware.printer.usb import PrinterUsb

_LAYOUT = {"profile": str, "width_px": int, "native_qr": bool, "qr_module_px": int,
           "cut": str, "kanji_off": bool, "cjk_font": str, "text_font": str}
_TIMEOUT = (int, float)
# transport -> ({field: type}, required fields)
_FIELDS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "network": ({"host": str, "port": int, "timeout": _TIMEOUT, "status_timeout": _TIMEOUT,
                 "write_timeout": _TIMEOUT}, ("host",)),
    "serial": ({"port": str, "baudrate": int, "bytesize": int, "parity": str,
                "stopbits": _TIMEOUT, "rtscts": bool, "xonxoff": bool, "dsrdtr": bool,
                "status_timeout": _TIMEOUT, "write_timeout": _TIMEOUT}, ("port",)),
    "usb": ({"vendor_id": (str, int), "product_id": (str, int), "interface": int,
             "out_ep": (str, int), "in_ep": (str, int), "status_timeout": _TIMEOUT,
             "write_timeout": _TIMEOUT}, ("vendor_id", "product_id")),
    "file": ({"path": str}, ("path",)),
    "cups": ({"queue": str, "command": str, "timeout": _TIMEOUT}, ("queue",)),
    "fake": ({"status": str}, ()),
    "preview": ({"dir": str}, ("dir",)),
}


def _checked(cfg: Mapping[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Split and type-check config; return (transport, transport fields, layout fields)."""
    transport = cfg.get("transport")
    if transport not in _FIELDS:
        raise ValueError(f"printer config field 'transport' must be one of "
                         f"{', '.join(_FIELDS)}, got {transport!r}")
    fields, required = _FIELDS[transport]
    own: dict[str, Any] = {}
    layout: dict[str, Any] = {}
    for key, value in cfg.items():
        if key == "transport":
            continue
        kind = fields.get(key) or _LAYOUT.get(key)
        if kind is None:
            raise ValueError(f"printer config field {key!r} is not known for transport "
                             f"{transport!r}")
        bad_bool = isinstance(value, bool) and kind is not bool
        if value is not None and (bad_bool or not isinstance(value, kind)):
            raise ValueError(f"printer config field {key!r} has the wrong type: {value!r}")
        if value is not None:
            (own if key in fields else layout)[key] = value
    for key in required:
        if own.get(key) in (None, ""):
            raise ValueError(f"printer config field {key!r} is required for transport "
                             f"{transport!r}")
    return transport, own, layout


def _usb_id(field: str, value: str | int) -> int:
    try:
        number = int(value, 0) if isinstance(value, str) else value
    except ValueError:
        raise ValueError(f"printer config field {field!r} must be a number like "
                         f"'0x04b8', got {value!r}") from None
    if not 0 <= number <= 0xFFFF:
        raise ValueError(f"printer config field {field!r} is out of range: {value!r}")
    return number


def _usb(own: dict[str, Any], options: TicketOptions) -> PrinterUsb:
    ids = {key: _usb_id(key, own.pop(key)) for key in ("vendor_id", "product_id", "out_ep",
                                                       "in_ep") if key in own}
    return PrinterUsb(ids.pop("vendor_id"), ids.pop("product_id"), **ids, **own,
                      options=options)


def _cups(own: dict[str, Any], options: TicketOptions) -> PrinterCups:
    command = (own.pop("command"),) if "command" in own else ("lp",)
    return PrinterCups(own.pop("queue"), command=command, **own, options=options)


_BUILDERS: dict[str, Callable[[dict[str, Any], TicketOptions], TicketPrinter]] = {
    "network": lambda own, options: PrinterNetwork(own.pop("host"), **own, options=options),
    "serial": lambda own, options: PrinterSerial(own.pop("port"), **own, options=options),
    "usb": _usb,
    "file": lambda own, options: PrinterFile(own["path"], options=options),
    "cups": _cups,
    "fake": lambda own, options: PrinterFake(own.get("status", "ok"), options=options),
    "preview": lambda own, options: PrinterPreview(own["dir"], options=options),
}


def options_from_config(cfg: Mapping[str, Any]) -> TicketOptions:
    """Return the layout options of a printer config (keys other than layout are ignored)."""
    layout = {key: cfg[key] for key in _LAYOUT if cfg.get(key) is not None}
    return TicketOptions(**layout)


def printer_from_config(cfg: Mapping[str, Any]) -> TicketPrinter:
    """Return the printer described by ``cfg``; raise ValueError naming any bad field."""
    transport, own, layout = _checked(cfg)
    try:
        options = TicketOptions(**layout)
    except ValueError as exc:
        raise ValueError(f"printer config: {exc}") from None
    if own.get("port") is not None and transport == "network" and not 0 < own["port"] < 65536:
        raise ValueError(f"printer config field 'port' is out of range: {own['port']!r}")
    try:
        return _BUILDERS[transport](own, options)
    except ValueError as exc:
        raise ValueError(f"printer config: {exc}") from None
