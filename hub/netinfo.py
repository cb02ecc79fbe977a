"""LAN addresses of this machine: where the hub announces itself and devices look."""

from __future__ import annotations

import ifaddr


def lan_addresses() -> list[str]:
    """IPv4 addresses of the non-loopback interfaces, sorted (127.0.0.1 when there are none).

    mDNS needs an explicit list: zeroconf speaks on the interfaces it is given, so "all of
    the LAN" is these addresses, and tests pass ["127.0.0.1"] instead.
    """
    found = sorted({
        ip.ip for adapter in ifaddr.get_adapters() for ip in adapter.ips
        if isinstance(ip.ip, str) and not ip.ip.startswith("127.")
    })
    return found or ["127.0.0.1"]
