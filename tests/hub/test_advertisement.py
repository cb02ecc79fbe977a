"""The hub advertises itself over mDNS on 127.0.0.1 only, and withdraws on stop."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
from zeroconf import ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from hub.discovery import SERVICE_TYPE, instance_name
from tests.support.hub_process import HubProcess


async def _browse(seconds: float) -> dict[str, AsyncServiceInfo]:
    """Services seen (and resolved) on 127.0.0.1 within `seconds`; removed ones dropped."""
    found: dict[str, AsyncServiceInfo] = {}
    removed: set[str] = set()
    pending: list[asyncio.Task[None]] = []
    azc = AsyncZeroconf(interfaces=["127.0.0.1"])

    async def resolve(zc: Zeroconf, name: str) -> None:
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if await info.async_request(zc, 3000):
            found[name] = info

    def changed(zeroconf: Zeroconf, service_type: str, name: str,
                state_change: ServiceStateChange) -> None:
        if state_change is ServiceStateChange.Removed:
            removed.add(name)
        else:
            pending.append(asyncio.ensure_future(resolve(zeroconf, name)))

    browser = AsyncServiceBrowser(azc.zeroconf, [SERVICE_TYPE], handlers=[changed])
    await asyncio.sleep(seconds)
    await asyncio.gather(*pending, return_exceptions=True)
    await browser.async_cancel()
    await azc.async_close()
    return {n: i for n, i in found.items() if n not in removed}


def test_instance_names_fit_dns_labels() -> None:
    assert instance_name("Main St. Branch", "abcdef123456") == "Main St  Branch (abcdef)"
    long = instance_name("Отделение банка на улице Очень Длинного Названия", "0123456789")
    assert len(long.encode()) <= 63
    assert long.endswith("(012345)")


async def test_hub_is_found_with_its_records_and_withdraws(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path, mdns=True)
    hub.create_tokens()
    hub.start()
    async with aiohttp.ClientSession() as http, http.get(hub.url + "/health") as resp:
        hub_id = (await resp.json())["hub_id"]

    def ours(found: dict[str, AsyncServiceInfo]) -> dict[str, AsyncServiceInfo]:
        # Other hubs may be on 127.0.0.1 too (tests running in parallel): pick ours by id.
        return {n: i for n, i in found.items()
                if (i.properties or {}).get(b"hub_id") == hub_id.encode()}

    try:
        deadline = time.monotonic() + 15
        seen: dict[str, AsyncServiceInfo] = {}
        while not seen and time.monotonic() < deadline:
            seen = ours(await _browse(2.5))
        assert len(seen) == 1, "hub not found over mDNS on 127.0.0.1"
        ((our_name, info),) = seen.items()
        txt = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
        assert txt["site"] == "Now Serving Sample Office"
        assert txt["api"] == "/api/v1"
        assert txt["pairing"] == "open"
        assert len(txt["hub_id"]) == 16
        assert info.port == hub.port
        assert info.parsed_addresses() == ["127.0.0.1"]

        # A browser that is watching sees the hub say goodbye when it stops.
        removed = asyncio.Event()
        azc = AsyncZeroconf(interfaces=["127.0.0.1"])

        def changed(zeroconf: Zeroconf, service_type: str, name: str,
                    state_change: ServiceStateChange) -> None:
            if state_change is ServiceStateChange.Removed and name == our_name:
                removed.set()

        browser = AsyncServiceBrowser(azc.zeroconf, [SERVICE_TYPE], handlers=[changed])
        await asyncio.sleep(1.5)
        await asyncio.to_thread(hub.stop)
        try:
            async with asyncio.timeout(5):
                await removed.wait()
        finally:
            await browser.async_cancel()
            await azc.async_close()
    finally:
        hub.stop()
