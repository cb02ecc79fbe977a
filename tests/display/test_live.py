"""The display against a real hub on 127.0.0.1: calls shown, announced as real eSpeak WAVs.

Real WebSockets, real speech (``--audio-out`` writes each announcement as a WAV), Qt
offscreen; the WAVs are copied to test-output/ for a person to listen to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display.model import Highlight
from display.theme import DEFAULT
from display.ui.app import DisplayApp
from hub.client import HubClient
from tests.display.live import (
    Spoken,
    app_options,
    call_next,
    issue,
    open_counters,
    run_display,
    until,
    wav_stats,
)
from tests.support.hub_process import HubProcess

VOICE_SUFFIX = {"en": ("en-us", "en"), "zh": ("cmn-latn-pinyin", "cmn"), "ru": ("ru",)}


def wavs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "wav").glob("*.wav")) if (tmp_path / "wav").exists() else []


def test_a_call_is_shown_and_announced_in_every_language(
        qapp: QApplication, hub: HubProcess, tmp_path: Path, artifacts_dir: Path) -> None:
    spoken = Spoken()
    lit_when_started: list[tuple[Highlight | None, str]] = []

    async def scenario(app: DisplayApp) -> None:
        spoken.attach(app)

        def check_lit(call: object) -> None:  # runs right after the model heard "started"
            frame = app.window.board.calls.frames[0]
            lit_when_started.append((app.model.highlight(call), frame.styleSheet()))  # type: ignore[arg-type]

        app.signals.started.connect(check_lit)
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await open_counters(hub, 1)
        assert await issue(hub, "general") == ["A001"]
        assert await call_next(hub, 1) == "A001"
        numbers = app.window.board.calls.numbers
        await until(lambda: numbers[0].text() == "A001", what="A001 on the board")
        assert app.window.board.calls.counters[0].text() == "1"
        await until(lambda: spoken.numbers() == ["A001"], what="announcement done")

    run_display(qapp, app_options(hub.url, tmp_path, token=hub.tokens["display"]), scenario)

    assert spoken.numbers("started") == ["A001"]
    assert lit_when_started[0][0] is Highlight.SPEAKING
    assert DEFAULT.highlight in lit_when_started[0][1]  # the row lit with the voice
    files = wavs(tmp_path)
    assert [f.name for f in files] == ["0001-A001-en+zh+ru.wav"]
    duration, rms, rate = wav_stats(files[0])
    shutil.copy(files[0], artifacts_dir / files[0].name)
    assert rate == 22050
    assert 6.0 < duration < 25.0  # chime + three sentences of about 3 s each
    assert rms > 500  # speech, not silence
    (artifacts_dir / "measured.txt").write_text(
        f"{files[0].name}: {duration:.2f} s, RMS {rms:.0f}\n")


def test_voices_match_the_languages_and_a_recall_is_said_again(
        qapp: QApplication, hub: HubProcess, tmp_path: Path) -> None:
    spoken = Spoken()

    async def scenario(app: DisplayApp) -> list[tuple[str, ...]]:
        spoken.attach(app)
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await open_counters(hub, 3)
        await issue(hub, "documents")
        await call_next(hub, 3)
        await until(lambda: len(app.announcer.tap.spoken) == 1, what="announcement")
        async with HubClient(hub.url, hub.tokens["counter-3"]) as counter:
            await counter.recall("counter-3")
        await until(lambda: len(app.announcer.tap.spoken) == 2, what="recall announced")
        return [s.voices for s in app.announcer.tap.spoken]

    voices = run_display(qapp, app_options(hub.url, tmp_path, token=hub.tokens["display"]),
                         scenario)
    for spoken_voices in voices:
        assert len(spoken_voices) == 3
        for voice, lang in zip(spoken_voices, ("en", "zh", "ru"), strict=True):
            assert voice.rsplit("/", 1)[-1] in VOICE_SUFFIX[lang], (lang, spoken_voices)
    assert spoken.numbers("started") == ["C001", "C001"]
    assert [f.name for f in wavs(tmp_path)] == ["0001-C001-en+zh+ru.wav",
                                                 "0002-C001-en+zh+ru.wav"]


def test_five_rapid_calls_five_announcements_in_order(
        qapp: QApplication, hub: HubProcess, tmp_path: Path, artifacts_dir: Path) -> None:
    spoken = Spoken()

    async def scenario(app: DisplayApp) -> list[str]:
        spoken.attach(app)
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await open_counters(hub, 1, 2, 3, 4)
        await issue(hub, "general", 3)
        await issue(hub, "payments", 1)
        await issue(hub, "documents", 1)
        called = [await call_next(hub, n) for n in (1, 2, 3, 4, 1)]  # back to back
        await until(lambda: len(spoken.numbers()) == 5, timeout=30, what="five announcements")
        return called

    called = run_display(qapp, app_options(hub.url, tmp_path, token=hub.tokens["display"]),
                         scenario)
    assert len(set(called)) == 5
    assert spoken.numbers("started") == called  # in the order they were called
    assert spoken.numbers("finished") == called
    # Never two at once: each starts only after the previous one finished.
    kinds = [k for k, _, _ in spoken.events]
    assert kinds == ["started", "finished"] * 5
    times = [t for _, _, t in spoken.events]
    assert times == sorted(times)
    files = wavs(tmp_path)
    assert [f.name.split("-")[1] for f in files] == called
    for path in files:
        duration, rms, _ = wav_stats(path)
        assert 6.0 < duration < 25.0 and rms > 500, path.name
        shutil.copy(path, artifacts_dir / path.name)


def test_waiting_figures_and_status_reach_the_hub(
        qapp: QApplication, hub: HubProcess, tmp_path: Path) -> None:
    async def scenario(app: DisplayApp) -> dict[str, object]:
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await open_counters(hub, 1)
        await issue(hub, "payments", 3)
        waiting = app.window.board.waiting.rows

        def payments_shown() -> bool:
            return any(r[0].text() == "Payments" and r[1].text() == "3" for r in waiting)

        await until(payments_shown, what="3 waiting for payments")
        async with HubClient(hub.url, hub.tokens["admin"]) as admin:
            state = await admin.state()
            payments = next(s for s in state.services if s.id == "payments")
            # The estimate the hub computes reaches the board (refreshed after changes).
            wanted = payments.estimated_wait_s
            line = next(x for x in app.model.board.waiting_lines() if x.id == "payments")
            await until(lambda: line.estimated_wait_s == wanted
                        or next(x for x in app.model.board.waiting_lines()
                                if x.id == "payments").estimated_wait_s == wanted,
                        timeout=10, what="estimate refreshed")
            devices = await admin.devices()
        return next(d.status for d in devices if d.kind == "display")

    status = run_display(qapp, app_options(hub.url, tmp_path, token=hub.tokens["display"]),
                         scenario)
    assert status.get("audio_ok") is True
    assert status.get("languages") == ["en", "zh", "ru"]
    assert status.get("zone") == ""
