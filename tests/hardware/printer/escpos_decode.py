"""Read ESC/POS streams back in tests: raster images out, the rest left as text bytes.

Written from the Epson reference for GS v 0 (not from the driver), so it checks the driver.
"""

from __future__ import annotations

from PIL import Image

GS_V0 = b"\x1dv0"


def split_rasters(stream: bytes) -> tuple[list[Image.Image], bytes]:
    """Return the GS v 0 images (white = 1) and the stream with those commands cut out."""
    images: list[Image.Image] = []
    rest = bytearray()
    at = 0
    while (start := stream.find(GS_V0, at)) != -1:
        rest += stream[at:start]
        head = start + len(GS_V0)
        mode = stream[head]
        assert mode in (0, 48), f"unexpected GS v 0 mode {mode}"
        width_bytes = int.from_bytes(stream[head + 1 : head + 3], "little")
        height = int.from_bytes(stream[head + 3 : head + 5], "little")
        data = stream[head + 5 : head + 5 + width_bytes * height]
        assert len(data) == width_bytes * height, "truncated raster"
        ink = Image.frombytes("1", (width_bytes * 8, height), data)  # bit 1 = dot
        images.append(ink.point(lambda v: 0 if v else 255, mode="1"))  # dot -> black
        at = head + 5 + len(data)
    rest += stream[at:]
    return images, bytes(rest)


def black_pixels(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


def ink_columns(image: Image.Image) -> list[bool]:
    """Return, per column, whether it holds any black pixel."""
    gray = image.convert("L")
    width, height = gray.size
    pixels = gray.load()
    return [any(pixels[x, y] == 0 for y in range(height)) for x in range(width)]


def runs(flags: list[bool], min_gap: int = 1) -> int:
    """Count runs of True separated by at least ``min_gap`` False values."""
    count, gap, inside = 0, min_gap, False
    for flag in flags:
        if flag:
            if not inside and gap >= min_gap:
                count += 1
            inside, gap = True, 0
        else:
            inside = False
            gap += 1
    return count
