"""The board: header, "Now calling", earlier calls, waiting figures and the notice line.

The page lays itself out from its size alone (``display.layout``) and redraws from the
model; it holds no state of its own beyond the blink phase of a highlighted row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from display.layout import Layout, Rect, compute_layout
from display.model import DisplayModel
from display.text import translator
from display.theme import Theme
from display.ui.calls import CallsPart
from display.ui.fit import set_fitted
from display.ui.fonts import text_font
from display.ui.header import HeaderPart
from display.ui.side import HistoryPart, WaitingPart
from display.ui.ticker import NoticeTicker
from display.ui.widgets import CENTER, colour, label, place

Now = Callable[[], dt.datetime]


class BoardPage(QWidget):
    """Everything the waiting room sees while the display is connected (or reconnecting)."""

    def __init__(self, model: DisplayModel, theme: Theme, now: Now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.model = model
        self.theme = theme
        self.now = now
        self.blink_on = True
        screen = model.config.screen
        self.setStyleSheet(f"#board {{ background: {theme.background}; }}")
        self.header = HeaderPart(self, theme, screen.logo)
        self.calls = CallsPart(self, theme, screen.rows)
        self.history = HistoryPart(self, theme, screen.history)
        self.waiting = WaitingPart(self, theme)
        self.message = label(self, CENTER, "message")
        colour(self.message, theme.muted)
        self.ticker = NoticeTicker(self, theme)
        self.layout_: Layout | None = None
        self._services = -1

    def relayout(self) -> None:
        """Recompute every box from the current size."""
        screen = self.model.config.screen
        lines = len(self.model.board.waiting_lines()) if screen.show_waiting else 0
        self._services = lines
        layout = self.layout_ = compute_layout(
            max(self.width(), 1), max(self.height(), 1), rows=screen.rows,
            history=screen.history, services=lines,
            show_waiting=screen.show_waiting and lines > 0, logo=self.header.has_logo)
        self.header.place(layout)
        self.calls.place(layout)
        self.history.place(layout)
        self.waiting.place(layout)
        rows = layout.call_rows
        place(self.message, Rect(rows[0].x, rows[0].y, rows[0].w, rows[-1].y + rows[-1].h
                                 - rows[0].y))
        place(self.ticker, layout.ticker)
        self.refresh("all")

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay out again for the new size."""
        super().resizeEvent(event)
        self.relayout()

    def refresh(self, what: str = "all") -> None:
        """Redraw the parts that depend on ``what`` changed in the model."""
        layout = self.layout_
        if layout is None:
            return
        if what == "board" and self.model.config.screen.show_waiting \
                and len(self.model.board.waiting_lines()) != self._services:
            self.relayout()  # the zone's services became known: make room for them
            return
        tr = translator(self.model.ui_language)
        if what in ("all", "clock", "connection", "language", "board"):
            self.header.render(self.model, tr, self.now())
        if what in ("all", "board", "highlight", "language", "blink"):
            self.calls.render(self.model, tr, self.blink_on)
        if what in ("all", "board", "language"):
            self.history.render(self.model, tr, self.model.config.screen.rows)
        if what in ("all", "board", "language", "estimates"):
            self.waiting.render(self.model, tr)
            self._render_message(tr.language, tr._)
        if what in ("all", "language"):
            langs = self.model.languages
            ordered = [tr.language, *[lang for lang in langs if lang != tr.language]]
            px = layout.fonts["ticker"]
            self.ticker.set_notice(self.model.config.notice_for(ordered),
                                   text_font(tr.language, px), self._ticker_speed(layout))

    def _ticker_speed(self, layout: Layout) -> float:
        return self.model.config.screen.notice_speed * min(layout.width, layout.height)

    def _render_message(self, lang: str, _: Callable[[str], str]) -> None:
        """A line across the empty rows until the first snapshot arrives."""
        assert self.layout_ is not None
        text = "" if self.model.board.loaded else _("Connecting to the hub…")
        px = self.layout_.fonts["title"]
        set_fitted(self.message, text, text_font(lang, px), px)
        self.message.setVisible(bool(text))
        self.message.raise_()
