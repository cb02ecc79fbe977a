import pytest

from hardware.keypad import FrameProtocol, KeyAction, KeyEvent, KeypadFeedback


def frame(address: int, code: int) -> bytes:
    return bytes([0x01, address, code, 0x07])


def test_two_units_several_frames_in_one_read() -> None:
    proto = FrameProtocol()
    data = frame(1, 0x31) + frame(2, 0x34) + frame(1, 0x35) + frame(2, 0x36)
    assert proto.feed(data) == [
        KeyEvent(1, KeyAction.CALL),
        KeyEvent(2, KeyAction.DONE),
        KeyEvent(1, KeyAction.NOSHOW),
        KeyEvent(2, KeyAction.TRANSFER),
    ]
    assert (proto.unknown, proto.dropped_bytes) == (0, 0)


def test_default_key_codes() -> None:
    proto = FrameProtocol()
    codes = {0x31: "call", 0x32: "recall", 0x33: "start", 0x34: "done"}
    codes |= {0x35: "noshow", 0x36: "transfer", 0x37: "pause", 0x38: "resume"}
    for code, action in codes.items():
        assert proto.feed(frame(5, code)) == [KeyEvent(5, KeyAction(action))]


def test_frame_split_at_every_byte_boundary() -> None:
    data = frame(3, 0x32)
    for cut in range(1, len(data)):
        proto = FrameProtocol()
        assert proto.feed(data[:cut]) == []
        assert proto.feed(data[cut:]) == [KeyEvent(3, KeyAction.RECALL)]


def test_resync_after_garbage_and_truncated_frames() -> None:
    proto = FrameProtocol()
    noise = b"\xff\x00\x07\x07"
    truncated = b"\x01\x02"  # a unit was cut off mid-frame
    events = proto.feed(noise + truncated + frame(7, 0x31) + b"\x55" + frame(1, 0x33)[:2])
    assert events == [KeyEvent(7, KeyAction.CALL)]
    assert proto.feed(frame(1, 0x33)[2:] + b"\x01") == [KeyEvent(1, KeyAction.START)]
    assert proto.feed(b"") == []


def test_out_of_range_address_and_unknown_key_rejected() -> None:
    proto = FrameProtocol(max_address=8)
    events = proto.feed(frame(9, 0x31) + frame(0, 0x31) + frame(2, 0x99) + frame(8, 0x31))
    assert events == [KeyEvent(8, KeyAction.CALL)]
    assert proto.unknown == 3


@pytest.mark.parametrize(
    ("address", "feedback", "expected"),
    [
        (2, KeypadFeedback("ok", "A042", beep=True), "01 02 46 41 31 30 34 32 07"),
        (1, KeypadFeedback("ok", "42"), "01 01 46 41 30 20 34 32 07"),
        (3, KeypadFeedback("empty"), "01 03 46 43 30 20 20 20 07"),
        (4, KeypadFeedback("error", "E1", beep=True), "01 04 46 42 31 20 45 31 07"),
        (32, KeypadFeedback("busy", "---"), "01 20 46 46 30 2d 2d 2d 07"),
    ],
)
def test_feedback_frames_byte_exact(address: int, feedback: KeypadFeedback, expected: str) -> None:
    assert FrameProtocol().encode_feedback(address, feedback) == bytes.fromhex(expected)


def test_feedback_to_invalid_address_raises() -> None:
    with pytest.raises(ValueError, match="address"):
        FrameProtocol(max_address=4).encode_feedback(5, KeypadFeedback("ok"))
    with pytest.raises(ValueError, match="address"):
        FrameProtocol().encode_feedback(0, KeypadFeedback("ok"))


def test_key_code_overrides() -> None:
    proto = FrameProtocol({KeyAction.CALL: 0x41, KeyAction.DONE: 0x42})
    assert proto.feed(frame(1, 0x41) + frame(1, 0x42) + frame(1, 0x31)) == [
        KeyEvent(1, KeyAction.CALL),
        KeyEvent(1, KeyAction.DONE),
    ]
    assert proto.unknown == 1  # 0x31 no longer means call


@pytest.mark.parametrize(
    "codes",
    [{KeyAction.CALL: 0x01}, {KeyAction.CALL: 0x07}, {KeyAction.CALL: 0x32}, {KeyAction.CALL: 256}],
)
def test_bad_key_codes_rejected(codes: dict[KeyAction, int]) -> None:
    with pytest.raises(ValueError, match="key code"):
        FrameProtocol(codes)
