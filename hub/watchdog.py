"""systemd service notifications (sd_notify): ready, watchdog keep-alives, stopping.

The protocol is one datagram to the socket named in $NOTIFY_SOCKET, so this small module
replaces a dependency. Outside systemd (no $NOTIFY_SOCKET) every call does nothing. The
watchdog pings come from the asyncio loop itself, so a hung loop stops them and systemd
restarts the process (`WatchdogSec=` in the unit). Apps under cage ping for cage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Talks to systemd when run as a `Type=notify` service."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self.address = "\0" + address[1:] if address.startswith("@") else address
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        # Under a kiosk compositor (cage) systemd watches cage, our parent: its unit has
        # NotifyAccess=all, so the app inside sends the pings on cage's behalf.
        mine = not pid or pid in (str(os.getpid()), str(os.getppid()))
        self.watchdog_s = int(usec) / 1e6 if usec.isdigit() and mine else None
        self._task: asyncio.Task[None] | None = None

    @property
    def enabled(self) -> bool:
        """True when running under systemd with a notification socket."""
        return bool(self.address)

    def notify(self, message: str) -> bool:
        """Send one notification (`READY=1`, `WATCHDOG=1`, `STATUS=...`)."""
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                # Never block the event loop on a slow reader: drop the message instead.
                sock.setblocking(False)
                sock.sendto(message.encode(), self.address)
        except OSError as exc:
            log.warning("sd_notify failed: %s", exc)
            return False
        return True

    def ready(self, status: str = "") -> None:
        """The service is up; start watchdog pings if systemd asked for them."""
        self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))
        if self.watchdog_s and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._pings())

    def status(self, text: str) -> None:
        """A one-line status shown by `systemctl status`."""
        self.notify(f"STATUS={text}")

    async def stopping(self) -> None:
        """The service is shutting down."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.notify("STOPPING=1")

    async def _pings(self) -> None:
        assert self.watchdog_s is not None
        while True:
            self.notify("WATCHDOG=1")
            await asyncio.sleep(self.watchdog_s / 2)
