"""Render a ticket to a PNG that looks like the printed one, for demos and ``--preview-ticket``.

It walks the same blocks as the ESC/POS layout and reuses its raster bitmaps (CJK lines,
QR, logo) byte for byte; only code page text is drawn with a monospace font standing in for
the printer's built-in 12x24 Font A.
"""

from __future__ import annotations

from pathlib import Path

from escpos.magicencode import Encoder
from PIL import Image, ImageDraw

from hardware.printer.content import TicketContent
from hardware.printer.document import (
    FeedBlock,
    LogoBlock,
    QrBlock,
    RuleBlock,
    TextBlock,
    ticket_blocks,
)
from hardware.printer.fonts import find_text_font, load_font
from hardware.printer.layout import (
    LOGO_MAX_HEIGHT,
    fits_code_pages,
    text_line_images,
    wrap_columns,
)
from hardware.printer.options import FONT_A_DOTS, TicketOptions
from hardware.printer.raster import logo_image, qr_image, render_line, stack

LINE_DOTS = 24  #: Font A line height; also one "line" of feed
MARGIN_DOTS = 24  #: white above the first line
SIDE_DOTS = 32  #: unprintable paper edge: 576 + 2 * 32 = 640 dots = 80 mm at 203 dpi


def _code_page_lines(text: str, block: TextBlock, options: TicketOptions) -> list[Image.Image]:
    """Draw code page text the way the printer would: 12x24-dot cells magnified by ``GS !``.

    The monospace font is drawn 24 dots tall per magnification step and squeezed so each
    character takes exactly 12 dots per step, like the printer's Font A.
    """
    path = options.text_font or find_text_font(bold=block.bold)
    font = load_font(path, LINE_DOTS * block.height)
    stretch = FONT_A_DOTS * block.width / font.getlength("0")
    columns = max(1, options.print_width // (FONT_A_DOTS * block.width))
    return [render_line(line, font, stretch=stretch) for line in wrap_columns(text, columns)]


def _rule(width: int) -> Image.Image:
    """Draw the separator the printer makes from a row of box-drawing characters."""
    image = Image.new("1", (width, LINE_DOTS), 1)
    ImageDraw.Draw(image).rectangle((0, 11, width - 1, 12), fill=0)
    return image


def _blank(lines: int, width: int) -> Image.Image:
    return Image.new("1", (width, LINE_DOTS * lines), 1)


def block_images(ticket: TicketContent, options: TicketOptions) -> list[Image.Image]:
    """Return one 1-bit image per printed line or picture, top to bottom."""
    encoder = Encoder(options.escpos_profile.get_code_pages())
    width = options.print_width
    images: list[Image.Image] = []
    for block in ticket_blocks(ticket, width):
        if isinstance(block, TextBlock):
            for paragraph in block.text.splitlines():
                if not paragraph.strip():
                    continue
                if fits_code_pages(paragraph, encoder):
                    images.extend(_code_page_lines(paragraph, block, options))
                else:
                    images.extend(text_line_images(paragraph, block, options, ticket.language))
        elif isinstance(block, QrBlock):
            images.append(qr_image(block.url, options.qr_module_px))
            if options.use_native_qr:
                images.append(_blank(1, width))
        elif isinstance(block, LogoBlock):
            try:
                images.append(logo_image(block.path, width * 3 // 5, LOGO_MAX_HEIGHT))
            except OSError:
                continue
        elif isinstance(block, RuleBlock):
            images.append(_rule(width))
        elif isinstance(block, FeedBlock):
            images.append(_blank(block.lines, width))
    return images


def render_ticket_image(ticket: TicketContent, options: TicketOptions | None = None,
                        ) -> Image.Image:
    """Return the whole ticket as one 1-bit image: the paper, ``width_px`` plus margins."""
    options = options or TicketOptions()
    body = stack(block_images(ticket, options), options.print_width)
    width = options.width_px + 2 * SIDE_DOTS
    paper = Image.new("1", (width, body.height + 2 * MARGIN_DOTS + LINE_DOTS), 1)
    paper.paste(body, ((width - body.width) // 2, MARGIN_DOTS))
    draw = ImageDraw.Draw(paper)
    cut_y = paper.height - LINE_DOTS // 2
    for x in range(0, width, 16):  # dashed line where the cutter cuts
        draw.line((x, cut_y, x + 7, cut_y), fill=0)
    return paper


def save_ticket_png(ticket: TicketContent, path: Path,
                    options: TicketOptions | None = None) -> Path:
    """Render ``ticket`` and write it as a PNG at ``path`` (parent folders are created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    render_ticket_image(ticket, options).save(path, format="PNG")
    return path
