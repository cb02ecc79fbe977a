import logging

import pytest

from hardware.keypad import KeyAction, KeyEvent, KeypadFeedback, LineProtocol


def test_each_command_case_insensitive_with_any_line_ending() -> None:
    proto = LineProtocol()
    data = b"CALL\nrecall\r\nStart\rDONE\nnoshow\ntransfer\r\npause\nRESUME\nnext\n"
    assert proto.feed(data) == [
        KeyEvent(0, KeyAction.CALL),
        KeyEvent(0, KeyAction.RECALL),
        KeyEvent(0, KeyAction.START),
        KeyEvent(0, KeyAction.DONE),
        KeyEvent(0, KeyAction.NOSHOW),
        KeyEvent(0, KeyAction.TRANSFER),
        KeyEvent(0, KeyAction.PAUSE),
        KeyEvent(0, KeyAction.RESUME),
        KeyEvent(0, KeyAction.CALL),
    ]
    assert proto.unknown == 0


def test_address_prefix_and_spaces() -> None:
    proto = LineProtocol()
    assert proto.feed(b"2:CALL\n 17 : done \n0:recall\n") == [
        KeyEvent(2, KeyAction.CALL),
        KeyEvent(17, KeyAction.DONE),
        KeyEvent(0, KeyAction.RECALL),
    ]


def test_line_split_across_reads_waits_for_its_end() -> None:
    proto = LineProtocol()
    assert proto.feed(b"3:CA") == []
    assert proto.feed(b"LL") == []
    assert proto.feed(b"\r\n") == [KeyEvent(3, KeyAction.CALL)]


def test_unknown_lines_are_logged_counted_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    proto = LineProtocol()
    with caplog.at_level(logging.WARNING):
        events = proto.feed(b"HELLO\n999:CALL\nx:CALL\n\xff\xfeCALL\n:CALL\nCALL\n")
    assert events == [KeyEvent(0, KeyAction.CALL)]
    assert proto.unknown == 5
    assert sum("keypad line ignored" in r.getMessage() for r in caplog.records) == 5


def test_comments_and_blank_lines_are_ignored_silently() -> None:
    proto = LineProtocol()
    assert proto.feed(b"# board v1.2 ready\n\n\r\n   \nCALL\n") == [KeyEvent(0, KeyAction.CALL)]
    assert proto.unknown == 0


def test_overlong_line_is_dropped_whole_and_parsing_recovers() -> None:
    proto = LineProtocol()
    assert proto.feed(b"A" * 200) == []
    assert proto.feed(b"CALL" * 10 + b"\nRECALL\n") == [KeyEvent(0, KeyAction.RECALL)]
    assert proto.unknown == 1


def test_reset_drops_partial_line() -> None:
    proto = LineProtocol()
    proto.feed(b"RECA")
    proto.reset()
    assert proto.feed(b"CALL\n") == [KeyEvent(0, KeyAction.CALL)]


def test_configured_alias() -> None:
    proto = LineProtocol({"n": KeyAction.CALL, "FIN": KeyAction.DONE})
    assert proto.feed(b"N\nfin\n") == [KeyEvent(0, KeyAction.CALL), KeyEvent(0, KeyAction.DONE)]
    with pytest.raises(ValueError, match="alias"):
        LineProtocol({"a:b": KeyAction.CALL})


@pytest.mark.parametrize(
    ("address", "feedback", "expected"),
    [
        (0, KeypadFeedback("ok", "A042"), b"OK A042\n"),
        (0, KeypadFeedback("empty"), b"EMPTY\n"),
        (0, KeypadFeedback("error"), b"ERR\n"),
        (0, KeypadFeedback("busy", "", beep=True), b"BUSY\nBEEP\n"),
        (2, KeypadFeedback("ok", "A042", beep=True), b"2:OK A042\n2:BEEP\n"),
    ],
)
def test_feedback_lines(address: int, feedback: KeypadFeedback, expected: bytes) -> None:
    assert LineProtocol().encode_feedback(address, feedback) == expected


def test_feedback_validation() -> None:
    with pytest.raises(ValueError, match="kind"):
        KeypadFeedback("great")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="text"):
        KeypadFeedback("ok", "A 42")
    with pytest.raises(ValueError, match="text"):
        KeypadFeedback("ok", "A0420000X")
    with pytest.raises(ValueError, match="address"):
        LineProtocol().encode_feedback(256, KeypadFeedback("ok"))


def test_next_is_an_alias_of_call() -> None:
    assert KeyAction.NEXT is KeyAction.CALL
    assert KeyAction("call") is KeyAction.CALL
    assert len(list(KeyAction)) == 8
