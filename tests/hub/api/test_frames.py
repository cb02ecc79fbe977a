"""The hand-made WebSocket frames the event stream writes, checked against RFC 6455."""

from __future__ import annotations

import struct

import pytest

from hub.api.event_stream import text_frame


@pytest.mark.parametrize("size", [0, 1, 125, 126, 1000, 65535, 65536, 200_000])
def test_text_frame_layout(size: int) -> None:
    payload = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    frame = text_frame(payload)
    assert frame[0] == 0x81  # FIN, text opcode
    assert frame[1] & 0x80 == 0  # server frames are never masked
    length = frame[1] & 0x7F
    if size < 126:
        assert (length, frame[2:]) == (size, payload)
    elif size < 65536:
        assert length == 126
        assert struct.unpack("!H", frame[2:4])[0] == size
        assert frame[4:] == payload
    else:
        assert length == 127
        assert struct.unpack("!Q", frame[2:10])[0] == size
        assert frame[10:] == payload
