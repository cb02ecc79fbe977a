"""pyttsx3/eSpeak NG rendering: real voices, one engine thread, errors that surface."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
import pyttsx3

from hardware.speech import EspeakSynth, SpeechError, Utterance
from hardware.speech.pcm import SAMPLE_RATE
from hardware.speech.synth import _shared_engine


@pytest.fixture
def synth() -> Any:
    engine = EspeakSynth()
    yield engine
    engine.close()


def test_voices_on_this_machine(synth: EspeakSynth) -> None:
    assert synth.voice_for("en").endswith(("/en-us", "/en"))
    assert synth.voice_for("zh").endswith("/cmn-latn-pinyin")
    assert synth.voice_for("ru").endswith("/ru")


def test_each_language_renders_with_its_own_voice(synth: EspeakSynth) -> None:
    rendered = {lang: synth.render(Utterance("A 42", lang)) for lang in ("en", "zh", "ru")}
    for lang, (pcm, voice) in rendered.items():
        assert voice == synth.voice_for(lang)
        assert pcm.rate == SAMPLE_RATE
        assert 0.4 < pcm.duration_s < 3.0
        assert pcm.rms() > 1000
    # The same text through different voices gives different audio.
    en, ru = rendered["en"][0], rendered["ru"][0]
    assert (len(en.samples), en.samples[:4000]) != (len(ru.samples), ru.samples[:4000])


def test_rate_changes_the_length(synth: EspeakSynth) -> None:
    text = Utterance("Ticket A- forty-two, please go to counter three.", "en")
    slow, _ = synth.render(text)
    fast_synth = EspeakSynth(rate_wpm=300)
    try:
        fast, _ = fast_synth.render(text)
    finally:
        fast_synth.close()
    assert fast.duration_s < 0.7 * slow.duration_s


def test_every_render_uses_its_own_rate_even_when_synths_alternate() -> None:
    """Regression: eSpeak used to drop a queued rate change in about one render in five."""
    text = Utterance("Ticket A- forty-two, please go to counter three.", "en")
    slow, fast = EspeakSynth(rate_wpm=150), EspeakSynth(rate_wpm=300)
    try:
        lengths = [
            (slow.render(text)[0].duration_s, fast.render(text)[0].duration_s) for _ in range(8)
        ]
    finally:
        slow.close()
        fast.close()
    slow_s = [a for a, _ in lengths]
    fast_s = [b for _, b in lengths]
    assert max(slow_s) - min(slow_s) < 0.05, lengths
    assert max(fast_s) - min(fast_s) < 0.05, lengths
    assert max(fast_s) < 0.6 * min(slow_s), lengths


def test_engine_runs_only_on_the_synth_worker_thread(
    synth: EspeakSynth, monkeypatch: pytest.MonkeyPatch
) -> None:
    synth.render(Utterance("warm up", "en"))
    engine = _shared_engine()
    real_run = engine.runAndWait
    threads: list[str] = []

    def spying_run() -> None:
        threads.append(threading.current_thread().name)
        real_run()

    monkeypatch.setattr(engine, "runAndWait", spying_run)
    callers = [
        threading.Thread(target=synth.render, args=(Utterance(f"{n}", "en"),)) for n in range(3)
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    synth.render(Utterance("four", "en"))
    assert len(threads) == 4
    assert len(set(threads)) == 1
    assert threads[0].startswith("espeak-synth")


def test_one_engine_for_the_whole_process() -> None:
    """A second synth must not create (and later garbage-collect) another pyttsx3 engine."""
    first, second = EspeakSynth(), EspeakSynth()
    try:
        first.render(Utterance("one", "en"))
        engine = _shared_engine()
        first.close()
        gc.collect()
        pcm, _ = second.render(Utterance("two", "en"))
        assert _shared_engine() is engine
        assert pyttsx3.init("espeak") is engine
        assert pcm.rms() > 1000
    finally:
        first.close()
        second.close()


def test_a_voice_espeak_refuses_is_an_error_not_a_silent_fallback(synth: EspeakSynth) -> None:
    synth.voice_for("en")
    synth._voice_ids["en"] = "no-such-voice"  # as if the voice vanished after the lookup
    with pytest.raises(SpeechError, match="no-such-voice"):
        synth.render(Utterance("hello", "en"))


def test_closed_synth_refuses_work_and_bad_rate() -> None:
    synth = EspeakSynth()
    synth.close()
    synth.close()  # idempotent
    with pytest.raises(SpeechError, match="closed"):
        synth.render(Utterance("hello", "en"))
    with pytest.raises(ValueError, match="rate"):
        EspeakSynth(rate_wpm=1000)


@pytest.mark.parametrize(("text", "lang"), [("", "en"), ("   ", "en"), ("hi", "de")])
def test_bad_utterances_are_refused_before_they_reach_the_engine(text: str, lang: str) -> None:
    with pytest.raises(ValueError, match="Utterance"):
        Utterance(text, lang)
