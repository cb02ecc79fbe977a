"""One-way transports: a device file (any path) and a CUPS raw queue through ``lp``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hardware.printer import PrinterCups, PrinterError, PrinterFile, TicketContent, ticket_bytes


def test_file_appends_each_ticket(tmp_path: Path, en_ticket: TicketContent,
                                  ru_ticket: TicketContent) -> None:
    spool = tmp_path / "lp0"
    printer = PrinterFile(spool)
    printer.print_ticket(en_ticket)
    printer.print_ticket(ru_ticket)
    assert spool.read_bytes() == ticket_bytes(en_ticket) + ticket_bytes(ru_ticket)
    status = printer.status()
    assert status.readable is False and status.online is None and status.paper == "unknown"


def test_file_missing_device(tmp_path: Path, en_ticket: TicketContent) -> None:
    with pytest.raises(PrinterError, match="file printer"):
        PrinterFile(tmp_path / "no" / "lp0").print_ticket(en_ticket)


@pytest.fixture
def fake_lp(tmp_path: Path) -> Path:
    """An ``lp`` stand-in script: saves its arguments and the job it reads on stdin."""
    script = tmp_path / "lp"
    script.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/job\n')
    script.chmod(0o755)
    return script


def test_cups_submits_raw_job(fake_lp: Path, tmp_path: Path, zh_ticket: TicketContent) -> None:
    printer = PrinterCups("receipt", command=(str(fake_lp),))
    printer.print_ticket(zh_ticket)
    assert (tmp_path / "args").read_text().split() == ["-d", "receipt", "-o", "raw"]
    assert (tmp_path / "job").read_bytes() == ticket_bytes(zh_ticket)
    assert printer.status().readable is False


def test_cups_failure_is_reported(tmp_path: Path, en_ticket: TicketContent) -> None:
    script = tmp_path / "lp"
    script.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    script.chmod(0o755)
    with pytest.raises(PrinterError, match="does not exist"):
        PrinterCups("nope", command=(str(script),)).print_ticket(en_ticket)
    with pytest.raises(PrinterError, match="not found"):
        PrinterCups("q", command=(str(tmp_path / "missing-lp"),)).print_ticket(en_ticket)


@pytest.mark.skipif(shutil.which("lp") is None, reason="CUPS client (lp) is not installed")
def test_real_lp_rejects_unknown_queue(en_ticket: TicketContent) -> None:
    with pytest.raises(PrinterError):
        PrinterCups("now-serving-no-such-queue").print_ticket(en_ticket)
