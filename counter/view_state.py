"""What the counter's screen shows, as JSON in a file (`--state-file`) for demos and tests.

The whole-office demo and the end-to-end test watch a headless terminal through this file
instead of scraping pixels. It holds what a person looking at the screen would see, read
from the Qt-free model, and is replaced atomically (temp file + `os.replace`) so a reader
never sees half of it. It is rewritten only when that content changes, not on every
model notification: other counters' events notify too.
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

from counter.model import CounterModel

log = logging.getLogger(__name__)


def visible_state(model: CounterModel, page: str) -> dict[str, Any]:
    """The screen's content as plain JSON values (no `updated_at`: see `StateFileWriter`)."""
    counter, ticket = model.counter, model.ticket
    shown_ticket: dict[str, Any] | None = None
    if ticket is not None:
        shown_ticket = {"number": ticket.number, "state": ticket.state,
                        "service_id": ticket.service_id}
    elif counter is not None and counter.ticket_id:
        # The hub named the ticket before its details arrived: the screen shows the number.
        shown_ticket = {"number": counter.ticket_number, "state": "called",
                        "service_id": None}
    return {
        "app": "counter",
        "page": page,
        "connection": str(model.connection_state),
        "pairing_code": model.pairing_code,
        "counter_id": model.counter_id,
        "counter_state": counter.state if counter is not None else None,
        "ticket": shown_ticket,
        "waiting": model.waiting_counts(),
        "served_today": model.stats.served,
    }


class StateFileWriter:
    """Keeps `path` equal to `visible_state` plus the time it was last rewritten."""

    def __init__(self, path: Path, model: CounterModel, page: Callable[[], str], *,
                 clock: Callable[[], float] = time.time) -> None:
        self.path, self.model, self.page, self.clock = path, model, page, clock
        self.writes = 0
        self._last: dict[str, Any] | None = None
        self._failing = False
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Write the current state and follow the model's change notifications."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._unsubscribe = self.model.subscribe(self.update)
        self.update()

    def stop(self) -> None:
        """Stop following the model (the file keeps the last state, e.g. "stopped")."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def update(self) -> None:
        """Rewrite the file if what the screen shows changed since the last write."""
        state = visible_state(self.model, self.page())
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
