"""Real serial pty pairs from socat for tests, and the device end a test plays.

socat plays the cable: the app's driver opens one end (`driver`), the test plays the keypad,
LED sign or printer on the other (`device`). Every socat started here is stopped again
(SIGTERM, then SIGKILL after a timeout), also when starting it fails.

    with start_socat(tmp_path) as pair:          # one pair, stopped on leaving the block
        ...
    def test_x(socat):                            # the fixture: a factory, all stopped at teardown
        pair = socat(driver_link, device_link)    # optional udev-style links to the two ends

A conftest makes the fixture available with ``from tests.support.serial_pty import socat``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import pytest
import serial

START_TIMEOUT_S = 5.0
STOP_TIMEOUT_S = 5.0
_PTY_LINE = re.compile(r"PTY is (/dev/pts/\d+)")
_READY_LINE = "starting data transfer loop"


class SocatError(RuntimeError):
    """socat is not installed, or did not come up with both ends."""


def socat_installed() -> bool:
    return shutil.which("socat") is not None


@dataclass
class SocatPair:
    """One running socat joining two ptys; `driver` is the app's end, `device` the test's."""

    proc: subprocess.Popen[bytes]
    driver: str
    device: str
    log: Path
    links: tuple[Path, ...] = ()

    def unplug(self) -> None:
        """Pull the plug: the udev-style links vanish and socat dies without cleaning up.

        Links go first so a driver retrying never opens a recycled /dev/pts number.
        """
        for link in self.links:
            link.unlink(missing_ok=True)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=STOP_TIMEOUT_S)

    def plug_in(self, path: Path) -> None:
        """Make the driver end appear at `path` in one step (an atomic rename of its link).

        The test opens the device end first, so nothing the driver sends on connecting is
        lost: pyserial discards pending input when a port is opened.
        """
        Path(self.driver).replace(path)
        self.driver = str(path)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """SIGTERM (socat removes its links), SIGKILL if it has not exited within `timeout`."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.unplug()

    def __enter__(self) -> SocatPair:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def start_socat(workdir: Path, driver_link: Path | None = None,
                device_link: Path | None = None, *,
                timeout: float = START_TIMEOUT_S) -> SocatPair:
    """Start socat; return once both ends exist and it copies data (at most `timeout` s).

    Raises SocatError, with socat's log, if socat is missing, exits or is not ready in
    time; socat is stopped then (also if the wait is interrupted).
    """
    if not socat_installed():
        raise SocatError("socat is not installed (apt install socat; `make` installs it)")
    ends = ["pty,raw,echo=0" + (f",link={link}" if link else "")
            for link in (driver_link, device_link)]
    fd, name = tempfile.mkstemp(prefix="socat-", suffix=".log", dir=workdir)
    with os.fdopen(fd, "wb") as err:
        proc = subprocess.Popen(["socat", "-d", "-d", *ends], stdout=subprocess.DEVNULL,
                                stderr=err)
    links = tuple(link for link in (driver_link, device_link) if link)
    pair = SocatPair(proc, str(driver_link or ""), str(device_link or ""), Path(name), links)
    try:
        problem = _wait_ready(pair, timeout)
    except BaseException:
        pair.stop(timeout=1.0)
        raise
    if problem is None:
        return pair
    pair.stop(timeout=1.0)
    raise SocatError(f"socat did not start ({problem}): {pair.log.read_text(errors='replace')}")


def _wait_ready(pair: SocatPair, timeout: float) -> str | None:
    """Wait until socat printed both ptys, copies data and both ends exist; else why not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = pair.log.read_text(errors="replace")
        paths = _PTY_LINE.findall(text)
        if len(paths) == 2 and _READY_LINE in text:
            pair.driver = pair.driver or paths[0]
            pair.device = pair.device or paths[1]
            if Path(pair.driver).exists() and Path(pair.device).exists():
                return None
        if pair.proc.poll() is not None:
            return f"exited with {pair.proc.returncode}"
        time.sleep(0.01)
    return f"not ready within {timeout} s"


@dataclass
class SocatPairs:
    """Starts pairs in one folder and stops every one of them at the end."""

    workdir: Path
    pairs: list[SocatPair] = field(default_factory=list)

    def start(self, driver_link: Path | None = None,
              device_link: Path | None = None) -> SocatPair:
        pair = start_socat(self.workdir, driver_link, device_link)
        self.pairs.append(pair)
        return pair

    def stop(self) -> None:
        """Stop all pairs, even if stopping one of them fails (the first error is raised)."""
        errors: list[BaseException] = []
        for pair in self.pairs:
            try:
                pair.stop()
            except Exception as exc:  # stop the rest, then report the first
                errors.append(exc)
        if errors:
            raise errors[0]

    def __enter__(self) -> SocatPairs:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


@pytest.fixture
def socat(tmp_path: Path) -> Iterator[Callable[..., SocatPair]]:
    """Factory of socat pty pairs, ``socat(driver_link=None, device_link=None)``; every pair
    is stopped at teardown."""
    with SocatPairs(tmp_path) as pairs:
        yield pairs.start
    assert all(pair.proc.poll() is not None for pair in pairs.pairs), "socat left running"


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
    """Read a device end on a thread, split it into frames at `end`, timestamp each frame.

    `stop()` joins the thread and closes the port.
    """

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
        self.port.close()

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
                cut = index + len(self.end)
                self.frames.append((now, bytes(buf[:cut])))
                del buf[:cut]
