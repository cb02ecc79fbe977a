"""Bitmaps for the printer: text lines the code pages cannot carry, QR codes, logos.

All images here are 1-bit (Pillow mode "1": 0 = black) and cropped to their content, so the
raster sent over a slow serial link is only as big as the ink; the printer centres them
with ``ESC a 1``, which applies to ``GS v 0`` raster images.
"""

from __future__ import annotations

import math
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

GS_V0 = b"\x1dv0"
"""``GS v 0 m xL xH yL yH d1...dk``: print raster bit image (1 = print a dot, MSB left)."""
MAX_STRIP_ROWS = 256
"""Rows per ``GS v 0`` command: some clones accept only a few hundred rows per image."""

Font = ImageFont.FreeTypeFont
NO_LINE_START = frozenset("。，、；：？！）」』】》〉”’.,;:?!)%")
"""Characters that must not begin a line (CJK line-breaking rules, "kinsoku")."""


def wrap_to_width(text: str, font: Font, max_width: int) -> list[str]:
    """Split ``text`` into lines no wider than ``max_width`` pixels.

    Breaks at spaces where there are any, otherwise between characters (Chinese and Japanese
    have no spaces and may break anywhere), but never puts closing punctuation such as
    "。" or "，" at the start of a line: the character before it moves down too.
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and font.getlength(candidate.rstrip()) > max_width:
            if token[0] in NO_LINE_START and len(current) > 1:
                lines.append(current[:-1].rstrip())
                current = current[-1] + token
            else:
                lines.append(current.rstrip())
                current = token.lstrip()
        else:
            current = candidate
        while font.getlength(current.rstrip()) > max_width and len(current) > 1:
            cut = _longest_fitting_prefix(current, font, max_width)
            lines.append(current[:cut].rstrip())
            current = current[cut:].lstrip()
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Cut text into words (with their trailing space) or, for CJK, single characters."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if ord(char) >= 0x2E80:  # CJK and later blocks: each character may be a break point
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
            if char == " ":
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens


def _longest_fitting_prefix(text: str, font: Font, max_width: int) -> int:
    """Return how many characters of ``text`` fit in ``max_width`` pixels (at least one)."""
    for end in range(len(text), 0, -1):
        if font.getlength(text[:end]) <= max_width:
            return end
    return 1


def render_line(text: str, font: Font, *, stretch: float = 1.0, bold: bool = False) -> Image.Image:
    """Draw one line of text as a 1-bit image as tall as the font's line and as wide as ink.

    Drawn anti-aliased and thresholded: at 24 px this keeps CJK strokes whole where a
    direct 1-bit draw drops thin strokes.
    """
    ascent, descent = font.getmetrics()
    stroke = 1 if bold else 0
    width = max(1, math.ceil(font.getlength(text)) + 2 * stroke)
    canvas = Image.new("L", (width, ascent + descent + 2 * stroke), 255)
    ImageDraw.Draw(canvas).text((stroke, stroke), text, font=font, fill=0,
                                stroke_width=stroke, stroke_fill=0)
    if stretch != 1.0:
        canvas = canvas.resize((max(1, round(width * stretch)), canvas.height),
                               Image.Resampling.LANCZOS)
    return canvas.point(lambda value: 0 if value < 128 else 255, mode="1")


def qr_image(url: str, module_px: int) -> Image.Image:
    """Return the QR code for ``url`` as a 1-bit bitmap, ``module_px`` dots per module.

    Same error correction (M) and module size as the native ``GS ( k`` path, so the preview
    matches either.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         box_size=module_px, border=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix[0]), len(matrix)), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image.resize((image.width * module_px, image.height * module_px),
                        Image.Resampling.NEAREST)


def logo_image(path: Path, max_width: int, max_height: int) -> Image.Image:
    """Load a logo, scale it down to fit and dither it to 1 bit (Floyd-Steinberg)."""
    with Image.open(path) as source:
        image = source.convert("RGBA")
    flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
    flat.alpha_composite(image)
    gray = flat.convert("L")
    gray.thumbnail((max_width, max_height), Image.Resampling.LANCZOS)
    return gray.convert("1")


def raster_bytes(image: Image.Image) -> bytes:
    """Encode a 1-bit image as ``GS v 0`` commands, in strips of :data:`MAX_STRIP_ROWS`."""
    ink = ImageOps.invert(image.convert("L")).convert("1")  # printer bit 1 = black dot
    width_bytes = (ink.width + 7) // 8
    out = bytearray()
    for top in range(0, ink.height, MAX_STRIP_ROWS):
        strip = ink.crop((0, top, ink.width, min(ink.height, top + MAX_STRIP_ROWS)))
        out += GS_V0 + b"\x00" + width_bytes.to_bytes(2, "little")
        out += strip.height.to_bytes(2, "little") + strip.tobytes()
    return bytes(out)


def stack(images: list[Image.Image], width: int, gap: int = 0) -> Image.Image:
    """Centre images one under another on a white 1-bit canvas ``width`` pixels wide."""
    height = sum(image.height for image in images) + gap * max(0, len(images) - 1)
    canvas = Image.new("1", (width, max(1, height)), 1)
    top = 0
    for image in images:
        canvas.paste(image, ((width - image.width) // 2, top))
        top += image.height + gap
    return canvas
