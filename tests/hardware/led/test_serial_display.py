"""SerialLedDisplay over real pty pairs: the test plays the sign on the far end of socat."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hardware.led import LinkState, SerialLedDisplay
from tests.support.serial_pty import FrameCollector, SocatPair, open_device, wait_until

GAP_S = 0.2
TOLERANCE_S = 0.02  # receiver-side thread scheduling jitter


@pytest.fixture
def sign() -> Iterator[Callable[..., tuple[SerialLedDisplay, FrameCollector, list[LinkState]]]]:
    """Open a display on `port` and a frame collector on `device`; close both at teardown."""
    opened: list[tuple[SerialLedDisplay, FrameCollector]] = []

    def make(
        port: str, device: str, **kwargs: object
    ) -> tuple[SerialLedDisplay, FrameCollector, list[LinkState]]:
        collector = FrameCollector(open_device(device), b"\x03").start()
        display = SerialLedDisplay(port, **kwargs)  # type: ignore[arg-type]
        states: list[LinkState] = []
        display.start(states.append)
        opened.append((display, collector))
        assert wait_until(lambda: display.state is LinkState.CONNECTED)
        return display, collector, states

    yield make
    for display, collector in opened:
        display.close()
        collector.stop()


def test_number_blink_and_clear_reach_the_sign(socat, sign) -> None:
    pair: SocatPair = socat()
    display, collector, _ = sign(pair.driver, pair.device, address=5)
    display.show("A042")
    display.show("A042", blink=True)  # may coalesce with the first: only the newest matters
    assert collector.wait_for(1)[-1] == b"\x0205BA042\x03"
    display.clear()
    assert collector.wait_for(len(collector.frames) + 1)[-1] == b"\x0205C\x03"
    assert set(collector.payloads()) <= {b"\x0205SA042\x03", b"\x0205BA042\x03", b"\x0205C\x03"}


def test_cp1251_bytes_on_the_wire(socat, sign) -> None:
    pair: SocatPair = socat()
    display, collector, _ = sign(pair.driver, pair.device, encoding="cp1251")
    display.show("Б-07 中")
    assert collector.wait_for(1) == [bytes.fromhex("02 30 31 53 c1 2d 30 37 20 3f 03")]


def test_writes_are_paced_and_coalesced(socat, sign, artifacts_dir: Path) -> None:
    pair: SocatPair = socat()
    display, collector, _ = sign(pair.driver, pair.device, min_gap_s=GAP_S)

    display.show("1")
    assert collector.wait_for(1) == [b"\x0201S1\x03"]
    for n in range(2, 11):  # a burst: only the newest survives
        display.show(str(n))
    assert collector.wait_for(2)[1] == b"\x0201S10\x03"
    time.sleep(GAP_S + 0.1)
    assert collector.payloads() == [b"\x0201S1\x03", b"\x0201S10\x03"]
    assert display.writer.coalesced == 8

    # Updates every 50 ms for ~1 s: frames come out no faster than the gap, newest last.
    start = len(collector.frames)
    began = time.monotonic()
    lateness = 0.0  # how late this process wakes up: bounds the receiver's timestamp error
    for n in range(20):
        display.show(f"{100 + n}")
        before = time.monotonic()
        time.sleep(0.05)
        lateness = max(lateness, time.monotonic() - before - 0.05)
    elapsed = time.monotonic() - began
    assert wait_until(lambda: collector.payloads()[-1] == b"\x0201S119\x03")
    times = [t for t, _ in collector.frames]
    gaps_ms = [round((b - a) * 1000, 1) for a, b in itertools.pairwise(times)]
    tolerance_ms = (TOLERANCE_S + lateness) * 1000
    (artifacts_dir / "led-pacing.txt").write_text(
        f"gaps between received frames (ms): {gaps_ms}\ntolerance (ms): {tolerance_ms:.1f}\n"
    )
    assert min(gaps_ms) >= GAP_S * 1000 - tolerance_ms, (gaps_ms, tolerance_ms)
    sent = len(collector.frames) - start
    assert 2 <= sent <= elapsed / GAP_S + 2, (sent, elapsed)  # ~5-6, not 20


def test_unplugged_sign_gets_the_latest_content_when_back(socat, sign, tmp_path: Path) -> None:
    driver_link, device_link = tmp_path / "led", tmp_path / "led-device"
    pair: SocatPair = socat(driver_link, device_link)
    display, collector, states = sign(
        str(driver_link), str(device_link), retry_s=0.1, min_gap_s=0.05
    )
    display.show("A041")
    assert collector.wait_for(1) == [b"\x0201SA041\x03"]

    collector.stop()
    pair.unplug()
    assert wait_until(lambda: states[-1:] == [LinkState.DISCONNECTED])
    display.show("A042")  # while unplugged: must not raise, must not be lost
    display.show("A043", blink=True)

    pair = socat(tmp_path / "staging", device_link)
    replugged = FrameCollector(open_device(pair.device), b"\x03").start()
    try:
        pair.plug_in(driver_link)
        assert wait_until(lambda: display.state is LinkState.CONNECTED)
        assert replugged.wait_for(1) == [b"\x0201BA043\x03"]
        time.sleep(0.15)
        assert replugged.payloads() == [b"\x0201BA043\x03"]
    finally:
        replugged.stop()
    assert states == [LinkState.CONNECTED, LinkState.DISCONNECTED, LinkState.CONNECTED]


def test_idle_sign_is_repainted_after_replug(socat, tmp_path: Path) -> None:
    driver_link, device_link = tmp_path / "led2", tmp_path / "led2-device"
    pair: SocatPair = socat(driver_link, device_link)
    display = SerialLedDisplay(str(driver_link), retry_s=0.1, min_gap_s=0.05)
    display.show("A007")  # before start: queued until the port opens
    collector = FrameCollector(open_device(pair.device), b"\x03").start()
    try:
        display.start()
        assert collector.wait_for(1) == [b"\x0201SA007\x03"]
        collector.stop()
        pair.unplug()
        assert wait_until(lambda: display.state is LinkState.DISCONNECTED)

        pair = socat(tmp_path / "staging", device_link)
        collector = FrameCollector(open_device(pair.device), b"\x03").start()
        pair.plug_in(driver_link)
        assert collector.wait_for(1) == [b"\x0201SA007\x03"]  # a power-cycled sign is blank
    finally:
        display.close()
        collector.stop()


def test_close_flushes_the_pending_update(socat) -> None:
    pair: SocatPair = socat()
    with open_device(pair.device) as device:
        collector = FrameCollector(device, b"\x03").start()
        try:
            display = SerialLedDisplay(pair.driver, min_gap_s=GAP_S)
            display.start()
            assert wait_until(lambda: display.state is LinkState.CONNECTED)
            display.show("A001")
            assert collector.wait_for(1) == [b"\x0201SA001\x03"]
            display.clear()  # pending behind the gap when close() is called
            display.close()
            assert collector.wait_for(2) == [b"\x0201SA001\x03", b"\x0201C\x03"]
        finally:
            collector.stop()
