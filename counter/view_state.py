"""What the counter's screen shows, as JSON in a file (`--state-file`) for demos and tests.

The whole-office demo and the end-to-end test watch a headless terminal through this file
instead of scraping pixels. It holds what a person looking at the screen would see, read
from the Qt-free model, and is replaced atomically (temp file + `os.replace`) so a reader
never sees half of it. It is rewritten only when that content changes, not on every
model notification: other counters' events notify too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter.model import CounterModel
from hub.client.state_file import StateFileWriter as SharedStateFileWriter
from hub.client.state_file import write_json_atomically


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


class StateFileWriter(SharedStateFileWriter):
    """Keeps `path` equal to `visible_state` plus the time it was last rewritten."""

    def __init__(self, path: Path, model: CounterModel, page: Callable[[], str], *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(path, lambda: visible_state(model, page()), model.subscribe,
                         clock=clock)
        self.model, self.page = model, page


__all__ = ["StateFileWriter", "visible_state", "write_json_atomically"]
