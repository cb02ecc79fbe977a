"""Real serial pty pairs from socat, and a reader that timestamps what a device receives.

Shared by the keypad and LED tests. socat plays the cable: our driver opens one end, the
test plays the device on the other.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import serial

_PTY_LINE = re.compile(r"PTY is (/dev/pts/\d+)")
START_TIMEOUT_S = 5.0


@dataclass
class SocatPair:
    """One running socat joining two ptys; `driver` is our end, `device` the test's."""

    proc: subprocess.Popen[bytes]
    driver: str
    device: str
    log: Path
    links: tuple[Path, ...] = ()

    def kill(self) -> None:
        """Pull the plug: the udev-style links vanish and socat dies without cleaning up.

        Links go first so a driver retrying never opens a recycled /dev/pts number.
        """
        for link in self.links:
            link.unlink(missing_ok=True)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=5)

    def plug_in(self, path: Path) -> None:
        """Make the driver end appear at `path` in one step (an atomic rename of its link).

        The test opens the device end first, so nothing the driver sends on connecting is
        lost: pyserial discards pending input when a port is opened.
        """
        Path(self.driver).replace(path)
        self.driver = str(path)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


def start_socat(
    workdir: Path, driver_link: Path | None = None, device_link: Path | None = None
) -> SocatPair:
    """Start socat and return once it has printed both pty paths and started copying."""
    ends = []
    for link in (driver_link, device_link):
        ends.append("pty,raw,echo=0" + (f",link={link}" if link else ""))
    log = workdir / f"socat-{time.monotonic_ns()}.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(["socat", "-d", "-d", *ends], stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        paths = _PTY_LINE.findall(text)
        if len(paths) == 2 and "starting data transfer loop" in text:
            driver = str(driver_link) if driver_link else paths[0]
            device = str(device_link) if device_link else paths[1]
            links = tuple(link for link in (driver_link, device_link) if link)
            return SocatPair(proc, driver, device, log, links)
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.kill()
    proc.wait(timeout=5)
    msg = f"socat did not start: {log.read_text(errors='replace')}"
    raise RuntimeError(msg)


def open_device(path: str) -> serial.Serial:
    """Open the test's (device) end of a pair."""
    return serial.Serial(path, baudrate=9600, timeout=0.02)


def wait_until(predicate: Callable[[], bool], timeout: float = 3.0) -> bool:
    """Poll `predicate` until true or `timeout` passes; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


def read_exactly(port: serial.Serial, size: int, timeout: float = 3.0) -> bytes:
    """Read `size` bytes or whatever arrived before `timeout`."""
    data = bytearray()
    deadline = time.monotonic() + timeout
    while len(data) < size and time.monotonic() < deadline:
        data += port.read(size - len(data))
    return bytes(data)


@dataclass
class FrameCollector:
    """Read a device end on a thread, split it into frames at `end`, timestamp each frame."""

    port: serial.Serial
    end: bytes
    frames: list[tuple[float, bytes]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> FrameCollector:
        self._thread = threading.Thread(target=self._run, name="test-frame-collector")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def payloads(self) -> list[bytes]:
        return [frame for _, frame in list(self.frames)]

    def wait_for(self, count: int, timeout: float = 3.0) -> list[bytes]:
        wait_until(lambda: len(self.frames) >= count, timeout)
        return self.payloads()

    def _run(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            try:
                # Return as soon as one byte is there, so the timestamp is the arrival time.
                chunk = self.port.read(max(1, self.port.in_waiting))
            except (serial.SerialException, OSError, TypeError):
                return  # the far end went away (TypeError: port closed under us)
            now = time.monotonic()
            buf += chunk
            while (index := buf.find(self.end)) >= 0:
                self.frames.append((now, bytes(buf[: index + 1])))
                del buf[: index + 1]
