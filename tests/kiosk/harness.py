"""Start kiosk models against a real hub process; wait for what they show."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hardware.printer import TicketPrinter
from hub.client import Backoff, HubClient
from kiosk.app import Launch, connect, make_model
from kiosk.config import KioskConfig
from kiosk.model import KioskModel
from kiosk.printing import PrinterService
from tests.support.hub_process import HubProcess

OFFICE = Path(__file__).with_name("office.toml")


def fast_backoff() -> Backoff:
    return Backoff(initial=0.05, maximum=0.5)


def kiosk_config(printer: dict[str, Any] | None = None, **kiosk: Any) -> KioskConfig:
    """A config as from a file: quick to give up on a lost hub, unless told otherwise."""
    data: dict[str, Any] = {"kiosk": {"out_of_service_after_s": 0.3, "printer_poll_s": 0.2,
                                      **kiosk}}
    if printer is not None:
        data["printer"] = printer
    return KioskConfig.model_validate(data)


def launch(hub: HubProcess, state_dir: Path, *, config: KioskConfig | None = None,
           who: str | None = "kiosk", url: str | None = None, discover: bool = False
           ) -> Launch:
    """Command-line choices: `--hub` (unless `discover`: mDNS on 127.0.0.1), `--token`."""
    return Launch(config=config or kiosk_config(), state_dir=state_dir,
                  hub_url=None if discover else url or hub.url,
                  interfaces=["127.0.0.1"], token=hub.tokens[who] if who else None)


async def start_kiosk(hub: HubProcess, state_dir: Path, printer: TicketPrinter | None, *,
                      config: KioskConfig | None = None, who: str | None = "kiosk",
                      url: str | None = None, poll_s: float = 0.2,
                      discover: bool = False) -> KioskModel:
    """A started model talking to `hub`, printing on `printer`.

    `printer` None: the printer of `config` (none, unless its `[printer]` names one).
    """
    service = PrinterService(printer, poll_s=poll_s) if printer is not None else None
    the_launch = launch(hub, state_dir, config=config, who=who, url=url, discover=discover)
    model = make_model(the_launch, printer=service)
    await connect(model, the_launch, backoff=fast_backoff)
    return model


async def until(predicate: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Wait (bounded) for `predicate()`; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


def tcp_printer_config(port: int, **extra: Any) -> dict[str, Any]:
    """A network printer on 127.0.0.1 with short timeouts (a silent one costs little)."""
    return {"transport": "network", "host": "127.0.0.1", "port": port, "timeout": 1,
            "status_timeout": 0.3, "native_qr": True, **extra}


async def kiosk_device(hub: HubProcess) -> dict[str, Any]:
    """The kiosk's entry in the hub's device list (GET /api/v1/devices as admin)."""
    async with HubClient(hub.url, hub.tokens["admin"]) as admin:
        devices = await admin.devices()
    kiosks = [d for d in devices if d.kind == "kiosk"]
    assert len(kiosks) <= 1, devices
    return kiosks[0].model_dump() if kiosks else {"online": False, "status": {}}


async def hub_sees_printer(hub: HubProcess, state: str, timeout: float = 10.0) -> dict[str, Any]:
    """Wait until the hub's device list shows the kiosk's printer in `state`."""
    deadline = time.monotonic() + timeout
    while True:
        device = await kiosk_device(hub)
        if device["status"].get("printer", {}).get("state") == state:
            return device
        if time.monotonic() > deadline:
            raise AssertionError(f"the hub never saw printer state {state!r}: {device}")
        await asyncio.sleep(0.05)
