"""The headless keypad bridge over real pty pairs (socat), against a real hub.

The test plays the keypads and the LED signs on the far ends of the ptys: it writes the
bytes a button sends and reads what the bridge answers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import serial

from counter.bridge import BridgeSettings, HeadlessBridge
from tests.counter.conftest import api, counter_state, event_types, issue
from tests.counter.helpers import until
from tests.support.hub_process import HubProcess
from tests.support.serial_pty import FrameCollector, SocatPair, open_device, read_exactly


async def answer(port: serial.Serial, size: int, timeout: float = 10.0) -> bytes:
    """What the bridge sent back to the keypad (read off the loop's thread)."""
    return await asyncio.to_thread(read_exactly, port, size, timeout)


async def answered(port: serial.Serial, expected: bytes) -> bool:
    """True if the keypad received exactly `expected` next."""
    got = await answer(port, len(expected))
    assert got == expected
    return True


def settings(hub: HubProcess, keypad_port: str, tmp_path: Path, **kwargs: object
             ) -> BridgeSettings:
    base: dict[str, object] = {
        "keypad": {"protocol": "line", "port": keypad_port, "retry_s": 0.1},
        "addresses": {0: "counter-1"}, "admin_token": hub.tokens["admin"],
        "hub_url": hub.url, "state_dir": tmp_path / "bridge"}
    base.update(kwargs)
    return BridgeSettings(**base)  # type: ignore[arg-type]


@pytest.fixture
async def bridges() -> AsyncIterator[Callable[..., object]]:
    made: list[HeadlessBridge] = []

    async def start(s: BridgeSettings) -> HeadlessBridge:
        bridge = HeadlessBridge(s)
        made.append(bridge)
        await bridge.start()
        assert await until(lambda: bridge.connected and bridge.mirror.loaded), "not connected"
        return bridge

    yield start
    for bridge in made:
        await bridge.stop()


async def test_keypad_call_reaches_the_hub_and_the_led_sign(
        hub: HubProcess, socat, bridges, tmp_path: Path) -> None:
    keypad: SocatPair = socat()
    sign: SocatPair = socat()
    api(hub, "POST", "/counters/counter-1/open")
    number = issue(hub)
    receiver = FrameCollector(open_device(sign.device), b"\x03").start()
    try:
        with open_device(keypad.device) as device:
            await bridges(settings(hub, keypad.driver, tmp_path, blink_s=0.5,
                                   led={"port": sign.driver, "min_gap_ms": 50, "retry_s": 0.1}))
            assert await until(lambda: receiver.payloads()[-1:] == [b"\x0201C\x03"])

            device.write(b"CALL\n")
            assert await answered(device, f"OK {number}\nBEEP\n".encode())
            assert counter_state(hub, "counter-1")["ticket_number"] == number
            # The sign blinks the new number, then shows it steady.
            blink, steady = f"\x0201B{number}\x03".encode(), f"\x0201S{number}\x03".encode()
            assert await until(lambda: steady in receiver.payloads())
            frames = receiver.payloads()
            assert frames.index(blink) < frames.index(steady)

            device.write(b"DONE\n")
            assert await answered(device, f"OK {number}\n".encode())
            assert await until(lambda: receiver.payloads()[-1:] == [b"\x0201C\x03"])

            device.write(b"CALL\n")
            assert await answered(device, b"EMPTY\n")
    finally:
        receiver.stop()
    assert event_types(hub).count("ticket.called") == 1


async def test_frame_bus_with_two_addresses_drives_two_counters(
        hub: HubProcess, socat, bridges, tmp_path: Path) -> None:
    keypad: SocatPair = socat()
    signs: SocatPair = socat()
    for counter in ("counter-1", "counter-2"):
        api(hub, "POST", f"/counters/{counter}/open")
    numbers = [issue(hub), issue(hub)]
    token_file = {"counter-1": hub.tokens["counter-1"], "counter-2": hub.tokens["counter-2"]}
    receiver = FrameCollector(open_device(signs.device), b"\x03").start()
    try:
        with open_device(keypad.device) as device:
            await bridges(settings(
                hub, keypad.driver, tmp_path, admin_token=None, counter_tokens=token_file,
                keypad={"protocol": "frame", "port": keypad.driver, "retry_s": 0.1},
                addresses={1: "counter-1", 2: "counter-2"},
                led={"port": signs.driver, "min_gap_ms": 20, "retry_s": 0.1},
                led_addresses={"counter-2": 7}))
            device.write(bytes([0x01, 0x01, 0x31, 0x07]))
            first = await answer(device, 9)
            device.write(bytes([0x01, 0x02, 0x31, 0x07]))
            second = await answer(device, 9)
        # Both signs hang on the one bus: each gets its own number, blinking.
        assert await until(lambda: f"\x0201B{numbers[0]}\x03".encode() in receiver.payloads())
        assert await until(lambda: f"\x0207B{numbers[1]}\x03".encode() in receiver.payloads())
    finally:
        receiver.stop()
    # 01 ADDR 'F' LAMP(green) BEEP(1) + the number's last three characters + 07
    assert first == bytes([1, 1, 0x46, 0x41, 0x31]) + numbers[0][-3:].encode() + b"\x07"
    assert second == bytes([1, 2, 0x46, 0x41, 0x31]) + numbers[1][-3:].encode() + b"\x07"
    assert counter_state(hub, "counter-1")["ticket_number"] == numbers[0]
    assert counter_state(hub, "counter-2")["ticket_number"] == numbers[1]


async def test_chattering_button_calls_once(hub: HubProcess, socat, bridges,
                                            tmp_path: Path) -> None:
    keypad: SocatPair = socat()
    api(hub, "POST", "/counters/counter-1/open")
    numbers = [issue(hub) for _ in range(3)]
    with open_device(keypad.device) as device:
        await bridges(settings(hub, keypad.driver, tmp_path))
        start = time.monotonic()
        for _ in range(5):  # five contacts within 30 ms: one physical press
            device.write(b"CALL\n")
            await asyncio.sleep(0.005)
        assert time.monotonic() - start < 0.2
        assert await answered(device, f"OK {numbers[0]}\nBEEP\n".encode())
        assert await answer(device, 1, timeout=1.0) == b""  # and nothing more
    assert event_types(hub).count("ticket.called") == 1
    status, state = api(hub, "GET", "/state")
    assert [t["number"] for t in state["waiting"]] == numbers[1:]


async def test_hub_down_keypad_shows_error_and_nothing_is_replayed(
        hub: HubProcess, socat, bridges, tmp_path: Path) -> None:
    keypad: SocatPair = socat()
    api(hub, "POST", "/counters/counter-1/open")
    number = issue(hub)
    with open_device(keypad.device) as device:
        bridge = await bridges(settings(hub, keypad.driver, tmp_path))
        hub.kill()
        assert await until(lambda: not bridge.connected)
        device.write(b"CALL\n")
        assert await answered(device, b"ERR\nBEEP\n")

        events_before = len(event_types(hub))
        hub.start()
        assert await until(lambda: bridge.connected, timeout=20)
        await asyncio.sleep(0.5)
        assert "ticket.called" not in event_types(hub, events_before)
        assert counter_state(hub, "counter-1")["ticket_id"] is None

        device.write(b"CALL\n")  # a new press, now that the hub is back, works
        assert await answered(device, f"OK {number}\nBEEP\n".encode())


async def test_unplugged_keypad_is_reported_and_recovers(hub: HubProcess, socat, bridges,
                                                         tmp_path: Path) -> None:
    driver_link, device_link = tmp_path / "ttyUSB0", tmp_path / "keypad-device"
    pair: SocatPair = socat(driver_link, device_link)
    api(hub, "POST", "/counters/counter-1/open")
    first, second = issue(hub), issue(hub)

    def keypad_status() -> str | None:
        status, body = api(hub, "GET", "/devices")
        devices = body["devices"] if isinstance(body, dict) else body
        states = [d["status"].get("keypad", {}).get("state") for d in devices
                  if "keypad" in d.get("status", {})]
        return states[0] if states else None

    bridge = await bridges(settings(hub, str(driver_link), tmp_path))
    with open_device(str(device_link)) as device:
        device.write(b"CALL\n")
        assert await answered(device, f"OK {first}\nBEEP\n".encode())
    assert await until(lambda: keypad_status() == "connected")

    pair.unplug()
    assert await until(lambda: bridge.router.status()["state"] == "disconnected")
    assert await until(lambda: keypad_status() == "disconnected")

    pair = socat(driver_link, device_link)  # plugged back in, same udev-style path
    assert await until(lambda: bridge.router.status()["state"] == "connected")
    assert await until(lambda: keypad_status() == "connected")
    await asyncio.sleep(0.35)  # past the debounce window of the press before the unplug
    with open_device(str(device_link)) as device:
        device.write(b"CALL\n")
        assert await answered(device, f"OK {second}\nBEEP\n".encode())
