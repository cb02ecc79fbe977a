"""A device's visible state as a JSON file (`--state-file`), for demos and tests.

The headless demo and the end-to-end test watch an app through this file instead of
scraping pixels. Each app says what its screen shows (a Qt-free snapshot) and when its
model changed; this keeps the file equal to that snapshot plus `updated_at`, replaced
atomically, rewritten only when the content changes.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

Snapshot = Callable[[], dict[str, Any]]
Subscribe = Callable[[Callable[[], None]], Callable[[], None]]


def write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    """Replace `path` with `data` as JSON; readers see the old or the new file, never half.

    No fsync: the file describes a live screen, so after a power cut it is stale anyway.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        temp.replace(path)  # os.replace: atomic on POSIX within one file system
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


class StateFileWriter:
    """Keeps `path` equal to `snapshot()` plus the time it was last rewritten."""

    def __init__(self, path: Path, snapshot: Snapshot, subscribe: Subscribe, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.path, self.snapshot, self.subscribe, self.clock = path, snapshot, subscribe, clock
        self.writes = 0
        self._last: dict[str, Any] | None = None
        self._failing = False
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Write the current state and follow the model's change notifications."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._unsubscribe = self.subscribe(self.update)
        self.update()

    def stop(self) -> None:
        """Stop following the model (the file keeps the last state, e.g. "stopped")."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def update(self) -> None:
        """Rewrite the file if what the device shows changed since the last write."""
        state = self.snapshot()
        if state == self._last:
            return
        try:
            write_json_atomically(self.path, {**state, "updated_at": self.clock()})
        except OSError as exc:
            if not self._failing:  # once per failure streak, not once per event
                log.warning("could not write the state file %s: %s", self.path, exc)
            self._failing = True
            return
        self._failing = False
        self._last = state
        self.writes += 1
