"""socat pty pairs for the counter tests: socat plays the cable, the test plays the device.

The same pattern as the driver tests (tests/hardware/keypad/ptypair.py), kept here so the
counter tests do not depend on another package's test folder.
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


@dataclass
class SocatPair:
    """One socat joining two ptys; `driver` is the app's end, `device` the test's."""

    proc: subprocess.Popen[bytes]
    driver: str
    device: str
    links: tuple[Path, ...] = ()

    def unplug(self) -> None:
        """Pull the plug: links vanish first (no recycled /dev/pts number), then socat dies."""
        for link in self.links:
            link.unlink(missing_ok=True)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=5)

    def plug_in(self, path: Path) -> None:
        """Make the driver end appear at `path` in one step (atomic rename of its link)."""
        Path(self.driver).replace(path)
        self.driver = str(path)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.unplug()


def start_socat(workdir: Path, driver_link: Path | None = None,
                device_link: Path | None = None) -> SocatPair:
    """Start socat; return once both ptys exist and it copies data."""
    ends = ["pty,raw,echo=0" + (f",link={link}" if link else "")
            for link in (driver_link, device_link)]
    log = workdir / f"socat-{time.monotonic_ns()}.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(["socat", "-d", "-d", *ends], stdout=subprocess.DEVNULL,
                                stderr=err)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        paths = _PTY_LINE.findall(text)
        if len(paths) == 2 and "starting data transfer loop" in text:
            return SocatPair(proc, str(driver_link or paths[0]), str(device_link or paths[1]),
                             tuple(link for link in (driver_link, device_link) if link))
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.kill()
    proc.wait(timeout=5)
    raise RuntimeError(f"socat did not start: {log.read_text(errors='replace')}")


def open_device(path: str) -> serial.Serial:
    """Open the test's (device) end of a pair."""
    return serial.Serial(path, baudrate=9600, timeout=0.02)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll `predicate` until true or `timeout` passes (for plain threads, not the loop)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@dataclass
class Receiver:
    """Reads a device end on a thread and splits what arrives into frames at `end`."""

    port: serial.Serial
    end: bytes
    frames: list[bytes] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Receiver:
        self._thread = threading.Thread(target=self._run, name="test-receiver")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.port.close()

    def _run(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            try:
                buf += self.port.read(max(1, self.port.in_waiting))
            except (serial.SerialException, OSError, TypeError):
                return
            while (index := buf.find(self.end)) >= 0:
                self.frames.append(bytes(buf[: index + len(self.end)]))
                del buf[: index + len(self.end)]
