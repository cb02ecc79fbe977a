import pytest

from hardware.keypad import (
    FakeKeypad,
    FrameProtocol,
    KeyAction,
    KeyEvent,
    KeypadFeedback,
    KeyPress,
    LineProtocol,
    LinkState,
    SerialKeypad,
    keypad_from_config,
)


def test_line_keypad_from_config() -> None:
    keypad = keypad_from_config(
        {
            "protocol": "line",
            "port": "/dev/ttyUSB0",
            "debounce_ms": 150,
            "key_codes": {"call": ["N", "GO"]},
        }
    )
    assert isinstance(keypad, SerialKeypad)
    assert keypad.port == "/dev/ttyUSB0"
    assert isinstance(keypad.protocol, LineProtocol)
    assert keypad.protocol.feed(b"go\nn\n") == [KeyEvent(0, KeyAction.CALL)] * 2
    assert keypad.state is LinkState.DISCONNECTED  # nothing opened before start()


def test_frame_keypad_from_config_with_code_overrides() -> None:
    keypad = keypad_from_config(
        {
            "protocol": "frame",
            "port": "loop://",
            "max_address": 4,
            "key_codes": {"next": "0x41", "DONE": 66},
        }
    )
    assert isinstance(keypad, SerialKeypad)
    proto = keypad.protocol
    assert isinstance(proto, FrameProtocol)
    assert proto.key_codes[KeyAction.CALL] == 0x41
    assert proto.key_codes[KeyAction.DONE] == 0x42
    assert proto.key_codes[KeyAction.RECALL] == 0x32
    assert proto.max_address == 4


@pytest.mark.parametrize(
    ("cfg", "field"),
    [
        ({}, "'protocol'"),
        ({"protocol": "usb-hid"}, "'protocol'"),
        ({"protocol": "line"}, "'port'"),
        ({"protocol": "line", "port": ""}, "'port'"),
        ({"protocol": "line", "port": "/dev/x", "baud": 9600}, "'baud'"),
        ({"protocol": "line", "port": "/dev/x", "baudrate": "fast"}, "'baudrate'"),
        ({"protocol": "line", "port": "/dev/x", "baudrate": 9600.5}, "'baudrate'"),
        ({"protocol": "line", "port": "/dev/x", "debounce_ms": -1}, "'debounce_ms'"),
        ({"protocol": "line", "port": "/dev/x", "retry_s": 0}, "'retry_s'"),
        ({"protocol": "line", "port": "/dev/x", "max_address": 3}, "'max_address'"),
        ({"protocol": "line", "port": "/dev/x", "key_codes": {"call": 5}}, "'key_codes.call'"),
        ({"protocol": "line", "port": "/dev/x", "key_codes": ["call"]}, "'key_codes'"),
        ({"protocol": "frame", "port": "/dev/x", "key_codes": {"jump": 1}}, "'key_codes'"),
        ({"protocol": "frame", "port": "/dev/x", "key_codes": {"call": "zz"}}, "'key_codes.call'"),
        ({"protocol": "frame", "port": "/dev/x", "key_codes": {"call": 300}}, "'key_codes.call'"),
        ({"protocol": "frame", "port": "/dev/x", "key_codes": {"call": 1}}, "'key_codes'"),
        ({"protocol": "frame", "port": "/dev/x", "max_address": 0}, "'max_address'"),
        ({"protocol": "frame", "port": "/dev/x", "max_address": 256}, "'max_address'"),
        ({"protocol": "frame", "port": "/dev/x", "key_codes": {"call": 0x32}}, "distinct"),
        ({"protocol": "fake", "port": "/dev/x"}, "'port'"),
    ],
)
def test_bad_config_names_the_field(cfg: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        keypad_from_config(cfg)


def test_fake_keypad_from_config_injects_presses_and_records_feedback() -> None:
    keypad = keypad_from_config({"protocol": "fake", "debounce_ms": 300})
    assert isinstance(keypad, FakeKeypad)
    presses: list[KeyPress] = []
    states: list[LinkState] = []
    with keypad:
        keypad.start(presses.append, states.append)
        first = keypad.press("call", address=3)
        assert keypad.press(KeyAction.CALL, address=3) is None  # bounce within 300 ms
        assert keypad.press(KeyAction.START, address=3) is not None  # another key
        assert first is not None
        assert [(p.address, p.action) for p in presses] == [
            (3, KeyAction.CALL),
            (3, KeyAction.START),
        ]
        assert presses[0] is first
        assert keypad.send_feedback(3, KeypadFeedback("ok", "A042"))
        keypad.set_connected(False)
        assert keypad.press(KeyAction.DONE) is None
        assert not keypad.send_feedback(3, KeypadFeedback("error"))
        keypad.set_connected(True)
    assert keypad.feedback == [(3, KeypadFeedback("ok", "A042"))]
    assert states == [
        LinkState.CONNECTED,
        LinkState.DISCONNECTED,
        LinkState.CONNECTED,
        LinkState.DISCONNECTED,
    ]
