"""The top bar: logo and site name, date, clock, and the discreet connection mark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from display.layout import Layout
from display.model import DisplayModel
from display.text import format_date, format_time
from display.theme import Theme
from display.ui.fit import set_fitted
from display.ui.fonts import number_font, text_font
from display.ui.widgets import CENTER, LEFT, RIGHT, colour, label, place
from hub.client import ConnectionState
from hub.i18n import Translator


class HeaderPart:
    """Labels of the header, parented to the board page."""

    def __init__(self, parent: QWidget, theme: Theme, logo: str) -> None:
        self.theme = theme
        self.bar = QFrame(parent)
        self.bar.setObjectName("header")
        self.bar.setStyleSheet(f"background: {theme.header};")
        self.logo = QLabel(parent)
        self.logo.setObjectName("logo")
        self.logo.setAlignment(CENTER)
        self.logo.setStyleSheet("background: transparent;")
        self._pixmap = QPixmap(logo) if logo and Path(logo).is_file() else None
        self.site = label(parent, LEFT, "site")
        self.date = label(parent, RIGHT, "date")
        self.status = label(parent, RIGHT, "status")
        self.clock = label(parent, RIGHT, "clock")
        colour(self.site, theme.text)
        colour(self.date, theme.muted)
        colour(self.status, theme.warning)
        colour(self.clock, theme.text)
        self.layout: Layout | None = None

    @property
    def has_logo(self) -> bool:
        """True when a logo image was found."""
        return self._pixmap is not None and not self._pixmap.isNull()

    def place(self, layout: Layout) -> None:
        """Move the labels to their boxes."""
        self.layout = layout
        self.date.setAlignment(LEFT if layout.portrait else RIGHT)
        place(self.bar, layout.header)
        for widget, rect in ((self.logo, layout.logo), (self.site, layout.site),
                             (self.date, layout.date), (self.status, layout.status),
                             (self.clock, layout.clock)):
            place(widget, rect)
        if self.has_logo and layout.logo.w:
            assert self._pixmap is not None
            self.logo.setPixmap(self._pixmap.scaled(
                layout.logo.w, layout.logo.h, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        self.bar.lower()

    def render(self, model: DisplayModel, tr: Translator, now: dt.datetime) -> None:
        """Write the site, date, time and connection mark."""
        if self.layout is None:
            return
        fonts, lang = self.layout.fonts, tr.language
        site = model.config.screen.site_name or model.board.site
        set_fitted(self.site, site, text_font(lang, fonts["site"], bold=True), fonts["site"],
                   min_px=round(0.5 * fonts["site"]))
        set_fitted(self.date, format_date(tr, now), text_font(lang, fonts["date"]),
                   fonts["date"])
        set_fitted(self.clock, format_time(now), number_font(fonts["clock"]), fonts["clock"])
        set_fitted(self.status, self.status_text(model, tr), text_font(lang, fonts["status"]),
                   fonts["status"])

    @staticmethod
    def status_text(model: DisplayModel, tr: Translator) -> str:
        """The connection mark: empty while all is well."""
        state = model.connection
        if state is ConnectionState.REVOKED:
            return tr._("Removed from the hub")
        if model.ever_connected and state in (ConnectionState.RECONNECTING,
                                              ConnectionState.SEARCHING):
            return "● " + tr._("Reconnecting…")
        return ""
