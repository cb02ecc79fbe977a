import pytest

from hardware.led import FakeLedDisplay, LinkState, SerialLedDisplay, led_from_config


def test_serial_display_from_config() -> None:
    display = led_from_config(
        {
            "driver": "serial",
            "port": "/dev/ttyUSB1",
            "address": 7,
            "encoding": "cp1251",
            "min_gap_ms": 300,
        }
    )
    assert isinstance(display, SerialLedDisplay)
    assert (display.address, display.encoding, display.writer.min_gap_s) == (7, "cp1251", 0.3)
    assert display.state is LinkState.DISCONNECTED  # nothing opened before start()


def test_defaults() -> None:
    display = led_from_config({"driver": "serial", "port": "/dev/ttyUSB1"})
    assert isinstance(display, SerialLedDisplay)
    assert (display.address, display.encoding, display.writer.min_gap_s) == (1, "ascii", 0.2)


@pytest.mark.parametrize(
    ("cfg", "field"),
    [
        ({}, "'driver'"),
        ({"driver": "hdmi"}, "'driver'"),
        ({"driver": "serial"}, "'port'"),
        ({"driver": "serial", "port": "/dev/x", "adress": 1}, "'adress'"),
        ({"driver": "serial", "port": "/dev/x", "address": 100}, "'address'"),
        ({"driver": "serial", "port": "/dev/x", "encoding": "utf-8"}, "'encoding'"),
        ({"driver": "serial", "port": "/dev/x", "min_gap_ms": -5}, "'min_gap_ms'"),
        ({"driver": "serial", "port": "/dev/x", "baudrate": "9600"}, "'baudrate'"),
        ({"driver": "serial", "port": "/dev/x", "retry_s": 0}, "'retry_s'"),
        ({"driver": "fake", "port": "/dev/x"}, "'port'"),
    ],
)
def test_bad_config_names_the_field(cfg: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        led_from_config(cfg)


def test_fake_display_records_updates() -> None:
    display = led_from_config({"driver": "fake"})
    assert isinstance(display, FakeLedDisplay)
    states: list[LinkState] = []
    with display:
        display.start(states.append)
        display.show("A042", blink=True)
        display.show("A042")
        assert (display.text, display.blink) == ("A042", False)
        display.clear()
    assert display.history == [("A042", True), ("A042", False), ("", False)]
    assert display.closed
    assert states == [LinkState.CONNECTED, LinkState.DISCONNECTED]
