"""Hub benchmark: durable tickets/s, call-next -> event latency with many WebSocket clients, RSS.

Run with `make bench` or `.venv/bin/python -m tests.bench.bench_hub`. Everything runs on
127.0.0.1; every loop is bounded in count and time. The hub is a separate process (real
SQLite file, synchronous=FULL); this process is the load (kiosks, counters, displays).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp

from hub.config import default_office_text
from tests.bench.ws_receiver import receive_calls
from tests.support.hub_process import HubProcess


def _rss_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def bench_tickets(hub: HubProcess, total: int, concurrency: int, limit_s: float) -> None:
    headers = hub.headers("kiosk") | {"Content-Type": "application/json"}
    services = ["general", "payments", "documents"]
    latencies: list[float] = []
    done = 0
    deadline = time.monotonic() + limit_s

    async def kiosk(n: int, http: aiohttp.ClientSession) -> None:
        nonlocal done
        i = 0
        while done < total and time.monotonic() < deadline:
            body = json.dumps({"service_id": services[(n + i) % 3]})
            t0 = time.perf_counter()
            async with http.post(hub.url + "/tickets", data=body, headers=headers) as resp:
                await resp.read()
                assert resp.status == 201, resp.status
            latencies.append(time.perf_counter() - t0)
            done += 1
            i += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        start = time.perf_counter()
        await asyncio.gather(*[kiosk(n, http) for n in range(concurrency)])
        elapsed = time.perf_counter() - start
    print(f"durable tickets: {done} in {elapsed:.2f} s = {done / elapsed:,.0f} tickets/s "
          f"({concurrency} concurrent kiosks); request latency p50 "
          f"{_pct(latencies, 50) * 1000:.1f} ms, p99 {_pct(latencies, 99) * 1000:.1f} ms")


async def bench_fanout(hub: HubProcess, clients: int, calls: int, limit_s: float) -> None:
    """Time call-next -> `ticket.called` on every one of `clients` WebSockets.

    The receivers run in their own process (see ws_receiver.py) so that the load client's
    own cost does not masquerade as hub latency; both processes use CLOCK_MONOTONIC.
    """
    admin = hub.headers("admin")
    async with aiohttp.ClientSession() as http:
        for n in (1, 2, 4):
            async with http.post(f"{hub.url}/counters/counter-{n}/open", headers=admin) as r:
                await r.read()
        for _ in range(calls):
            async with http.post(hub.url + "/tickets", headers=admin,
                                 json={"service_id": "general"}) as r:
                await r.read()
        async with http.get(hub.url + "/state", headers=admin) as resp:
            seq = (await resp.json())["seq"]
        ours, theirs = multiprocessing.Pipe()
        receiver = multiprocessing.Process(target=receive_calls, args=(
            "127.0.0.1", hub.port, f"/api/v1/events?since={seq}", hub.tokens["display"],
            clients, calls, limit_s, theirs))
        receiver.start()
        try:
            if not ours.poll(limit_s) or ours.recv() != "ready":
                raise RuntimeError("receivers did not connect")
            await asyncio.sleep(0.5)
            sent_at: dict[bytes, float] = {}
            counters = ["counter-1", "counter-2", "counter-4"]
            deadline = time.monotonic() + limit_s
            for i in range(calls):
                if time.monotonic() > deadline:
                    break
                number = f"A{i + 1:03d}"
                sent_at[number.encode()] = time.perf_counter()
                async with http.post(f"{hub.url}/counters/{counters[i % 3]}/call-next",
                                     headers=admin) as r:
                    body = await r.json()
                    assert body["number"] == number, (body["number"], number)
                await asyncio.sleep(0.2)  # a busy office: several calls a second
            arrivals = ours.recv() if ours.poll(limit_s + 5) else []
        finally:
            receiver.join(timeout=10)
            if receiver.is_alive():
                receiver.kill()
    delays = [at - sent_at[number] for number, at in arrivals if number in sent_at]
    expected = clients * len(sent_at)
    if not delays:
        print(f"{clients} WebSocket clients: no deliveries measured")
        return
    print(f"call-next -> event delivered, {clients} WebSocket clients, {len(sent_at)} calls: "
          f"p50 {_pct(delays, 50) * 1000:.1f} ms, p99 {_pct(delays, 99) * 1000:.1f} ms, "
          f"max {max(delays) * 1000:.1f} ms, mean {statistics.mean(delays) * 1000:.1f} ms "
          f"({len(delays)}/{expected} deliveries)")


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--clients", type=int, nargs="*", default=[200, 1000])
    args = parser.parse_args()
    _raise_fd_limit()  # 1,000 WebSockets need more than the usual 1,024 descriptors
    with tempfile.TemporaryDirectory() as tmp:
        # Numbers up to 9999 so the load never fills a service's number range.
        config = Path(tmp) / "office.toml"
        config.write_text(default_office_text().replace("max_number = 999", "max_number = 9999"),
                          encoding="utf-8")
        hub = HubProcess(Path(tmp), config=config)
        hub.create_tokens()
        hub.start()
        try:
            assert hub.proc is not None
            idle = _rss_kb(hub.proc.pid)["VmRSS"] / 1024
            print(f"hub pid {hub.proc.pid}, idle RSS {idle:.1f} MB")
            await bench_tickets(hub, args.tickets, args.concurrency, limit_s=60)
            print(f"hub RSS after ticket load {_rss_kb(hub.proc.pid)['VmRSS'] / 1024:.1f} MB")
        finally:
            hub.stop()
        for clients in args.clients:
            fresh = HubProcess(Path(tmp) / f"fanout-{clients}")
            fresh.workdir.mkdir()
            fresh.create_tokens()
            fresh.start()
            try:
                assert fresh.proc is not None
                await bench_fanout(fresh, clients, args.calls, limit_s=60)
                rss = _rss_kb(fresh.proc.pid)
                print(f"hub RSS with {clients} clients connected: {rss['VmRSS'] / 1024:.1f} MB "
                      f"(peak {rss['VmHWM'] / 1024:.1f} MB)")
            finally:
                fresh.stop()


if __name__ == "__main__":
    asyncio.run(main())
