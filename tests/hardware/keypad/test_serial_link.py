import threading

import pytest

from hardware.keypad import LinkState, SerialLink
from tests.hardware.keypad.ptypair import wait_until


def test_loop_url_round_trip_and_states() -> None:
    received = bytearray()
    states: list[LinkState] = []
    lock = threading.Lock()

    def on_data(data: bytes) -> None:
        with lock:
            received.extend(data)

    link = SerialLink("loop://", on_data=on_data, on_state=states.append, name="test-loop")
    assert not link.write(b"early")  # not open yet: refused, not queued
    link.start()
    try:
        assert wait_until(lambda: link.state is LinkState.CONNECTED)
        assert link.write(b"\x01\x02\x31\x07")
        assert wait_until(lambda: bytes(received) == b"\x01\x02\x31\x07")
        with pytest.raises(RuntimeError, match="already started"):
            link.start()
    finally:
        link.stop()
    assert states == [LinkState.CONNECTED]
    assert not link.write(b"late")


def test_missing_device_reported_once_while_retrying(caplog: pytest.LogCaptureFixture) -> None:
    states: list[LinkState] = []
    link = SerialLink("/dev/does-not-exist-42", on_state=states.append, retry_s=0.02)
    link.start()
    try:
        assert wait_until(lambda: states == [LinkState.DISCONNECTED])
        threading.Event().wait(0.15)  # several retries
    finally:
        link.stop()
    assert states == [LinkState.DISCONNECTED]
    assert caplog.text.count("cannot open /dev/does-not-exist-42") == 1


def test_state_callback_errors_are_contained(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_state: LinkState) -> None:
        raise RuntimeError("app bug")

    link = SerialLink("loop://", on_state=broken)
    link.start()
    try:
        assert wait_until(lambda: link.state is LinkState.CONNECTED)
        assert link.write(b"still works")
    finally:
        link.stop()
    assert "callback" in caplog.text


@pytest.mark.parametrize(
    ("url", "retry_s", "match"), [("", 1.0, "empty"), ("loop://", 0, "retry_s")]
)
def test_bad_arguments(url: str, retry_s: float, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        SerialLink(url, retry_s=retry_s)
