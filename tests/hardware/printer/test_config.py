"""Picking a transport from a plain dict, and clear errors for bad config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hardware.printer import (
    PrinterCups,
    PrinterFake,
    PrinterFile,
    PrinterNetwork,
    PrinterPreview,
    PrinterSerial,
    PrinterUsb,
    options_from_config,
    printer_from_config,
)


def test_examples_build_their_transport(tmp_path: Path) -> None:
    network = printer_from_config({"transport": "network", "host": "127.0.0.1", "port": 9100,
                                   "timeout": 3, "profile": "TM-T88V", "width_px": 576,
                                   "native_qr": True})
    assert isinstance(network, PrinterNetwork)
    assert (network.host, network.port, network.timeout) == ("127.0.0.1", 9100, 3)
    assert network.options.profile == "TM-T88V" and network.options.use_native_qr

    fake = printer_from_config({"transport": "fake", "status": "paper_out"})
    assert isinstance(fake, PrinterFake) and fake.status().paper == "out"

    usb = printer_from_config({"transport": "usb", "vendor_id": "0x04b8",
                               "product_id": "0x0202"})
    assert isinstance(usb, PrinterUsb) and (usb.vendor_id, usb.product_id) == (0x04B8, 0x0202)

    serial = printer_from_config({"transport": "serial", "port": "/dev/ttyUSB0",
                                  "baudrate": 38400})
    assert isinstance(serial, PrinterSerial) and serial.settings["baudrate"] == 38400

    file = printer_from_config({"transport": "file", "path": "/dev/usb/lp0"})
    assert isinstance(file, PrinterFile) and file.path == Path("/dev/usb/lp0")

    cups = printer_from_config({"transport": "cups", "queue": "receipt"})
    assert isinstance(cups, PrinterCups) and cups.command == ("lp",)

    preview = printer_from_config({"transport": "preview", "dir": str(tmp_path)})
    assert isinstance(preview, PrinterPreview) and preview.directory == tmp_path


def test_defaults() -> None:
    network = printer_from_config({"transport": "network", "host": "10.0.0.5"})
    assert isinstance(network, PrinterNetwork)
    assert (network.port, network.timeout) == (9100, 3.0)
    assert network.options.width_px == 576 and network.options.cut == "full"
    assert printer_from_config({"transport": "fake"}).status().ready


@pytest.mark.parametrize(("cfg", "field"), [
    ({}, "'transport'"),
    ({"transport": "bluetooth"}, "'transport'"),
    ({"transport": "network"}, "'host'"),
    ({"transport": "network", "hots": "x"}, "'hots'"),
    ({"transport": "network", "host": "x", "port": "9100"}, "'port'"),
    ({"transport": "network", "host": "x", "port": 70000}, "'port'"),
    ({"transport": "network", "host": "x", "timeout": True}, "'timeout'"),
    ({"transport": "usb", "vendor_id": "epson", "product_id": 1}, "'vendor_id'"),
    ({"transport": "usb", "vendor_id": 1}, "'product_id'"),
    ({"transport": "serial", "port": "/dev/ttyS0", "parity": "X"}, "parity"),
    ({"transport": "fake", "status": "jammed"}, "status"),
    ({"transport": "fake", "width_px": 10}, "width_px"),
    ({"transport": "fake", "profile": "TM-NOPE"}, "profile"),
    ({"transport": "fake", "cut": "half"}, "cut"),
    ({"transport": "file", "path": ""}, "'path'"),
])
def test_bad_config_names_the_field(cfg: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        printer_from_config(cfg)


def test_layout_options_from_the_same_dict() -> None:
    options = options_from_config({"transport": "serial", "port": "x", "width_px": 384,
                                   "native_qr": False, "cjk_font": "/fonts/x.ttc"})
    assert options.width_px == 384 and not options.use_native_qr
    assert options.cjk_font == Path("/fonts/x.ttc")
