"""PNG previews: what a person looks at before any printer exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from hardware.printer import TicketContent, TicketOptions, render_ticket_image, save_ticket_png
from hardware.printer.fonts import find_raster_font, load_font
from hardware.printer.image import SIDE_DOTS, block_images


def ink_bands(image: Image.Image) -> list[tuple[int, int]]:
    """Return (top, height) of each run of rows that hold ink."""
    gray = image.convert("L")
    bands: list[tuple[int, int]] = []
    start = None
    for y in range(gray.height):
        inked = gray.crop((0, y, gray.width, y + 1)).getextrema()[0] == 0
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            bands.append((start, y - start))
            start = None
    return bands


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
@pytest.mark.parametrize("width", [576, 384])
def test_preview_png(language: str, width: int, request: pytest.FixtureRequest,
                     artifacts_dir: Path) -> None:
    ticket: TicketContent = request.getfixturevalue(f"{language}_ticket")
    options = TicketOptions(width_px=width)
    path = save_ticket_png(ticket, artifacts_dir / f"ticket-{language}-{width}.png", options)
    with Image.open(path) as image:
        assert image.width == width + 2 * SIDE_DOTS and image.mode == "1"
        gray = image.convert("L")
    # nothing clipped: every line or picture fits the printable width...
    assert all(part.width <= width for part in block_images(ticket, options))
    # ...so the unprintable paper edges stay white, except for the dashed cut line
    body = gray.crop((0, 0, gray.width, gray.height - 24))
    for left in (0, gray.width - SIDE_DOTS):
        assert body.crop((left, 0, left + SIDE_DOTS, body.height)).getextrema() == (255, 255)


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_number_is_the_biggest_text(language: str, request: pytest.FixtureRequest) -> None:
    ticket: TicketContent = request.getfixturevalue(f"{language}_ticket")
    without_qr = TicketContent(**{**ticket.__dict__, "qr_url": None})
    bands = ink_bands(render_ticket_image(without_qr))
    heights = sorted(height for _, height in bands)
    assert heights[-1] >= 100  # 6x Font A: glyphs about 17 x 6 dots tall
    assert heights[-1] >= 2 * heights[-2]  # nothing else comes close


def test_cjk_font_has_real_glyphs() -> None:
    """No empty boxes: the raster font draws 护 differently from a missing glyph."""
    font = load_font(find_raster_font("zh"), 24)
    missing = font.getmask("\U000f0000").getbbox()
    for char in "护照办理市政厅":
        mask = font.getmask(char)
        assert mask.getbbox() is not None
        assert bytes(mask) != bytes(font.getmask("\U000f0000")) or missing is None


def test_render_matches_print_width_and_is_one_bit(zh_ticket: TicketContent) -> None:
    image = render_ticket_image(zh_ticket, TicketOptions(profile="TM-T88V", width_px=576))
    assert image.width == 576 + 2 * SIDE_DOTS and image.mode == "1"
    assert all(p.width <= 512 for p in block_images(zh_ticket, TicketOptions(profile="TM-T88V")))
