"""Child processes of the demo: started with their logs captured, always stopped.

Every child gets its own process group, so stopping it also stops what it started, and
the supervisor stops them all on exit, on Ctrl-C or when one of them dies.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Child:
    """One running part of the demo."""

    name: str
    args: list[str]
    log_path: Path
    proc: subprocess.Popen[bytes]

    @property
    def alive(self) -> bool:
        """True while the process runs."""
        return self.proc.poll() is None

    def tail(self, lines: int = 15) -> str:
        """The end of its log, to say why it stopped."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Supervisor:
    """Starts children and guarantees they are gone when it is."""

    log_dir: Path
    children: list[Child] = field(default_factory=list)

    def start(self, name: str, args: Sequence[str], env: Mapping[str, str] | None = None
              ) -> Child:
        """Start `args` as child `name`, its output going to `<log_dir>/<name>.log`."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        with log_path.open("ab") as out:
            proc = subprocess.Popen(list(args), stdout=out, stderr=subprocess.STDOUT,
                                    env=dict(os.environ, **(env or {}), PYTHONUNBUFFERED="1"),
                                    start_new_session=True)
        child = Child(name, list(args), log_path, proc)
        self.children.append(child)
        log.debug("started %s (pid %d): %s", name, proc.pid, " ".join(args))
        return child

    def dead(self) -> list[Child]:
        """Children that have exited."""
        return [c for c in self.children if not c.alive]

    def stop_all(self, timeout: float = 10.0) -> None:
        """SIGTERM every child (apps first, the hub last), then SIGKILL what remains."""
        for child in reversed(self.children):
            if child.alive:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in reversed(self.children):
            remaining = max(0.1, deadline - time.monotonic())
            try:
                child.proc.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in time; killing it", child.name)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.proc.pid, signal.SIGKILL)
                child.proc.wait(timeout=5)
        # Anything a child left in its group goes too.
        for child in self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.proc.pid, signal.SIGKILL)
