"""Layout from the window size alone: every 16:9 and 9:16 size, boxes inside and apart."""

from __future__ import annotations

import itertools

import pytest

from display.layout import MIN_NUMBER_FONT, Layout, Rect, compute_layout
from display.theme import AAA, DEFAULT, contrast

LANDSCAPE = [(1280, 720), (1366, 768), (1600, 900), (1920, 1080), (2560, 1440), (3840, 2160)]
SIZES = LANDSCAPE + [(h, w) for w, h in LANDSCAPE]


def text_boxes(layout: Layout) -> dict[str, Rect]:
    boxes = {"site": layout.site, "date": layout.date, "status": layout.status,
             "clock": layout.clock, "head_ticket": layout.head_ticket,
             "head_counter": layout.head_counter, "history_title": layout.history_title,
             "waiting_title": layout.waiting_title, "ticker": layout.ticker}
    for i, (n, c) in enumerate(zip(layout.call_numbers, layout.call_counters, strict=True)):
        boxes[f"number{i}"], boxes[f"counter{i}"] = n, c
    boxes |= {f"history{i}": r for i, r in enumerate(layout.history)}
    for i, row in enumerate((layout.waiting_head, *layout.waiting_rows)):
        boxes |= {f"service{i}": row.name, f"waiting{i}": row.waiting, f"wait{i}": row.wait}
    return {k: r for k, r in boxes.items() if r.w and r.h}


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("services", [1, 3, 8])
def test_boxes_fit_the_window_and_never_overlap(width: int, height: int, services: int) -> None:
    layout = compute_layout(width, height, services=services, logo=True)
    boxes = text_boxes(layout)
    for name, box in boxes.items():
        assert box.x >= 0 and box.y >= 0, name
        assert box.x + box.w <= width and box.y + box.h <= height, name
    for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):
        assert not ra.intersects(rb), (a, ra, b, rb)
    for i, row in enumerate(layout.call_rows):
        assert row.h > 0 and layout.call_numbers[i].h == row.h


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_called_numbers_are_readable_from_ten_metres(width: int, height: int) -> None:
    layout = compute_layout(width, height)
    assert layout.fonts["number"] >= MIN_NUMBER_FONT * min(width, height)
    # The number is the largest text on the wall, well above the body text.
    others = {k: v for k, v in layout.fonts.items() if k != "number"}
    assert layout.fonts["number"] >= 1.5 * max(others.values())
    assert layout.fonts["number"] >= 2.5 * layout.fonts["service"]


def test_same_picture_at_every_scale() -> None:
    small, big = compute_layout(1280, 720), compute_layout(3840, 2160)
    for key, px in small.fonts.items():
        assert big.fonts[key] == pytest.approx(3 * px, abs=3), key
    assert big.call_rows[0].h == pytest.approx(3 * small.call_rows[0].h, abs=3)
    assert not small.portrait and compute_layout(1080, 1920).portrait


def test_portrait_stacks_the_blocks() -> None:
    layout = compute_layout(1080, 1920)
    assert layout.history_title.y > layout.call_rows[-1].y + layout.call_rows[-1].h
    assert layout.waiting_title.y > layout.history[-1].y
    assert layout.call_rows[0].w > 0.9 * 1080


def test_no_logo_no_room_for_it() -> None:
    assert compute_layout(1920, 1080).logo.w == 0
    with_logo = compute_layout(1920, 1080, logo=True)
    assert with_logo.logo.w > 0 and with_logo.site.x > with_logo.logo.x + with_logo.logo.w


@pytest.mark.parametrize(("name", "pair"), DEFAULT.pairs().items())
def test_every_text_colour_has_aaa_contrast(name: str, pair: tuple[str, str]) -> None:
    assert contrast(*pair) >= AAA, name


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
