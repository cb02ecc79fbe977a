"""PacedWriter with a plain recording sender: exact pacing, pause/resume, failed sends."""

import itertools
import threading
import time

from hardware.led import PacedWriter
from tests.hardware.keypad.ptypair import wait_until


class Sink:
    def __init__(self) -> None:
        self.up = True
        self.frames: list[bytes] = []
        self.times: list[float] = []
        self.attempts = 0
        self.lock = threading.Lock()

    def send(self, frame: bytes) -> bool:
        with self.lock:
            self.attempts += 1
            if self.up:
                self.times.append(time.monotonic())
                self.frames.append(frame)
            return self.up


def test_nothing_is_sent_until_resumed_then_only_the_newest() -> None:
    sink = Sink()
    writer = PacedWriter(sink.send, min_gap_s=0.0)
    writer.start()
    try:
        writer.submit(b"a")
        writer.submit(b"b")
        threading.Event().wait(0.05)
        assert sink.attempts == 0
        writer.resume()
        assert wait_until(lambda: sink.frames == [b"b"])
        assert (writer.sent, writer.coalesced) == (1, 1)
    finally:
        writer.stop()


def test_failed_send_keeps_the_frame_until_resume() -> None:
    sink = Sink()
    writer = PacedWriter(sink.send, min_gap_s=0.0)
    writer.start()
    try:
        writer.resume()
        sink.up = False
        writer.submit(b"A042")
        assert wait_until(lambda: sink.attempts == 1)
        threading.Event().wait(0.05)
        assert sink.attempts == 1  # paused after the failure, not spinning
        sink.up = True
        writer.resume()
        assert wait_until(lambda: sink.frames == [b"A042"])
        writer.resume()  # device back again later: latest content is repainted
        assert wait_until(lambda: sink.frames == [b"A042", b"A042"])
        writer.resume(resend_latest=False)
        threading.Event().wait(0.05)
        assert sink.frames == [b"A042", b"A042"]
    finally:
        writer.stop()


def test_stop_while_paused_drops_pending_and_returns_quickly() -> None:
    sink = Sink()
    writer = PacedWriter(sink.send, min_gap_s=10.0)
    writer.start()
    writer.submit(b"x")
    writer.stop()
    assert sink.attempts == 0


def test_sends_never_closer_than_the_gap_and_only_the_newest() -> None:
    # The writer waits `min_gap_s` after a send returns, so gaps between send calls can
    # only grow under load: this bound is exact, no tolerance.
    gap = 0.2
    sink = Sink()
    writer = PacedWriter(sink.send, min_gap_s=gap)
    writer.start()
    try:
        writer.resume()
        writer.submit(b"first")
        assert wait_until(lambda: sink.frames == [b"first"])
        for n in range(10):
            writer.submit(b"burst %d" % n)
        began = time.monotonic()
        for n in range(12):
            writer.submit(b"steady %d" % n)
            time.sleep(0.03)
        elapsed = time.monotonic() - began
        assert wait_until(lambda: sink.frames[-1] == b"steady 11")
    finally:
        writer.stop()
    gaps = [b - a for a, b in itertools.pairwise(sink.times)]
    assert min(gaps) >= gap, gaps
    assert all(f"burst {n}".encode() not in sink.frames for n in range(9))
    assert len(sink.frames) <= 2 + elapsed / gap + 1
    assert writer.sent == len(sink.frames)
    assert writer.coalesced == 10 + 12 - (len(sink.frames) - 1)
