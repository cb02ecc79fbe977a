"""Find and load the font files used for raster lines and for the PNG preview.

Fonts are found with fontconfig (``fc-list``/``fc-match``) so that installing
``fonts-wqy-microhei`` or ``fonts-noto-cjk`` is enough; a configured path always wins.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import cache
from pathlib import Path

from PIL import ImageFont

_LOGGER = logging.getLogger(__name__)

# fontconfig language tags for languages whose script needs a raster font.
_FC_LANG = {"zh": "zh-cn", "zh-cn": "zh-cn", "zh-hans": "zh-cn", "zh-tw": "zh-tw",
            "zh-hant": "zh-tw", "zh-hk": "zh-hk", "ja": "ja", "ko": "ko"}
_PREFERRED = ("wqy-microhei", "wqy-zenhei", "notosanscjk", "notosans-cjk", "droidsansfallback")
_KNOWN_CJK = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
_MONO_DIR = Path("/usr/share/fonts/truetype/dejavu")


class FontNotFoundError(LookupError):
    """No font file for a script the ticket needs; the message says what to install."""


def _fontconfig(*args: str) -> list[str]:
    """Run a fontconfig tool and return its non-empty output lines ([] if unavailable)."""
    if shutil.which(args[0]) is None:
        return []
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip().rstrip(":").strip() for line in result.stdout.splitlines()
            if line.strip()]


@cache
def find_raster_font(language: str) -> Path:
    """Return a font that covers ``language`` (CJK first); used for lines sent as raster.

    Asks fontconfig for fonts declaring the language (``fc-list :lang=zh-cn file``) and
    prefers WenQuanYi Micro Hei and Noto CJK, which also cover Latin and Cyrillic, so a mixed
    line renders in one font.
    """
    tag = _FC_LANG.get(language.lower(), _FC_LANG.get(language.lower().split("-")[0], "zh-cn"))
    files = sorted(_fontconfig("fc-list", f":lang={tag}", "file"))
    for preferred in _PREFERRED:
        for name in files:
            if preferred in Path(name).name.lower().replace("_", "-"):
                return Path(name)
    if files:
        return Path(files[0])
    for path in _KNOWN_CJK:
        if path.exists():
            return path
    raise FontNotFoundError(
        f"no font for language {language!r} ({tag}); install fonts-wqy-microhei "
        "or set the printer option 'cjk_font' to a font file")


@cache
def find_text_font(*, bold: bool = False) -> Path:
    """Return a monospace font that mimics the printer's built-in Font A in previews."""
    style = ":bold" if bold else ""
    for line in _fontconfig("fc-match", "-f", "%{file}\n", f"DejaVu Sans Mono{style}"):
        if Path(line).exists():
            return Path(line)
    fallback = _MONO_DIR / ("DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf")
    if fallback.exists():
        return fallback
    raise FontNotFoundError("no monospace font found; install fonts-dejavu-core "
                            "or set the printer option 'text_font'")


@cache
def load_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    """Load (once) a TrueType/OpenType font file at ``size_px`` pixels."""
    try:
        return ImageFont.truetype(str(path), size_px)
    except OSError as exc:
        raise FontNotFoundError(f"cannot load font {path}: {exc}") from exc
