"""A kiosk whose printer hangs mid-ticket, run as a process the crash test SIGKILLs.

    python -m tests.kiosk.crash_kiosk HUB_URL TOKEN STATE_DIR

Prints "ISSUED <ticket id>" once the hub has issued the ticket and the journal holds it.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

from hardware.printer import PrinterFake
from kiosk.app import Launch, connect, make_model
from kiosk.config import KioskConfig
from kiosk.printing import PrinterService
from kiosk.view import Screen


class StuckPrinter(PrinterFake):
    """Takes the ticket and never finishes sending it (a hung USB link, a frozen driver)."""

    def _write(self, data: bytes) -> None:
        threading.Event().wait()


async def main(url: str, token: str, state_dir: Path) -> None:
    launch = Launch(config=KioskConfig(), state_dir=state_dir, hub_url=url, token=token)
    model = make_model(launch, printer=PrinterService(StuckPrinter()))
    await connect(model, launch)
    while model.screen is not Screen.HOME:
        await asyncio.sleep(0.02)
    assert model.request_ticket("general")
    while not any(e.ticket_id for e in model.journal.entries()):
        await asyncio.sleep(0.02)
    print("ISSUED", model.journal.entries()[0].ticket_id, flush=True)
    await asyncio.Event().wait()  # until killed


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
