"""Turn a :class:`TicketContent` into ESC/POS commands on a python-escpos printer object.

Scripts are kept apart so any ESC/POS printer prints them: text that the profile's code
pages can carry (Latin, Cyrillic via CP866 = ``ESC t 17`` on Epson-compatible profiles) goes
as text; any line they cannot carry (Chinese, Japanese, ...) goes as a ``GS v 0`` raster of
just that line. A CJK character is never passed to ``text()``: escpos 3.1 then encodes the
whole call as GB18030 without any Chinese-mode command, which prints garbage on printers that
do not start in Chinese mode.
"""

from __future__ import annotations

import logging
import re
import textwrap

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image, ImageOps

from hardware.printer.content import TicketContent
from hardware.printer.document import (
    FeedBlock,
    LogoBlock,
    QrBlock,
    RuleBlock,
    TextBlock,
    ticket_blocks,
)
from hardware.printer.fonts import find_raster_font, load_font
from hardware.printer.options import FONT_A_DOTS, TicketOptions
from hardware.printer.raster import (
    Font,
    logo_image,
    qr_image,
    raster_bytes,
    render_line,
    wrap_to_width,
)

_LOGGER = logging.getLogger(__name__)

ESC_INIT = b"\x1b@"  #: ESC @, initialize printer (clears modes left by a previous job)
ESC_J = b"\x1bJ"  #: ESC J n, print and feed n motion units (~1 dot): blank rows for free
FS_KANJI_OFF = b"\x1c."  #: FS ., cancel Kanji (Chinese) character mode
RULE_CHAR = "─"  #: box drawing, in CP437 and CP866 at 0xC4: a solid line on the printer
RASTER_LINE_PX = 24  #: raster text height per magnification step, same as Font A (12x24)
LOGO_MAX_HEIGHT = 160

# The range escpos 3.1 MagicEncode.write() treats as Chinese (it then sends GB18030).
_ESCPOS_CJK = re.compile(r"[\u4e00-\u9fa5]")


def fits_code_pages(text: str, encoder: Encoder) -> bool:
    """Tell whether every character of ``text`` can go as code page text on this profile."""
    if _ESCPOS_CJK.search(text):
        return False
    return all(ord(char) < 128 or any(encoder.can_encode(page, char) for page in
                                      encoder.codepages) for char in text)


def raster_font(options: TicketOptions, language: str, magnification: int) -> Font:
    """Return the font for raster lines: the configured one, else one for the language."""
    path = options.cjk_font or find_raster_font(language)
    return load_font(path, RASTER_LINE_PX * magnification)


def text_line_images(text: str, block: TextBlock, options: TicketOptions,
                     language: str) -> list[Image.Image]:
    """Render a paragraph that needs raster into one 1-bit image per wrapped line."""
    font = raster_font(options, language, block.height)
    stretch = block.width / block.height
    lines = wrap_to_width(text, font, int(options.print_width / stretch) - 4)
    return [render_line(line, font, stretch=stretch, bold=block.bold) for line in lines]


class _TicketWriter:
    """Write the blocks of one ticket to an escpos printer object."""

    def __init__(self, printer: Escpos, options: TicketOptions, language: str) -> None:
        self.printer = printer
        self.options = options
        self.language = language
        self._style = (1, 1, False)  # after ESC @: normal size, not bold

    def style(self, width: int, height: int, bold: bool) -> None:
        """Send ``GS !`` and ``ESC E`` only when the size or weight changes."""
        if (width, height, bold) != self._style:
            self.printer.set(custom_size=True, width=width, height=height, bold=bold)
            self._style = (width, height, bold)

    def text(self, block: TextBlock) -> None:
        for paragraph in block.text.splitlines() or [""]:
            if not paragraph.strip():
                continue
            if fits_code_pages(paragraph, self.printer.magic.encoder):
                self._code_page_text(paragraph, block)
            else:
                for image in text_line_images(paragraph, block, self.options, self.language):
                    self.raster(image)

    def _code_page_text(self, paragraph: str, block: TextBlock) -> None:
        columns = max(1, self.options.print_width // (FONT_A_DOTS * block.width))
        self.style(block.width, block.height, block.bold)
        for line in wrap_columns(paragraph, columns):
            self.printer.textln(line)

    def qr(self, block: QrBlock) -> None:
        if self.options.use_native_qr:
            self.printer.qr(block.url, native=True, size=self.options.qr_module_px,
                            ec=QR_ECLEVEL_M)
            self.printer.ln()
        else:
            self.raster(qr_image(block.url, self.options.qr_module_px))

    def logo(self, block: LogoBlock) -> None:
        try:
            image = logo_image(block.path, self.options.print_width * 3 // 5, LOGO_MAX_HEIGHT)
        except OSError as exc:  # a missing logo must not stop the ticket
            _LOGGER.warning("logo %s not printed: %s", block.path, exc)
            return
        self.raster(image)

    def raster(self, image: Image.Image) -> None:
        """Send only the inked rows; blank rows above and below become ``ESC J`` feeds.

        Blank rows cost ``width/8`` bytes each over the wire, a feed costs 3 bytes.
        """
        box = ImageOps.invert(image.convert("L")).getbbox()
        if box is None:
            self.feed_dots(image.height)
            return
        self.feed_dots(box[1])
        self.printer._raw(raster_bytes(image.crop((0, box[1], image.width, box[3]))))
        self.feed_dots(image.height - box[3])

    def feed_dots(self, dots: int) -> None:
        """Feed blank paper with ``ESC J`` (at most 255 per command)."""
        while dots > 0:
            step = min(255, dots)
            self.printer._raw(ESC_J + bytes((step,)))
            dots -= step

    def rule(self) -> None:
        self.style(1, 1, False)
        self.printer.textln(RULE_CHAR * self.options.columns)


def wrap_columns(text: str, columns: int) -> list[str]:
    """Wrap at spaces to ``columns`` characters, splitting words longer than a line."""
    return textwrap.wrap(text, columns, break_long_words=True) or [text]


def write_ticket(printer: Escpos, ticket: TicketContent, options: TicketOptions) -> None:
    """Send the whole ticket, from ``ESC @`` to the cut, to ``printer``."""
    printer._raw(ESC_INIT + (FS_KANJI_OFF if options.kanji_off else b""))
    printer.set(align="center")
    writer = _TicketWriter(printer, options, ticket.language)
    for block in ticket_blocks(ticket, options.print_width):
        if isinstance(block, TextBlock):
            writer.text(block)
        elif isinstance(block, QrBlock):
            writer.qr(block)
        elif isinstance(block, LogoBlock):
            writer.logo(block)
        elif isinstance(block, RuleBlock):
            writer.rule()
        elif isinstance(block, FeedBlock):
            writer.style(1, 1, False)
            printer.ln(block.lines)
    writer.style(1, 1, False)
    printer.set(align="left")
    printer.cut(mode="PART" if options.cut == "partial" else "FULL")


def ticket_bytes(ticket: TicketContent, options: TicketOptions | None = None) -> bytes:
    """Return the exact bytes a ticket is sent as (every transport sends these)."""
    options = options or TicketOptions()
    printer = Dummy(profile=options.profile)
    write_ticket(printer, ticket, options)
    return printer.output
