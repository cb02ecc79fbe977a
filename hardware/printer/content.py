"""What goes on a ticket: plain, already-localized strings handed over by the kiosk.

The driver never translates or formats queue data; it only decides how to put these strings
on paper (code page text or raster) so that any language prints on a generic printer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class TicketContent:
    """One ticket, every string already translated into ``language`` by the caller.

    ``language`` is a BCP 47-ish tag ("en", "zh", "ru", "zh-TW"); the driver uses it only to
    pick a raster font for scripts the printer's code pages cannot show.
    """

    language: str
    site_name: str
    number: str
    service_name: str
    issued_at_text: str
    people_ahead_text: str
    wait_text: str
    qr_url: str | None = None
    header_lines: tuple[str, ...] = field(default=())
    footer_lines: tuple[str, ...] = field(default=())
    logo_path: Path | None = None
    priority_label: str | None = None

    def __post_init__(self) -> None:
        """Accept lists and str paths from callers, but store immutable values."""
        if not self.number.strip():
            raise ValueError("TicketContent.number must not be empty")
        object.__setattr__(self, "header_lines", tuple(self.header_lines))
        object.__setattr__(self, "footer_lines", tuple(self.footer_lines))
        if self.logo_path is not None:
            object.__setattr__(self, "logo_path", Path(self.logo_path))


def self_test_ticket() -> TicketContent:
    """Return the ticket ``test_print()`` prints: it exercises text, code page and raster paths.

    The Cyrillic line goes through a code page (CP866), the Chinese line through the raster
    path, so one test print shows whether both work on the installed printer.
    """
    return TicketContent(
        language="en",
        site_name="Now Serving",
        number="T000",
        service_name="Printer test",
        issued_at_text="Code page: Тест печати",
        people_ahead_text="Raster: 打印测试",
        wait_text="0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        qr_url="https://example.invalid/now-serving/test",
        header_lines=("Test print",),
        footer_lines=("If every line reads correctly, the printer is ready.",),
    )
