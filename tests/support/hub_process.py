"""A real hub process on 127.0.0.1 for tests: start, kill, restart, always cleaned up."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hub.store import Store

ROLES_PER_COUNTER = ("counter-1", "counter-2", "counter-3", "counter-4")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class HubProcess:
    """`nowserving hub` as a child process with its own database and tokens."""

    workdir: Path
    config: Path | None = None
    port: int = field(default_factory=free_port)
    tokens: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    # Never multicast on the machine's real network: no mDNS unless a test asks for it
    # (and then only on 127.0.0.1: `mdns=True`).
    mdns: bool = False
    extra_args: tuple[str, ...] = ()

    @property
    def db(self) -> Path:
        return self.workdir / "hub.db"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def create_tokens(self) -> None:
        """An admin, kiosk and display token, and one counter token per sample counter."""
        store = Store(self.db)
        try:
            for role in ("admin", "kiosk", "display"):
                self.tokens[role], _ = store.tokens.create(role, f"test {role}")
            for counter in ROLES_PER_COUNTER:
                self.tokens[counter], _ = store.tokens.create(
                    "counter", f"test {counter}", counter_id=counter)
        finally:
            store.close()

    def headers(self, who: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def start(self, timeout: float = 15.0) -> None:
        args = [sys.executable, "-m", "hub.launcher", "hub", "--db", str(self.db),
                "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args,
                *(("--mdns-interface", "127.0.0.1") if self.mdns else ("--no-mdns",))]
        if self.config is not None:
            args += ["--config", str(self.config)]
        self.log_path = self.workdir / f"hub-{int(time.time() * 1000)}.log"
        log = self.log_path.open("wb")
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited early:\n{self.log_path.read_text()}")
            with (contextlib.suppress(OSError),
                  urllib.request.urlopen(self.url + "/health", timeout=1) as resp):
                if resp.status == 200:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"hub did not become ready:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL: the power-cut case."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> int | None:
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None:
            return None
        code = self.proc.poll()
        if code is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = self.proc.wait(timeout=5)
        self.proc = None
        return code

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path else ""


@contextlib.contextmanager
def running_hub(workdir: Path, config: Path | None = None,
                extra_args: tuple[str, ...] = ()) -> Iterator[HubProcess]:
    """A real hub process on 127.0.0.1 with a fresh database and tokens, stopped after."""
    workdir.mkdir(parents=True, exist_ok=True)
    process = HubProcess(workdir, config=config, extra_args=extra_args)
    process.create_tokens()
    process.start()
    try:
        yield process
    finally:
        process.stop()
