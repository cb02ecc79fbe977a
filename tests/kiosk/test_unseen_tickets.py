"""No phantom tickets: a number nobody saw is cancelled at the hub, never left waiting."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hardware.printer import PrinterError, PrinterFake
from hub.client import HubClient
from kiosk import issuing
from kiosk.journal import JOURNAL_FILE, Journal
from kiosk.view import Screen
from tests.hub.client.conftest import count_tickets
from tests.hub.client.proxy import LossyProxy
from tests.kiosk.harness import start_kiosk, until
from tests.support.hub_process import HubProcess

ROOT = Path(__file__).resolve().parents[2]


class BrokenPrinter(PrinterFake):
    """Reports ready, then fails to take the ticket (the link dropped mid-job)."""

    def _write(self, data: bytes) -> None:
        raise PrinterError("fake printer: broken pipe")


@pytest.fixture
async def admin(hub: HubProcess) -> AsyncIterator[HubClient]:
    async with HubClient(hub.url, hub.tokens["admin"]) as client:
        yield client


@pytest.mark.parametrize("printer", [PrinterFake("disconnected"), BrokenPrinter()],
                         ids=["printer-off", "print-failed"])
async def test_not_printed_and_not_drawn_is_cancelled(
        hub: HubProcess, tmp_path: Path, admin: HubClient, printer: PrinterFake,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issuing, "ACK_TIMEOUT_S", 0.5)
    model = await start_kiosk(hub, tmp_path / "kiosk", printer)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        assert model.request_ticket("general")
        await until(lambda: model.screen is Screen.FALLBACK, "the take-a-photo screen")
        ticket = model.view.ticket
        assert ticket is not None
        # No screen draws it (a dead display, a crashed UI): the ticket must go.
        await until(lambda: len(model.journal) == 0, "the unseen ticket to be settled")
        await until(lambda: model.screen is Screen.HOME, "back home")
        assert (await admin.get_ticket(ticket.id)).state == "cancelled"
        assert printer.jobs == []
    finally:
        await model.stop()


async def test_lost_answers_leave_no_ticket_waiting(
        hub: HubProcess, tmp_path: Path, admin: HubClient, proxy: LossyProxy,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issuing, "UNSEEN_RETRY_S", 0.3)
    printer = PrinterFake()
    model = await start_kiosk(hub, tmp_path / "kiosk", printer, url=proxy.url)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        proxy.drop_responses[b"POST /api/v1/tickets "] = 3  # every retry of this tap
        assert model.request_ticket("documents")
        await until(lambda: model.screen is Screen.OUT_OF_SERVICE, "out of service")
        assert model.view.ticket is None  # never a number the visitor could rely on
        await until(lambda: len(model.journal) == 0, "the lost ticket to be found and cancelled")
        keys = proxy.keys(b"POST /api/v1/tickets ")
        assert len(keys) >= 4 and len(set(keys)) == 1  # 3 lost + the replay, one key
        state = await admin.state()
        assert [t.number for t in state.waiting] == []
        assert count_tickets(hub.db) == 1
        assert printer.jobs == []
    finally:
        await model.stop()


async def test_kiosk_killed_mid_print_cancels_on_next_start(
        hub: HubProcess, tmp_path: Path, admin: HubClient) -> None:
    state_dir = tmp_path / "kiosk"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.kiosk.crash_kiosk", hub.url, hub.tokens["kiosk"],
        str(state_dir), stdout=asyncio.subprocess.PIPE, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
        assert line.startswith("ISSUED "), line
        ticket_id = line.split()[1]
        proc.send_signal(signal.SIGKILL)  # the power cut, mid-ticket
        await asyncio.wait_for(proc.wait(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert (state_dir / JOURNAL_FILE).exists()
    assert [e.ticket_id for e in Journal(state_dir).entries()] == [ticket_id]
    assert (await admin.get_ticket(ticket_id)).state == "waiting"

    model = await start_kiosk(hub, state_dir, PrinterFake())
    try:
        await until(lambda: len(model.journal) == 0, "the unseen ticket to be cancelled")
        assert (await admin.get_ticket(ticket_id)).state == "cancelled"
        assert Journal(state_dir).entries() == []
    finally:
        await model.stop()
