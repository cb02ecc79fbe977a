"""How tickets are laid out for one installed printer (paper width, fonts, QR, cut)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from escpos.capabilities import Profile, get_profile

_LOGGER = logging.getLogger(__name__)

FONT_A_DOTS = 12
"""Width of one Font A character cell (12 x 24 dots) on Epson-compatible printers."""


@dataclass(frozen=True)
class TicketOptions:
    """Per-printer layout settings, shared by the ESC/POS layout and the PNG preview.

    ``width_px`` is the printable width in dots: 576 for 80 mm and 384 for 58 mm paper at
    203 dpi. When the escpos ``profile`` knows a smaller width (TM-T88V: 512 at 180 dpi),
    that smaller width is used for the printed ticket so nothing is cut off.
    ``native_qr`` None means "ask the profile"; True/False overrides it.
    ``kanji_off`` sends ``FS .`` after ``ESC @``: many generic printers sold in Asia start in
    Chinese mode, where code page bytes >= 0x80 would be read as GB2312 pairs.
    ``cjk_font``/``text_font`` are font file paths; None finds one with fontconfig.
    """

    profile: str = "default"
    width_px: int = 576
    native_qr: bool | None = None
    qr_module_px: int = 6
    cut: Literal["full", "partial"] = "full"
    kanji_off: bool = True
    cjk_font: Path | None = None
    text_font: Path | None = None

    def __post_init__(self) -> None:
        """Reject values a printer cannot honour, naming the field."""
        if not 96 <= self.width_px <= 2048:
            raise ValueError(f"width_px must be between 96 and 2048, got {self.width_px!r}")
        if not 1 <= self.qr_module_px <= 16:
            raise ValueError(f"qr_module_px must be 1-16, got {self.qr_module_px!r}")
        if self.cut not in ("full", "partial"):
            raise ValueError(f"cut must be 'full' or 'partial', got {self.cut!r}")
        try:
            get_profile(self.profile)
        except KeyError:
            raise ValueError(f"profile {self.profile!r} is not a python-escpos profile") from None
        for name in ("cjk_font", "text_font"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, Path(value))

    @cached_property
    def escpos_profile(self) -> Profile:
        """Return the python-escpos capability profile (code pages, cutter, QR support)."""
        return get_profile(self.profile)

    @cached_property
    def print_width(self) -> int:
        """Return the width in dots that printed raster may use."""
        pixels = self.escpos_profile.profile_data["media"]["width"]["pixels"]
        if isinstance(pixels, int) and pixels < self.width_px:
            _LOGGER.warning("width_px %d is wider than profile %s (%d dots); using %d",
                            self.width_px, self.profile, pixels, pixels)
            return pixels
        return self.width_px

    @property
    def columns(self) -> int:
        """Return the Font A characters per line at normal size."""
        return self.print_width // FONT_A_DOTS

    @property
    def use_native_qr(self) -> bool:
        """Tell whether to send ``GS ( k`` (printer draws the QR) instead of a bitmap."""
        if self.native_qr is not None:
            return self.native_qr
        return bool(self.escpos_profile.supports("qrCode"))
