"""AnnouncementQueue: in order, never overlapping, bounded, never blocking the caller."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from hardware.speech import (
    Announcement,
    AnnouncementQueue,
    SpeakerFake,
    SpokenAnnouncement,
    Utterance,
    read_wav,
    speaker_from_config,
)
from tests.hardware.speech.audio_checks import measure
from tests.hardware.speech.helpers import call


class Recorder:
    """Collects callback events with the thread and time they happened on."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, float, str]] = []
        self._lock = threading.Lock()

    def started(self, item: Announcement) -> None:
        self._add("started", item)

    def finished(self, item: Announcement) -> None:
        self._add("finished", item)

    def dropped(self, item: Announcement) -> None:
        self._add("dropped", item)

    def _add(self, kind: str, item: Announcement) -> None:
        with self._lock:
            self.events.append(
                (kind, item.label, time.monotonic(), threading.current_thread().name)
            )

    def kinds(self) -> list[tuple[str, str]]:
        return [(kind, label) for kind, label, _, _ in self.events]


class GatedSpeaker(SpeakerFake):
    """A fake that holds each announcement until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def speak(self, utterances: object, *, label: str = "") -> SpokenAnnouncement | None:
        self.entered.set()
        assert self.gate.wait(5)
        return super().speak(utterances, label=label)  # type: ignore[arg-type]


def announcement(label: str, lang: str = "en") -> Announcement:
    return Announcement.of([call(lang, label)], label)


def assert_alternating(recorder: Recorder, labels: list[str]) -> None:
    expected = [(kind, label) for label in labels for kind in ("started", "finished")]
    assert recorder.kinds() == expected
    times = [t for _, _, t, _ in recorder.events]
    assert times == sorted(times)


def test_five_rapid_announcements_make_five_files_in_order(artifacts_dir: Path) -> None:
    for old in artifacts_dir.glob("*.wav"):
        old.unlink()
    recorder = Recorder()
    speaker = speaker_from_config({"output": "wav", "dir": str(artifacts_dir)})
    labels = [f"A{n:03d}" for n in range(1, 6)]
    langs = ["en", "zh", "ru", "en", "zh"]
    with (
        speaker,
        AnnouncementQueue(
            speaker, on_started=recorder.started, on_finished=recorder.finished
        ) as queue,
    ):
        t0 = time.monotonic()
        accepted = [
            queue.submit(announcement(lb, lg)) for lb, lg in zip(labels, langs, strict=True)
        ]
        submit_s = time.monotonic() - t0
        finished_by_then = len([e for e in recorder.events if e[0] == "finished"])
        assert queue.wait_idle(30)
    assert all(accepted)
    # The caller (the Qt thread) never waits for synthesis: it is back before the work is done.
    assert submit_s < 0.25
    assert finished_by_then < 5
    files = sorted(artifacts_dir.glob("*.wav"))
    assert [f.name for f in files] == [
        f"{n:04d}-{lb}-{lg}.wav" for n, (lb, lg) in enumerate(zip(labels, langs, strict=True), 1)
    ]
    for path in files:
        pcm = read_wav(path)
        print(measure(path, pcm))
        assert 1.5 < pcm.duration_s < 8.0
    assert_alternating(recorder, labels)
    assert {thread for *_, thread in recorder.events} == {"announcer"}


def test_announcements_never_overlap_and_submit_never_blocks() -> None:
    recorder = Recorder()
    speaker = SpeakerFake(seconds_per_utterance=0.05)
    labels = [f"B{n}" for n in range(6)]
    with AnnouncementQueue(
        speaker, on_started=recorder.started, on_finished=recorder.finished
    ) as queue:
        t0 = time.monotonic()
        for label in labels:
            assert queue.submit(announcement(label))
        assert time.monotonic() - t0 < 0.15  # six announcements take 0.3 s to say
        assert queue.wait_idle(5)
    assert_alternating(recorder, labels)
    assert [s.label for s in speaker.spoken] == labels
    pairs = list(zip(recorder.events[::2], recorder.events[1::2], strict=True))
    for (_, _, start, _), (_, _, end, _) in pairs:
        assert end - start >= 0.045


def test_callbacks_get_the_submitted_object() -> None:
    seen: list[Announcement] = []
    item = announcement("C1")
    with AnnouncementQueue(SpeakerFake(), on_started=seen.append, on_finished=seen.append) as q:
        q.submit(item)
        assert q.wait_idle(5)
    assert seen == [item, item]
    assert seen[0] is item


def test_full_queue_drops_the_oldest_waiting_announcement() -> None:
    recorder = Recorder()
    speaker = GatedSpeaker()
    queue = AnnouncementQueue(
        speaker,
        on_started=recorder.started,
        on_finished=recorder.finished,
        on_dropped=recorder.dropped,
        maxsize=2,
    )
    with queue:
        queue.submit(announcement("D1"))
        assert speaker.entered.wait(5)  # D1 is being spoken, the queue is empty
        for label in ("D2", "D3", "D4", "D5"):
            assert queue.submit(announcement(label))
        assert queue.pending == 2
        speaker.gate.set()
        assert queue.wait_idle(5)
    assert [s.label for s in speaker.spoken] == ["D1", "D4", "D5"]
    assert [lb for kind, lb in recorder.kinds() if kind == "dropped"] == ["D2", "D3"]


def test_full_queue_can_reject_instead() -> None:
    speaker = GatedSpeaker()
    with AnnouncementQueue(speaker, maxsize=1, when_full="reject") as queue:
        queue.submit(announcement("E1"))
        assert speaker.entered.wait(5)
        assert queue.submit(announcement("E2"))
        assert not queue.submit(announcement("E3"))
        speaker.gate.set()
        assert queue.wait_idle(5)
    assert [s.label for s in speaker.spoken] == ["E1", "E2"]


def test_a_failing_speaker_or_callback_does_not_stop_the_queue() -> None:
    recorder = Recorder()

    class Flaky(SpeakerFake):
        def speak(self, utterances: object, *, label: str = "") -> SpokenAnnouncement | None:
            if label == "F1":
                raise RuntimeError("eSpeak crashed")
            return super().speak(utterances, label=label)  # type: ignore[arg-type]

    def bad_callback(item: Announcement) -> None:
        raise ValueError(item.label)

    speaker = Flaky()
    with AnnouncementQueue(speaker, on_started=bad_callback, on_finished=recorder.finished) as q:
        q.submit(announcement("F1"))
        q.submit(announcement("F2"))
        assert q.wait_idle(5)
    assert recorder.kinds() == [("finished", "F1"), ("finished", "F2")]  # highlight cleared
    assert [s.label for s in speaker.spoken] == ["F2"]


def test_stop_joins_the_thread_and_refuses_new_work() -> None:
    speaker = GatedSpeaker()
    queue = AnnouncementQueue(speaker)
    queue.start()
    queue.start()  # idempotent
    queue.submit(announcement("G1"))
    queue.submit(announcement("G2"))
    assert speaker.entered.wait(5)  # G1 is being spoken, G2 waits
    stopper = threading.Thread(target=queue.stop)
    stopper.start()
    deadline = time.monotonic() + 5
    while queue.pending and time.monotonic() < deadline:
        time.sleep(0.001)
    assert queue.pending == 0  # stop() dropped G2 at once
    assert not queue.submit(announcement("G3"))
    speaker.gate.set()  # G1 may finish; stop() waits for it
    stopper.join(5)
    assert not stopper.is_alive()
    assert not any(t.name == "announcer" for t in threading.enumerate())
    assert [s.label for s in speaker.spoken] == ["G1"]


def test_stop_with_drain_says_everything_first() -> None:
    speaker = SpeakerFake(seconds_per_utterance=0.01)
    queue = AnnouncementQueue(speaker)
    queue.start()
    for n in range(4):
        queue.submit(announcement(f"H{n}"))
    queue.stop(drain=True)
    assert [s.label for s in speaker.spoken] == ["H0", "H1", "H2", "H3"]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="maxsize"):
        AnnouncementQueue(SpeakerFake(), maxsize=0)
    with pytest.raises(ValueError, match="at least one"):
        Announcement.of([])
    with pytest.raises(TypeError, match="Utterance"):
        Announcement.of(["hello"])  # type: ignore[list-item]
    assert Announcement.of([Utterance("hi", "en")]).label == ""
