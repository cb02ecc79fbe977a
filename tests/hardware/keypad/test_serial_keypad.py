"""SerialKeypad over real pty pairs: the test plays the keypad on the far end of socat."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hardware.keypad import (
    FrameProtocol,
    KeyAction,
    KeypadFeedback,
    KeyPress,
    LineProtocol,
    LinkState,
    SerialKeypad,
)
from tests.support.serial_pty import SocatPair, open_device, read_exactly, wait_until


class Recorder:
    """Collects what the keypad delivers on its reader thread."""

    def __init__(self) -> None:
        self.presses: list[KeyPress] = []
        self.states: list[LinkState] = []
        self._lock = threading.Lock()

    def on_press(self, press: KeyPress) -> None:
        with self._lock:
            self.presses.append(press)

    def on_state(self, state: LinkState) -> None:
        with self._lock:
            self.states.append(state)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def running() -> Iterator[Callable[[SerialKeypad, Recorder], SerialKeypad]]:
    """Start keypads for a test and always stop them."""
    started: list[SerialKeypad] = []

    def start(keypad: SerialKeypad, rec: Recorder) -> SerialKeypad:
        keypad.start(rec.on_press, rec.on_state)
        started.append(keypad)
        assert wait_until(lambda: keypad.state is LinkState.CONNECTED), "keypad never opened"
        return keypad

    yield start
    for keypad in started:
        keypad.stop()


def test_line_keypad_call_and_feedback(socat, running, recorder: Recorder) -> None:
    pair: SocatPair = socat()
    keypad = running(SerialKeypad(pair.driver, LineProtocol()), recorder)
    with open_device(pair.device) as device:
        before = time.monotonic()
        device.write(b"CALL\n")
        assert wait_until(lambda: len(recorder.presses) == 1)
        press = recorder.presses[0]
        assert (press.address, press.action) == (0, KeyAction.CALL)
        assert len(press.press_id) == 32
        int(press.press_id, 16)
        assert before <= press.at <= time.monotonic()

        assert keypad.send_feedback(0, KeypadFeedback("ok", "A042"))
        assert read_exactly(device, 8) == b"OK A042\n"

        device.write(b"2:recall\r\n")
        assert wait_until(lambda: len(recorder.presses) == 2)
        assert (recorder.presses[1].address, recorder.presses[1].action) == (2, KeyAction.RECALL)
        assert recorder.presses[1].press_id != press.press_id
    assert recorder.states == [LinkState.CONNECTED]


def test_frame_bus_attributes_presses_to_addresses(socat, running, recorder: Recorder) -> None:
    pair: SocatPair = socat()
    keypad = running(SerialKeypad(pair.driver, FrameProtocol()), recorder)
    with open_device(pair.device) as device:
        # Unit 1 calls, unit 2 finishes, in one burst on the bus.
        device.write(bytes.fromhex("01 01 31 07 01 02 34 07"))
        assert wait_until(lambda: len(recorder.presses) == 2)
        got = sorted((p.address, p.action) for p in recorder.presses)
        assert got == [(1, KeyAction.CALL), (2, KeyAction.DONE)]

        # Garbage, then frames split across writes (and hence across reads).
        device.write(b"\xff\x13\x01\x02")
        time.sleep(0.03)
        device.write(bytes.fromhex("01 03 35 07 01 01"))
        time.sleep(0.03)
        device.write(bytes.fromhex("36 07"))
        assert wait_until(lambda: len(recorder.presses) == 4)
        assert [(p.address, p.action) for p in recorder.presses[2:]] == [
            (3, KeyAction.NOSHOW),
            (1, KeyAction.TRANSFER),
        ]

        assert keypad.send_feedback(1, KeypadFeedback("ok", "A042", beep=True))
        assert keypad.send_feedback(2, KeypadFeedback("empty"))
        assert read_exactly(device, 18) == bytes.fromhex(
            "01 01 46 41 31 30 34 32 07 01 02 46 43 30 20 20 20 07"
        )


def test_chattering_button_gives_one_press(socat, running, recorder: Recorder) -> None:
    pair: SocatPair = socat()
    running(SerialKeypad(pair.driver, LineProtocol(), debounce_s=0.3), recorder)
    with open_device(pair.device) as device:
        start = time.monotonic()
        for _ in range(5):  # 5 contacts ~6 ms apart (30 ms), each its own write
            device.write(b"CALL\n")
            time.sleep(0.006)
        assert time.monotonic() - start < 0.3  # even on a loaded machine: inside the window
        assert wait_until(lambda: len(recorder.presses) >= 1)
        time.sleep(0.15)  # let any stray duplicate arrive
        assert [p.action for p in recorder.presses] == [KeyAction.CALL]

        # A real second press after the window is a new press with a new id.
        time.sleep(0.35)
        device.write(b"CALL\n")
        assert wait_until(lambda: len(recorder.presses) == 2)
        assert recorder.presses[1].press_id != recorder.presses[0].press_id


def test_unplug_and_replug_reconnects(socat, running, recorder: Recorder, tmp_path: Path) -> None:
    driver_link, device_link = tmp_path / "keypad", tmp_path / "device"
    pair: SocatPair = socat(driver_link, device_link)
    keypad = running(SerialKeypad(str(driver_link), LineProtocol(), retry_s=0.1), recorder)
    with open_device(pair.device) as device:
        device.write(b"CALL\n")
        assert wait_until(lambda: len(recorder.presses) == 1)

    pair.unplug()  # the USB adapter is yanked out
    assert wait_until(lambda: recorder.states[-1:] == [LinkState.DISCONNECTED])
    assert keypad.state is LinkState.DISCONNECTED
    assert not keypad.send_feedback(0, KeypadFeedback("ok", "A042"))

    time.sleep(0.3)  # several failed retries while it is gone: still one report
    pair = socat(driver_link, device_link)  # plugged back in, same udev-style path
    assert wait_until(lambda: keypad.state is LinkState.CONNECTED)
    assert recorder.states == [LinkState.CONNECTED, LinkState.DISCONNECTED, LinkState.CONNECTED]
    with open_device(pair.device) as device:
        device.write(b"DONE\n")
        assert wait_until(lambda: len(recorder.presses) == 2)
        assert recorder.presses[1].action is KeyAction.DONE
        assert keypad.send_feedback(0, KeypadFeedback("ok", "A043"))
        assert read_exactly(device, 8) == b"OK A043\n"


def test_device_plugged_in_after_start(socat, recorder: Recorder, tmp_path: Path) -> None:
    driver_link, device_link = tmp_path / "late", tmp_path / "late-device"
    keypad = SerialKeypad(str(driver_link), LineProtocol(), retry_s=0.1)
    keypad.start(recorder.on_press, recorder.on_state)
    try:
        assert wait_until(lambda: recorder.states == [LinkState.DISCONNECTED])
        pair: SocatPair = socat(driver_link, device_link)
        assert wait_until(lambda: keypad.state is LinkState.CONNECTED)
        with open_device(pair.device) as device:
            device.write(b"START\n")
            assert wait_until(lambda: len(recorder.presses) == 1)
    finally:
        keypad.stop()
    assert recorder.states == [LinkState.DISCONNECTED, LinkState.CONNECTED]
    assert recorder.presses[0].action is KeyAction.START


def test_callback_error_does_not_kill_the_reader(socat, running, caplog) -> None:
    pair: SocatPair = socat()
    delivered: list[KeyPress] = []

    class Flaky(Recorder):
        def on_press(self, press: KeyPress) -> None:
            delivered.append(press)
            if len(delivered) == 1:
                raise RuntimeError("app bug")

    running(SerialKeypad(pair.driver, LineProtocol(), debounce_s=0), Flaky())
    with open_device(pair.device) as device:
        device.write(b"CALL\n")
        assert wait_until(lambda: len(delivered) == 1)
        device.write(b"RECALL\n")
        assert wait_until(lambda: len(delivered) == 2)
    assert "press callback failed" in caplog.text


def test_stop_joins_the_thread_and_releases_the_port(socat, recorder: Recorder) -> None:
    pair: SocatPair = socat()
    keypad = SerialKeypad(pair.driver, LineProtocol())
    keypad.start(recorder.on_press)
    assert wait_until(lambda: keypad.state is LinkState.CONNECTED)
    keypad.stop()
    assert not any(t.name == f"keypad {pair.driver}" for t in threading.enumerate())
    assert not keypad.send_feedback(0, KeypadFeedback("ok"))
