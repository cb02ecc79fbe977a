"""What the wall shows and says, as JSON in a file (``--state-file``) for demos and tests.

The headless demo and the end-to-end test watch the display through this file instead of
scraping pixels. It is read from the Qt-free model, holds what a person in the waiting room
sees and hears, and is replaced atomically (temp file + ``os.replace``), so a reader gets
the old or the new content, never half. It is rewritten only when that content changes:
many notifications (another zone's events, an estimate refresh giving the same figures)
change nothing on screen.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from display.board import Call
from display.model import DisplayModel
from hub.client.state_file import StateFileWriter as SharedStateFileWriter
from hub.client.state_file import write_json_atomically


def visible_state(model: DisplayModel) -> dict[str, Any]:
    """The screen and the voice as plain JSON values (no ``updated_at``: the writer adds it).

    ``calls`` is in screen order, newest first: the big rows ("now"), then the earlier
    calls ("earlier"). ``waiting`` is empty when the settings hide the waiting figures.
    ``announced`` lists the last announcements that were heard, oldest first.
    """
    rows = model.config.screen.rows

    def shown(call: Call, row: str) -> dict[str, Any]:
        return {"number": call.number, "counter_number": call.counter_number,
                "counter_id": call.counter_id, "recall": call.recall, "row": row,
                "highlighted": model.highlight(call) is not None}

    calls = [shown(c, "now") for c in model.board.now_calling(rows)]
    calls += [shown(c, "earlier") for c in model.board.history(rows, model.config.screen.history)]
    lines = model.board.waiting_lines() if model.config.screen.show_waiting else []
    return {
        "app": "display",
        "page": model.page,
        "connection": str(model.connection),
        "pairing_code": model.pairing_code,
        "calls": calls,
        "waiting": {line.id: {"waiting": line.waiting, "estimated_wait_s": line.estimated_wait_s}
                    for line in lines},
        "announced": [{"number": a.number, "counter_number": a.counter_number,
                       "languages": list(a.languages),
                       "wav": str(a.wav) if a.wav is not None else None}
                      for a in model.announced],
    }


def screen_key(model: DisplayModel) -> tuple[object, ...]:
    """What a screenshot would picture, to tell a new screen from the same one again.

    Finer than ``visible_state`` where the picture is (a row blinking while spoken vs lit
    steadily, the screen language) and blind to what is only heard; blind to the clock and
    the notice's scroll position, which move all the time.
    """
    state = visible_state(model)
    del state["announced"]
    shown = model.board.now_calling(model.config.screen.rows)
    lit = tuple(str(model.highlight(c)) for c in shown)
    return json.dumps(state, sort_keys=True), lit, model.ui_language


class StateFileWriter(SharedStateFileWriter):
    """Keeps ``path`` equal to ``visible_state`` plus the time it was last rewritten."""

    def __init__(self, path: Path, model: DisplayModel, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(path, lambda: visible_state(model),
                         lambda notify: model.subscribe(lambda _what: notify()), clock=clock)
        self.model = model


__all__ = ["StateFileWriter", "screen_key", "visible_state", "write_json_atomically"]
