"""Text to PCM with pyttsx3 and eSpeak NG, rendered on a dedicated worker thread.

pyttsx3 quirks this module absorbs (pyttsx3 2.99, eSpeak NG 1.51):

- ``runAndWait()`` blocks and the engine is not thread-safe: each synth renders on its own
  worker thread, callers on any thread wait for it, and a process-wide lock serializes the
  engine when more than one synth exists (tests, a reconfigured display).
- eSpeak is one global C instance per process with one global audio callback. pyttsx3 clears
  that callback whenever an old engine is garbage-collected (``DriverProxy.__del__``), which
  silences whichever engine is current; collection of a stale engine can happen at any time.
  So the process keeps exactly one engine for its whole life and never lets it be collected.
- An unknown voice is reported through the "error" callback, not raised, and the previous voice
  silently stays: errors are collected and the voice is checked after every render. Only the
  error text is kept, so no traceback pins pyttsx3 objects.
- eSpeak applies parameter changes on its own thread, and ``runAndWait()`` starts with a
  ``stop()`` that cancels eSpeak's queue while it is still busy: renders then came out at the
  previous rate or cut short. Each render waits for eSpeak to be idle first (and a fresh engine
  is primed with one throwaway render, since it defers commands until its first loop).
- ``runAndWait()`` never returns when nothing was queued; ``Utterance`` refuses empty text and
  a render that outlives ``timeout_s`` marks the synth broken instead of hanging the caller.
- ``save_to_file`` writes 22,050 Hz mono 16-bit WAV (and prints "Audio saved to ..." on stdout;
  that print is inside pyttsx3).
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Final, TypeVar

from hardware.speech.base import SpeechError, Utterance
from hardware.speech.pcm import Pcm, read_wav
from hardware.speech.voices import VoiceInfo, pick_voice

_LOGGER = logging.getLogger(__name__)
_ESPEAK_LOCK: Final = threading.RLock()
_ENGINE: list[Any] = []  # the process's one pyttsx3 engine, created on first use, never freed
_T = TypeVar("_T")
_A = TypeVar("_A")

DEFAULT_RATE_WPM: Final = 150  # slower than pyttsx3's 200: announcements must carry in a hall
MIN_RATE_WPM: Final = 80
MAX_RATE_WPM: Final = 450
_IDLE_TIMEOUT_S: Final = 2.0


class EspeakSynth:
    """Render utterances to PCM with the voice for their language."""

    def __init__(self, *, rate_wpm: int = DEFAULT_RATE_WPM, timeout_s: float = 20.0) -> None:
        if isinstance(rate_wpm, bool) or not MIN_RATE_WPM <= rate_wpm <= MAX_RATE_WPM:
            msg = f"rate must be {MIN_RATE_WPM}..{MAX_RATE_WPM} words/min, got {rate_wpm!r}"
            raise ValueError(msg)
        self.rate_wpm = rate_wpm
        self._timeout_s = timeout_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="espeak-synth")
        self._voice_ids: dict[str, str] = {}
        self._closed = False
        self._hung = False

    def render(self, utterance: Utterance) -> tuple[Pcm, str]:
        """Synthesize one utterance; return its samples and the eSpeak voice id used."""
        return self._call(self._render_on_worker, utterance)

    def voice_for(self, lang: str) -> str:
        """Return the installed voice id that will speak ``lang`` (raises SpeechError if none)."""
        return self._call(self._voice_on_worker, lang)

    def close(self) -> None:
        """Join the worker thread (the shared engine stays for the next synth)."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=not self._hung, cancel_futures=True)

    def _call(self, fn: Callable[[_A], _T], arg: _A) -> _T:
        if self._closed:
            msg = "the speech synthesizer is closed"
            raise SpeechError(msg)
        if self._hung:
            msg = "the speech engine stopped responding earlier; restart the display"
            raise SpeechError(msg)
        future = self._executor.submit(fn, arg)
        try:
            return future.result(timeout=self._timeout_s)
        except FutureTimeout:
            self._hung = True
            msg = f"eSpeak did not finish within {self._timeout_s} s"
            raise SpeechError(msg) from None

    # Everything below runs on the worker thread only.

    def _voice_on_worker(self, lang: str) -> str:
        if lang not in self._voice_ids:
            engine = _shared_engine()
            with _ESPEAK_LOCK:
                voices = [
                    VoiceInfo(v.id, tuple(v.languages or ())) for v in engine.getProperty("voices")
                ]
            self._voice_ids[lang] = pick_voice(lang, voices)
            _LOGGER.info("speech: %s is spoken with eSpeak voice %s", lang, self._voice_ids[lang])
        return self._voice_ids[lang]

    def _render_on_worker(self, utterance: Utterance) -> tuple[Pcm, str]:
        engine = _shared_engine()
        voice = self._voice_on_worker(utterance.lang)
        with _ESPEAK_LOCK:
            for _attempt in range(2):
                pcm = _synthesize(engine, utterance.text, voice, self.rate_wpm)
                if pcm is not None:
                    return pcm, voice
                _LOGGER.warning("speech: eSpeak cut a %s utterance short; retrying", utterance.lang)
        msg = f"eSpeak produced no complete audio for the {utterance.lang} utterance"
        raise SpeechError(msg)


def _synthesize(engine: Any, text: str, voice: str, rate: int) -> Pcm | None:
    """Render once; ``None`` when pyttsx3 cancelled the synthesis (the caller retries)."""
    errors: list[str] = []
    finished: list[bool] = []

    def on_error(name: object = None, exception: BaseException | None = None) -> None:
        errors.append(str(exception) if exception else f"error in utterance {name}")

    def on_finished(name: object = None, completed: bool = True) -> None:
        finished.append(completed)

    with tempfile.TemporaryDirectory(prefix="nowserving-tts-") as tmp:
        path = Path(tmp) / "utterance.wav"
        tokens = [
            engine.connect("error", on_error),
            engine.connect("finished-utterance", on_finished),
        ]
        try:
            engine.setProperty("voice", voice)
            engine.setProperty("rate", rate)
            engine.setProperty("volume", 1.0)  # volume is applied to the samples instead
            _wait_until_idle(engine, rate)
            engine.save_to_file(text, str(path))
            engine.runAndWait()
        finally:
            for token in tokens:
                engine.disconnect(token)
        if errors:
            msg = f"eSpeak failed: {errors[0]}"
            raise SpeechError(msg)
        actual = engine.getProperty("voice")
        if actual != voice:
            msg = f"eSpeak spoke with voice {actual!r} instead of {voice!r}"
            raise SpeechError(msg)
        if True not in finished or not path.exists():
            return None
        return read_wav(path)


def _wait_until_idle(engine: Any, rate: int) -> None:
    """Wait until eSpeak's own thread is idle and has applied the rate and volume just set.

    eSpeak queues parameter changes and keeps reporting "playing" for a moment after a render.
    ``runAndWait()`` begins with a ``stop()`` that, while eSpeak is playing, cancels eSpeak's
    queue (discarding a queued rate change) and makes the run loop cancel the new synthesis
    too. Measured: without this wait about one render in four came out at the previous rate or
    cut short. ``IsPlaying`` is not part of pyttsx3's public API, hence the private import
    (pyttsx3 is pinned to 2.99).
    """
    from pyttsx3.drivers import _espeak

    deadline = time.monotonic() + _IDLE_TIMEOUT_S
    while (
        _espeak.IsPlaying()
        or engine.getProperty("rate") != rate
        or engine.getProperty("volume") != 1.0
    ):
        if time.monotonic() > deadline:
            msg = f"eSpeak stayed busy for {_IDLE_TIMEOUT_S} s"
            raise SpeechError(msg)
        time.sleep(0.001)


def _shared_engine() -> Any:
    """Return the process's pyttsx3 eSpeak engine, creating it on first use."""
    with _ESPEAK_LOCK:
        if not _ENGINE:
            try:
                import pyttsx3
            except ImportError as exc:  # pragma: no cover - pyttsx3 is a pinned dependency
                msg = "pyttsx3 is not installed"
                raise SpeechError(msg) from exc
            try:
                _ENGINE.append(pyttsx3.init("espeak"))
            except (RuntimeError, OSError) as exc:
                msg = f"cannot start eSpeak NG (is libespeak-ng1 installed?): {exc}"
                raise SpeechError(msg) from exc
            _prime(_ENGINE[0])
            _LOGGER.debug("speech: pyttsx3 engine created on %s", threading.current_thread().name)
        return _ENGINE[0]


def _prime(engine: Any) -> None:
    """Run one throwaway render so later commands take effect at once.

    A fresh pyttsx3 engine starts "busy" and defers every command into the run loop, after the
    cancelling ``stop()``; once a loop has run, commands are executed as they are given.
    """
    with tempfile.TemporaryDirectory(prefix="nowserving-tts-") as tmp:
        engine.save_to_file("ready", str(Path(tmp) / "prime.wav"))
        engine.runAndWait()
