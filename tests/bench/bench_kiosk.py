"""Kiosk benchmark: tap -> "take your ticket" latency, and what a ticket costs on the wire.

Run with `.venv/bin/python -m tests.bench.bench_kiosk`. A real hub process on 127.0.0.1,
the kiosk model without Qt, and printers from the driver: in memory (fake) and a TCP
printer on 127.0.0.1 that answers status queries. A tap's latency covers the status read
before printing, the durable issue at the hub, the layout (raster for Chinese) and sending
the bytes, then the status read after printing. Every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from hardware.printer import TicketContent, TicketOptions, ticket_bytes, transfer_seconds
from kiosk.model import KioskModel
from kiosk.view import Screen
from tests.hardware.printer.emulator import OK, TcpPrinter
from tests.kiosk.harness import OFFICE, kiosk_config, start_kiosk, tcp_printer_config, until
from tests.support.hub_process import HubProcess

SAMPLE = {
    "en": ("General enquiries", "Issued 5 Mar 2026, 09:41", "3 people ahead of you",
           "Estimated wait: about 12 minutes", "Please watch the screen: your number will "
           "be called."),
    "ru": ("Общие вопросы", "Талон выдан 05.03.2026 09:41", "Перед вами 3 человека",
           "Примерное ожидание: около 12 минут", "Следите за табло: ваш номер вызовут."),
    "zh": ("综合业务", "取号时间：2026年3月5日 09:41", "您前面还有 3 人", "预计等候：约 12 分钟",
           "请留意叫号屏幕，届时将呼叫您的号码。"),
}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def wire_costs() -> None:
    """Bytes per ticket and the time they take on a 38,400 bps serial line, per language."""
    print("ticket size (80 mm, native QR) and serial time at 38,400 bps:")
    for language, (service, issued, ahead, wait, footer) in SAMPLE.items():
        content = TicketContent(language=language, site_name="Riverside Service Centre",
                                number="A042", service_name=service, issued_at_text=issued,
                                people_ahead_text=ahead, wait_text=wait,
                                qr_url="http://192.168.1.10:8470/t/0f3c2a9e8d7b4c1a",
                                footer_lines=(footer,))
        started = time.perf_counter()
        data = ticket_bytes(content, TicketOptions(native_qr=True))
        layout_ms = (time.perf_counter() - started) * 1000
        print(f"  {language}: {len(data):6d} bytes, {transfer_seconds(len(data)):5.2f} s serial, "
              f"layout {layout_ms:5.1f} ms")


async def taps(model: KioskModel, language: str, count: int, limit_s: float) -> list[float]:
    """Tap `count` times (or until `limit_s`); seconds from tap to the printed-ticket screen."""
    latencies: list[float] = []
    deadline = time.monotonic() + limit_s
    while len(latencies) < count and time.monotonic() < deadline:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        model.set_language(language)
        shown = asyncio.Event()

        def on_change(event: asyncio.Event = shown) -> None:
            if model.screen in (Screen.TICKET, Screen.FALLBACK):
                event.set()

        stop = model.subscribe(on_change)
        started = time.perf_counter()
        assert model.request_ticket("general")
        try:
            await asyncio.wait_for(shown.wait(), 10)
        finally:
            stop()
        latencies.append(time.perf_counter() - started)
        assert model.screen is Screen.TICKET, "the benchmark printer failed"
        model.done()
    return latencies


def report(name: str, latencies: list[float]) -> None:
    ms = [s * 1000 for s in latencies]
    print(f"  {name:22s} n={len(ms):3d}  p50 {statistics.median(ms):6.1f} ms  "
          f"p99 {_pct(ms, 99):6.1f} ms  max {max(ms):6.1f} ms")


async def bench(count: int, limit_s: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "hub", config=OFFICE)
        hub.workdir.mkdir()
        hub.create_tokens()
        hub.start()
        server = TcpPrinter(OK)
        try:
            printers: dict[str, dict[str, Any]] = {
                "fake": {"transport": "fake", "native_qr": True},
                "tcp 127.0.0.1": tcp_printer_config(server.port),
            }
            print(f"tap -> 'take your ticket' screen ({count} taps each, hub on 127.0.0.1):")
            for name, printer in printers.items():
                model = await start_kiosk(hub, Path(tmp) / name.split()[0], None,
                                          config=kiosk_config(printer, confirmation_s=600))
                try:
                    for language in ("en", "ru", "zh"):
                        report(f"{name} {language}", await taps(model, language, count,
                                                               limit_s))
                finally:
                    await model.stop()
        finally:
            server.close()
            hub.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--taps", type=int, default=60)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per series")
    args = parser.parse_args()
    wire_costs()
    asyncio.run(bench(args.taps, args.limit))


if __name__ == "__main__":
    main()
