"""The ticket printer as the kiosk uses it: blocking driver calls moved off the UI thread.

Every print and status read runs on one worker thread (one job at a time, in order); the
background poller has its own thread. Results come back to the event loop as awaitables,
status changes through `call_soon_threadsafe`, so the model only ever runs on the loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeVar

from hardware.printer import PrinterStatus, StatusPoller, TicketContent, TicketPrinter

_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")

PrinterState = Literal["ready", "paper_low", "paper_out", "cover_open", "offline", "no_reply",
                       "error", "unknown", "none"]
# States in which a ticket is sent to the printer; in the others it would not come out.
PRINTABLE: frozenset[PrinterState] = frozenset({"ready", "paper_low", "unknown"})


def printer_state(status: PrinterStatus | None) -> PrinterState:
    """Sum up a status in one word, the worst problem first."""
    if status is None or not status.readable:
        return "unknown"
    if status.paper == "out":
        return "paper_out"
    if status.cover_open:
        return "cover_open"
    if status.online is False:
        return "offline"
    if status.online is None:
        return "no_reply"
    if status.error:
        return "error"
    if status.paper == "near_end":
        return "paper_low"
    return "ready"


def status_report(label: str, status: PrinterStatus | None) -> dict[str, Any]:
    """The printer part of the kiosk's device status on the hub (only stable fields)."""
    report: dict[str, Any] = {"state": printer_state(status), "device": label}
    if status is not None:
        report.update(online=status.online, paper=status.paper, cover_open=status.cover_open,
                      readable=status.readable, error=status.error)
    return report


class PrinterService:
    """One printer, its worker thread and its background status poller."""

    def __init__(self, printer: TicketPrinter, *, poll_s: float = 5.0) -> None:
        self.printer = printer
        self.poll_s = poll_s
        self.latest: PrinterStatus | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-printer")
        self._poller: StatusPoller | None = None

    @property
    def label(self) -> str:
        """The printer's name for logs and staff ("network printer 10.0.0.7:9100")."""
        return self.printer.label

    @property
    def state(self) -> PrinterState:
        """The last known state."""
        return printer_state(self.latest)

    def start(self, on_change: Callable[[PrinterStatus], None]) -> None:
        """Start polling; `on_change` runs on the event loop of the caller."""
        loop = asyncio.get_running_loop()

        def changed(status: PrinterStatus) -> None:  # on the poller thread
            loop.call_soon_threadsafe(self._report, status, on_change)

        self._poller = StatusPoller(self.printer, changed, interval=self.poll_s,
                                    name="kiosk-printer-status")
        self._poller.start()

    def _report(self, status: PrinterStatus, on_change: Callable[[PrinterStatus], None]
                ) -> None:
        self.latest = status
        on_change(status)

    async def _run(self, call: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def read_status(self) -> PrinterStatus:
        """Ask the printer now (short timeouts) and remember the answer."""
        self.latest = await self._run(self.printer.status)
        return self.latest

    async def print_ticket(self, content: TicketContent) -> None:
        """Print one ticket; raises `PrinterError` when it could not be sent."""
        await self._run(lambda: self.printer.print_ticket(content))

    async def test_print(self) -> None:
        """Print the driver's self-test ticket."""
        await self._run(self.printer.test_print)

    async def stop(self) -> None:
        """Stop polling, finish the job in hand, release the printer (waits off the loop)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        poller, self._poller = self._poller, None

        def shutdown() -> None:
            try:
                if poller is not None:
                    poller.stop(10.0)
                self._executor.shutdown(wait=True, cancel_futures=True)
                self.printer.close()
            finally:
                loop.call_soon_threadsafe(lambda: done.done() or done.set_result(None))

        threading.Thread(target=shutdown, name="kiosk-printer-stop", daemon=True).start()
        await done
