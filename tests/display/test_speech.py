"""The display's announcer on real eSpeak: one WAV per call, every language, thread joined."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from display.announcements import Phrasebook
from display.board import Call
from display.speech import Announcer


def test_announcer_writes_each_call_and_reports_start_and_end(tmp_path: Path) -> None:
    events: list[tuple[str, str, str]] = []
    announcer = Announcer.from_config({"output": "wav"}, audio_out=tmp_path)
    announcer.on_started = lambda c: events.append(
        ("started", c.number, threading.current_thread().name))
    announcer.on_finished = lambda c: events.append(
        ("finished", c.number, threading.current_thread().name))
    heard: list[tuple[str, Path | None, tuple[str, ...]]] = []
    announcer.on_heard = lambda c, spoken: heard.append(
        (c.number, spoken.path, tuple(u.lang for u in spoken.utterances)))
    announcer.start()
    try:
        for i, number in enumerate(["A001", "B002"]):
            call = Call(f"t{i}", number, "general", "counter-1", "1", time.time())
            assert announcer.submit(call, Phrasebook().utterances(call, ["en", "ru"]))
        assert announcer.wait_idle(30)
        status = announcer.status()
    finally:
        announcer.stop()
    assert [e[:2] for e in events] == [("started", "A001"), ("finished", "A001"),
                                       ("started", "B002"), ("finished", "B002")]
    assert {e[2] for e in events} == {"announcer"}  # the worker thread, not the caller
    assert sorted(p.name for p in tmp_path.glob("*.wav")) == [
        "0001-A001-en+ru.wav", "0002-B002-en+ru.wav"]
    assert status["audio_ok"] is True and status["pending"] == 0
    assert heard == [("A001", tmp_path / "0001-A001-en+ru.wav", ("en", "ru")),
                     ("B002", tmp_path / "0002-B002-en+ru.wav", ("en", "ru"))]
    assert [v.rsplit("/", 1)[-1] for v in status["last_voices"]] == ["en-us", "ru"]
    assert not announcer.submit(Call("t9", "A009", "general", "counter-1", "1", 0.0),
                                Phrasebook().utterances(
                                    Call("t9", "A009", "general", "counter-1", "1", 0.0),
                                    ["en"]))  # stopped: refused


def test_muted_announcements_still_report_for_the_highlight(tmp_path: Path) -> None:
    finished: list[str] = []
    announcer = Announcer.from_config({"output": "wav", "muted": True}, audio_out=tmp_path)
    announcer.on_finished = lambda c: finished.append(c.number)
    announcer.on_heard = lambda c, _spoken: finished.append(f"heard {c.number}")
    announcer.start()
    try:
        call = Call("t1", "A001", "general", "counter-1", "1", time.time())
        assert announcer.submit(call, Phrasebook().utterances(call, ["en"]))
        assert announcer.wait_idle(30)
    finally:
        announcer.stop()
    assert finished == ["A001"]  # lit, but not heard
    assert list(tmp_path.glob("*.wav")) == []  # muted: nothing written
