"""The side blocks: earlier calls, and the waiting count and estimated wait per service."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from display.layout import Layout
from display.model import DisplayModel
from display.text import format_wait
from display.theme import Theme
from display.ui.fit import set_fitted, set_fitted_group
from display.ui.fonts import number_font, text_font
from display.ui.widgets import CENTER, LEFT, RIGHT, colour, label, place
from hub.i18n import Translator


class HistoryPart:
    """"Earlier calls": ticket -> counter, two columns, newest first."""

    def __init__(self, parent: QWidget, theme: Theme, count: int) -> None:
        self.title = label(parent, LEFT, "history_title")
        colour(self.title, theme.muted)
        self.cells = [label(parent, LEFT, f"history_{i}") for i in range(count)]
        for cell in self.cells:
            colour(cell, theme.text)
        self.layout: Layout | None = None

    def place(self, layout: Layout) -> None:
        """Move title and cells to their boxes."""
        self.layout = layout
        place(self.title, layout.history_title)
        for cell, rect in zip(self.cells, layout.history, strict=True):
            place(cell, rect)

    def render(self, model: DisplayModel, tr: Translator, rows: int) -> None:
        """Write the earlier calls."""
        if self.layout is None or not self.cells:
            return
        fonts = self.layout.fonts
        set_fitted(self.title, tr._("Earlier calls"), text_font(tr.language, fonts["title"]),
                   fonts["title"])
        calls = model.board.history(rows, len(self.cells))
        texts = [f"{c.number}  →  {c.counter_number}" for c in calls]
        texts += [""] * (len(self.cells) - len(texts))
        set_fitted_group(self.cells, texts, number_font(fonts["history"]), fonts["history"])


class WaitingPart:
    """"Waiting": service name, how many wait, and the estimated wait."""

    def __init__(self, parent: QWidget, theme: Theme) -> None:
        self.parent = parent
        self.theme = theme
        self.title = label(parent, LEFT, "waiting_title")
        self.heads = [label(parent, align, f"waiting_head_{i}")
                      for i, align in enumerate((LEFT, CENTER, RIGHT))]
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        colour(self.title, theme.muted)
        for head in self.heads:
            colour(head, theme.muted)
        self.layout: Layout | None = None

    def _ensure_rows(self, count: int) -> None:
        """Labels for ``count`` services (the zone's services are known from the hub)."""
        while len(self.rows) < count:
            i = len(self.rows)
            row = (label(self.parent, LEFT, f"service_{i}"),
                   label(self.parent, CENTER, f"waiting_{i}"),
                   label(self.parent, RIGHT, f"wait_{i}"))
            for cell in row:
                colour(cell, self.theme.text)
            self.rows.append(row)

    def place(self, layout: Layout) -> None:
        """Move title, heads and rows to their boxes."""
        self.layout = layout
        place(self.title, layout.waiting_title)
        head = layout.waiting_head
        for widget, rect in zip(self.heads, (head.name, head.waiting, head.wait), strict=True):
            place(widget, rect)
        self._ensure_rows(len(layout.waiting_rows))
        for i, cells in enumerate(self.rows):
            if i >= len(layout.waiting_rows):
                for widget in cells:
                    widget.hide()
                continue
            boxes = layout.waiting_rows[i]
            for widget, rect in zip(cells, (boxes.name, boxes.waiting, boxes.wait), strict=True):
                place(widget, rect)

    def render(self, model: DisplayModel, tr: Translator) -> None:
        """Write the waiting figures of the zone's services."""
        if self.layout is None or not self.layout.waiting_title.h:
            return
        fonts, lang = self.layout.fonts, tr.language
        set_fitted(self.title, tr._("Waiting now"), text_font(lang, fonts["title"]),
                   fonts["title"])
        set_fitted_group(self.heads, [tr._("Service"), tr._("People"), tr._("Estimated wait")],
                         text_font(lang, fonts["waiting_head"]), fonts["waiting_head"])
        lines = model.board.waiting_lines()
        rows = self.rows[:len(self.layout.waiting_rows)]
        lines += [None] * (len(rows) - len(lines))
        px = fonts["service"]
        # One size per column; a name too long even at 70% is elided, not made tiny.
        set_fitted_group([r[0] for r in rows], [line.name(lang) if line else ""
                                                for line in lines],
                         text_font(lang, px), px, min_px=round(0.7 * px))
        set_fitted_group([r[2] for r in rows],
                         [format_wait(tr, line.estimated_wait_s) if line else ""
                          for line in lines], text_font(lang, px), px, min_px=round(0.6 * px))
        set_fitted_group([r[1] for r in rows], [str(line.waiting) if line else ""
                                                for line in lines], number_font(px), px)
