"""Running a whole display against a real hub inside a test (qasync, offscreen)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import math
import time
import wave
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication

from display.board import Call
from display.config import DisplayConfig, load_config
from display.connection import LinkOptions
from display.ui.app import AppOptions, DisplayApp
from hub.client import HubClient, run_qt_app
from tests.support.hub_process import HubProcess, free_port

T = TypeVar("T")


def display_config(*, stale_after_s: float = 30.0, zone: str = "", **screen: Any) -> DisplayConfig:
    """The defaults, windowed, with a given stale limit."""
    cfg = load_config()
    return dataclasses.replace(
        cfg, zone=zone,
        screen=dataclasses.replace(cfg.screen, fullscreen=False, language="en", **screen),
        announce=dataclasses.replace(cfg.announce, stale_after_s=stale_after_s))


def app_options(hub_url: str, tmp_path: Path, *, token: str | None,
                config: DisplayConfig | None = None) -> AppOptions:
    """A windowed display writing WAVs to tmp_path/wav."""
    return AppOptions(
        config=config or display_config(),
        link=LinkOptions(hub_url=hub_url, token=token, state_dir=tmp_path / "state",
                         name="Test display"),
        audio_out=tmp_path / "wav", fullscreen=False, size=(1280, 720))


async def until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Wait (letting Qt and asyncio run) until ``predicate()``; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        await asyncio.sleep(0.02)


@dataclass
class Spoken:
    """Start and end of each announcement, as the UI thread saw them."""

    events: list[tuple[str, str, float]] = field(default_factory=list)  # (kind, number, t)

    def attach(self, app: DisplayApp) -> None:
        app.signals.started.connect(lambda c: self._add("started", c))
        app.signals.finished.connect(lambda c: self._add("finished", c))

    def _add(self, kind: str, call: Call) -> None:
        self.events.append((kind, call.number, time.monotonic()))

    def numbers(self, kind: str = "finished") -> list[str]:
        return [n for k, n, _ in self.events if k == kind]


def run_display(qapp: QApplication, options: AppOptions,
                scenario: Callable[[DisplayApp], Awaitable[T]], *,
                around: contextlib.AbstractAsyncContextManager[Any] | None = None) -> T:
    """Start a display, run ``scenario`` against it, always stop it; returns the result.

    ``around`` is entered before the display starts and left after it stopped (a forwarder
    that must listen on the same event loop, for instance).
    """
    async def main() -> tuple[T]:
        async with contextlib.AsyncExitStack() as stack:
            if around is not None:
                await stack.enter_async_context(around)
            app = DisplayApp(options)
            await app.start()
            try:
                return (await scenario(app),)
            finally:
                await app.stop()

    quit_on_close = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # the test, not the window, ends the loop
    try:
        result = run_qt_app(qapp, main())
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)
    assert result is not None, "the Qt application quit before the scenario finished"
    return result[0]


async def open_counters(hub: HubProcess, *counters: int) -> None:
    async with HubClient(hub.url, hub.tokens["admin"]) as admin:
        for n in counters:
            await admin.open(f"counter-{n}")


async def issue(hub: HubProcess, service: str, count: int = 1) -> list[str]:
    async with HubClient(hub.url, hub.tokens["kiosk"]) as kiosk:
        return [(await kiosk.issue_ticket(service)).number for _ in range(count)]


async def call_next(hub: HubProcess, counter: int) -> str:
    async with HubClient(hub.url, hub.tokens[f"counter-{counter}"]) as client:
        ticket = await client.call_next(f"counter-{counter}")
        assert ticket is not None
        return ticket.number


def wav_stats(path: Path) -> tuple[float, float, int]:
    """(duration s, RMS on the 16-bit scale, sample rate) read with the wave module."""
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
        rate, width = wav.getframerate(), wav.getsampwidth()
        assert width == 2 and wav.getnchannels() == 1
    samples = memoryview(frames).cast("h")
    rms = math.sqrt(sum(s * s for s in samples) / max(len(samples), 1))
    return len(samples) / rate, rms, rate


class TcpCut:
    """A 127.0.0.1 TCP forwarder to the hub that can cut the display off and let it back."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Close every connection and refuse new ones (a pulled cable, as the display sees it)."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def __aenter__(self) -> TcpCut:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.cut()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        pumps = [asyncio.ensure_future(self._pump(reader, up_writer)),
                 asyncio.ensure_future(self._pump(up_reader, writer))]
        self._tasks.update(pumps)
        await asyncio.gather(*pumps, return_exceptions=True)
        self._tasks.difference_update(pumps)
        self._writers -= {writer, up_writer}

    @staticmethod
    async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()
