"""Where everything goes on the wall, computed from the window size alone (no Qt).

One unit ``u`` is 1% of the screen's short side, so a 1280x720 and a 3840x2160 screen get
the same picture at different scales, and a 9:16 portrait screen stacks the same blocks
vertically. Font sizes are upper bounds in pixels: the widgets shrink a text that would not
fit its box (a long Russian service name), never let it spill.

Readability from 10 m: the rule of thumb for signs is about 1 cm of letter height per 3-4 m
of distance, so 3 cm or more at 10 m. With the default four rows the called numbers get at
least 12% of the short side as font size (``MIN_NUMBER_FONT``, checked by the tests): on a
43" screen (short side 53 cm) that is a cap height of about 0.72 x 12% x 53 cm = 4.6 cm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

MIN_NUMBER_FONT: Final = 0.12  # of the short side, see the module docstring


@dataclass(frozen=True, slots=True)
class Rect:
    """A box in window pixels."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def of(cls, x: float, y: float, w: float, h: float) -> Rect:
        """Round a float box to pixels without losing the far edges."""
        left, top = round(x), round(y)
        return cls(left, top, max(0, round(x + w) - left), max(0, round(y + h) - top))

    def intersects(self, other: Rect) -> bool:
        """True when the two boxes share any pixel."""
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """One line of the waiting table."""

    name: Rect
    waiting: Rect
    wait: Rect


@dataclass(frozen=True, slots=True)
class Layout:
    """Every box of the board and the largest font (px) for each kind of text."""

    width: int
    height: int
    portrait: bool
    header: Rect
    logo: Rect
    site: Rect
    date: Rect
    status: Rect
    clock: Rect
    head_ticket: Rect
    head_counter: Rect
    call_rows: tuple[Rect, ...]
    call_numbers: tuple[Rect, ...]
    call_counters: tuple[Rect, ...]
    history_title: Rect
    history: tuple[Rect, ...]
    waiting_title: Rect
    waiting_head: ServiceRow
    waiting_rows: tuple[ServiceRow, ...]
    ticker: Rect
    fonts: dict[str, int] = field(default_factory=dict)


def compute_layout(width: int, height: int, *, rows: int = 4, history: int = 8,
                   services: int = 3, show_waiting: bool = True, logo: bool = False) -> Layout:
    """The board for a ``width`` x ``height`` window."""
    g = _Grid(width, height)
    header = _header(g, logo)
    ticker = Rect.of(0, height - g.ticker_h, width, g.ticker_h)
    side = _side(g, history, services if show_waiting else 0)
    calls = _calls(g, side.calls_x, side.calls_w, side.calls_top, side.calls_h, rows)
    fonts = {
        "number": round(0.8 * calls.row_h),
        "head": round(0.62 * calls.head.h),
        "site": round((5.2 if g.portrait else 5.6) * g.u),
        "date": round(3.4 * g.u),
        "status": round(2.6 * g.u),
        "clock": round(8 * g.u),
        "title": round(0.62 * side.title_h),
        "history": round(0.62 * side.line_h),
        "service": round(0.55 * side.line_h),
        "waiting_head": round(0.62 * side.head_h),
        "ticker": round(0.56 * g.ticker_h),
    }
    return Layout(width, height, g.portrait, *header, calls.head, calls.counter_head,
                  calls.rows, calls.numbers, calls.counters, side.history_title, side.cells,
                  side.waiting_title, side.waiting_head, side.waiting_rows, ticker, fonts)


@dataclass(frozen=True, slots=True)
class _Grid:
    """The unit and the fixed bands of a window."""

    width: int
    height: int

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def u(self) -> float:
        return min(self.width, self.height) / 100

    @property
    def m(self) -> float:
        return 1.5 * self.u

    @property
    def header_h(self) -> float:
        return (16 if self.portrait else 11) * self.u

    @property
    def ticker_h(self) -> float:
        return 7 * self.u

    @property
    def body(self) -> tuple[float, float]:
        return self.header_h + self.m, self.height - self.ticker_h - self.m


def _header(g: _Grid, logo: bool) -> tuple[Rect, Rect, Rect, Rect, Rect, Rect]:
    """Header, logo, site, date, status and clock boxes."""
    u, m, width = g.u, g.m, g.width
    header = Rect.of(0, 0, width, g.header_h)
    logo_box = Rect.of(m, 1.5 * u, g.header_h - 3 * u if logo else 0, g.header_h - 3 * u)
    text_x = m + (logo_box.w + m if logo else 0)
    clock_w = 30 * u
    clock_x = width - m - clock_w
    if g.portrait:  # site on top, date under it; clock and status on the right
        site = Rect.of(text_x, 1.5 * u, clock_x - text_x - m, 7 * u)
        date = Rect.of(text_x, 9 * u, clock_x - text_x - m, 4.5 * u)
        status = Rect.of(clock_x, 12 * u, clock_w, 3.5 * u)
        clock = Rect.of(clock_x, 0, clock_w, 12 * u)
    else:  # site on the left; date over status in a column before the clock
        info_w = 36 * u
        site = Rect.of(text_x, 0, width - text_x - clock_w - info_w - 3 * m, g.header_h)
        date = Rect.of(clock_x - m - info_w, 1.5 * u, info_w, 5 * u)
        status = Rect.of(clock_x - m - info_w, 6.5 * u, info_w, 3.5 * u)
        clock = Rect.of(clock_x, 0, clock_w, g.header_h)
    return header, logo_box, site, date, status, clock


@dataclass(frozen=True, slots=True)
class _Side:
    calls_x: float
    calls_w: float
    calls_top: float
    calls_h: float
    title_h: float
    head_h: float
    line_h: float
    history_title: Rect
    cells: tuple[Rect, ...]
    waiting_title: Rect
    waiting_head: ServiceRow
    waiting_rows: tuple[ServiceRow, ...]


def _side(g: _Grid, history: int, services: int) -> _Side:
    """History (two columns) and waiting table; beside the calls, or under them (portrait)."""
    u, m = g.u, g.m
    top, bottom = g.body
    hist_lines = math.ceil(history / 2)
    title_h, head_h, line_h = 6 * u, 4.5 * u, 7 * u
    if g.portrait:
        wait_h = (title_h + head_h + services * line_h) if services else 0
        hist_h = (title_h + hist_lines * line_h + m) if history else 0
        calls_x = side_x = m
        calls_w = side_w = g.width - 2 * m
        calls_h = bottom - top - wait_h - hist_h - (m if services else 0)
        y = top + calls_h + m
    else:
        calls_x, calls_w = m, 0.6 * g.width - 1.5 * m
        side_x = calls_x + calls_w + 1.5 * m
        side_w = g.width - side_x - m
        calls_h = bottom - top
        y = top
        # Lines share the column's height: larger with few services, smaller with many
        # (titles never shrink).
        fixed = (title_h + head_h if services else 0) + (title_h + m if history else 0)
        line_h = min(9 * u, (calls_h - fixed) / max(services + hist_lines, 1))
    history_title = Rect.of(side_x, y, side_w, title_h if history else 0)
    cells = []
    if history:
        y += title_h
        col_w = side_w / 2
        for i in range(history):
            col, line = divmod(i, hist_lines)
            cells.append(Rect.of(side_x + col * col_w, y + line * line_h, col_w - 3 * u,
                                 line_h))
        y += hist_lines * line_h + m
    waiting_title = Rect.of(side_x, y, side_w, title_h if services else 0)
    y += title_h
    waiting_head = _service_row(side_x, y, side_w, head_h if services else 0)
    y += head_h
    rows = tuple(_service_row(side_x, y + i * line_h, side_w, line_h) for i in range(services))
    return _Side(calls_x, calls_w, top, calls_h, title_h, head_h, line_h, history_title,
                 tuple(cells), waiting_title, waiting_head, rows)


@dataclass(frozen=True, slots=True)
class _Calls:
    head: Rect
    counter_head: Rect
    row_h: float
    rows: tuple[Rect, ...]
    numbers: tuple[Rect, ...]
    counters: tuple[Rect, ...]


def _calls(g: _Grid, x: float, w: float, top: float, h: float, rows: int) -> _Calls:
    """A head row, then the big rows: number | counter."""
    u = g.u
    head_h = 6 * u
    number_w = 0.62 * w
    gap = u
    row_h = (h - head_h - gap * rows) / rows
    boxes, numbers, counters = [], [], []
    for i in range(rows):
        y = top + head_h + gap + i * (row_h + gap)
        boxes.append(Rect.of(x, y, w, row_h))
        numbers.append(Rect.of(x + 2 * u, y, number_w - 4 * u, row_h))
        counters.append(Rect.of(x + number_w, y, w - number_w - 2 * u, row_h))
    return _Calls(Rect.of(x + 2 * u, top, number_w - 4 * u, head_h),
                  Rect.of(x + number_w, top, w - number_w - 2 * u, head_h), row_h,
                  tuple(boxes), tuple(numbers), tuple(counters))


def _service_row(x: float, y: float, w: float, h: float) -> ServiceRow:
    """Name | people | estimated wait, with a gap between the columns."""
    gap = 0.03 * w
    name_w, count_w = 0.45 * w, 0.17 * w
    wait_x = x + name_w + count_w + 2 * gap
    return ServiceRow(Rect.of(x, y, name_w, h), Rect.of(x + name_w + gap, y, count_w, h),
                      Rect.of(wait_x, y, x + w - wait_x, h))
