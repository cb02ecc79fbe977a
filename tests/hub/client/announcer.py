"""A stand-alone mDNS announcer for discovery tests, run as a separate process.

    python -m tests.hub.client.announcer "Name" port key=value ...

Registers `_nowserving._tcp.local.` on 127.0.0.1 only, prints "ready" once announced,
and withdraws when its stdin closes (so it can never outlive the test that started it).
"""

from __future__ import annotations

import asyncio
import sys

from zeroconf import ServiceInfo
from zeroconf.asyncio import AsyncZeroconf

SERVICE_TYPE = "_nowserving._tcp.local."  # hub.client.discovery.SERVICE_TYPE (fast start-up)


async def main(name: str, port: int, properties: dict[str, str]) -> None:
    zc = AsyncZeroconf(interfaces=["127.0.0.1"])
    info = ServiceInfo(SERVICE_TYPE, f"{name}.{SERVICE_TYPE}", port=port,
                       properties=properties, server=f"{name.replace(' ', '-')}.local.",
                       parsed_addresses=["127.0.0.1"])
    await (await zc.async_register_service(info))
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.read)  # until the test closes our stdin
    await (await zc.async_unregister_service(info))
    await zc.async_close()


if __name__ == "__main__":
    props = dict(arg.split("=", 1) for arg in sys.argv[3:])
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), props))
