""""Now calling": the latest call of each counter in very large type, the new one lit.

A row turns amber and blinks while its call is being announced, then keeps an amber frame
for ``highlight_s`` seconds; the model says which (``DisplayModel.highlight``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QWidget

from display.layout import Layout
from display.model import DisplayModel, Highlight
from display.theme import Theme
from display.ui.fit import set_fitted
from display.ui.fonts import number_font, text_font
from display.ui.widgets import CENTER, LEFT, NumberLabel, colour, label, place
from hub.i18n import Translator


class CallsPart:
    """The column heads and the big rows."""

    def __init__(self, parent: QWidget, theme: Theme, rows: int) -> None:
        self.theme = theme
        self.head_ticket = label(parent, LEFT, "head_ticket")
        self.head_counter = label(parent, CENTER, "head_counter")
        colour(self.head_ticket, theme.muted)
        colour(self.head_counter, theme.muted)
        self.frames: list[QFrame] = []
        self.numbers: list[QLabel] = []
        self.counters: list[QLabel] = []
        for i in range(rows):
            frame = QFrame(parent)
            frame.setObjectName(f"call_row_{i}")
            self.frames.append(frame)
        for i in range(rows):
            number = NumberLabel(parent)
            number.setObjectName(f"call_number_{i}")
            number.setAlignment(LEFT)
            number.setContentsMargins(0, 0, 0, 0)
            self.numbers.append(number)
            self.counters.append(label(parent, CENTER, f"call_counter_{i}"))
        self.layout: Layout | None = None

    def place(self, layout: Layout) -> None:
        """Move heads and rows to their boxes."""
        self.layout = layout
        place(self.head_ticket, layout.head_ticket)
        place(self.head_counter, layout.head_counter)
        for i, frame in enumerate(self.frames):
            place(frame, layout.call_rows[i])
            place(self.numbers[i], layout.call_numbers[i])
            place(self.counters[i], layout.call_counters[i])

    def render(self, model: DisplayModel, tr: Translator, blink_on: bool) -> None:
        """Write the calls and colour each row by its highlight."""
        if self.layout is None:
            return
        fonts, lang, theme = self.layout.fonts, tr.language, self.theme
        head_font = text_font(lang, fonts["head"])
        set_fitted(self.head_ticket, tr._("Ticket"), head_font, fonts["head"])
        set_fitted(self.head_counter, tr._("Counter"), head_font, fonts["head"])
        calls = model.board.now_calling(len(self.frames))
        radius = max(2, self.layout.call_rows[0].h // 12)
        border = max(2, self.layout.height // 180)
        for i, frame in enumerate(self.frames):
            call = calls[i] if i < len(calls) else None
            lit = model.highlight(call) if call else None
            fg_number, fg_counter, bg, edge = theme.number, theme.text, theme.panel, theme.panel
            if lit is Highlight.SPEAKING and blink_on:
                fg_number = fg_counter = theme.on_highlight
                bg = edge = theme.highlight
            elif lit is not None:
                bg, edge, fg_counter = theme.recent, theme.highlight, theme.on_recent
            style = (f"background: {bg}; border: {border}px solid {edge}; "
                     f"border-radius: {radius}px;")
            if frame.styleSheet() != style:
                frame.setStyleSheet(style)
            colour(self.numbers[i], fg_number)
            colour(self.counters[i], fg_counter)
            big = fonts["number"]
            set_fitted(self.numbers[i], call.number if call else "", number_font(big), big)
            set_fitted(self.counters[i], call.counter_number if call else "",
                       number_font(big), big)
