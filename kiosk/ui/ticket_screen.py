"""The visitor's ticket on screen: printed ("take your ticket") or not ("take a photo").

When the number was not printed, the screen tells the model once the number has really
been painted; only then does the visitor count as having seen it (no phantom tickets).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.model import KioskModel
from kiosk.ui import theme
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import FitLabel, QrCode, TouchButton
from kiosk.view import KioskView, Screen


class Panel(QWidget):
    """A block with its own background colour."""

    def __init__(self, colour: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the widget."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        radius = Metrics.of(self).px(0.015)
        painter.drawRoundedRect(self.rect(), radius, radius)


class NumberLabel(FitLabel):
    """The ticket number; reports when it has been painted on the screen."""

    def __init__(self) -> None:
        super().__init__(size=0.26, bold=True, wrap=False, lines=1.0)
        self.on_painted: list[str] = []  # ticket ids waiting for their first paint
        self.model: KioskModel | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the widget."""
        super().paintEvent(event)
        if self.on_painted and self.model is not None:
            model, ids, self.on_painted = self.model, self.on_painted, []
            QTimer.singleShot(0, lambda: [model.ticket_displayed(i) for i in ids])


class TicketScreen(QWidget):
    """Number, service, people ahead, wait and the QR code of the tracking page."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.banner = Panel(theme.WARNING_BG)
        self.banner_title = FitLabel(size=0.05, bold=True, color=theme.WARNING_TEXT)
        self.banner_text = FitLabel(size=0.045, color=theme.WARNING_TEXT, lines=2)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_title)
        banner_layout.addWidget(self.banner_text)
        self.caption = FitLabel(size=0.045, color=theme.MUTED)
        self.number = NumberLabel()
        self.number.model = model
        self.service = FitLabel(size=0.055, bold=True)
        self.priority = FitLabel(size=0.045, bold=True, color=theme.PRIORITY)
        self.ahead = FitLabel(size=0.05)
        self.wait = FitLabel(size=0.042, color=theme.MUTED, lines=2)
        self.qr = QrCode()
        self.qr_caption = FitLabel(size=0.03, color=theme.MUTED, lines=2)
        self.instruction = FitLabel(size=0.05, bold=True, color=theme.PRIMARY)
        self.done = TouchButton(kind="primary", size=0.045)
        self.done.clicked.connect(model.done)

        details = QVBoxLayout()
        for widget, stretch in ((self.caption, 1), (self.number, 5), (self.service, 2),
                                (self.priority, 1), (self.ahead, 3), (self.wait, 2)):
            details.addWidget(widget, stretch)
        self.code = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.code.addWidget(self.qr, 4)
        self.code.addWidget(self.qr_caption, 1)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(details, 3)
        self.body.addLayout(self.code, 2)
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.instruction, 1)
        self.footer.addWidget(self.done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.body, 1)
        layout.addLayout(self.footer)
        self._shown: str | None = None

    def render(self, view: KioskView) -> None:
        """Show the view's ticket (nothing when there is none)."""
        ticket = view.ticket
        if ticket is None or view.screen not in (Screen.TICKET, Screen.FALLBACK):
            self._shown = None
            return
        lang = ticket.language
        texts = self.model.texts
        printed = view.screen is Screen.TICKET
        self.banner.setVisible(not printed)
        if view.printer_configured:
            self.banner.colour = theme.WARNING_BG
            self.banner_title.set_text(texts._("Sorry, the printer is not working"), lang)
        else:
            self.banner.colour = theme.SURFACE
            self.banner_title.set_text(texts._("This kiosk does not print tickets"), lang)
        self.banner_text.set_text(texts._("Please take a photo of this screen or remember "
                                          "your number."), lang)
        self.caption.set_text(texts._("Your number"), lang)
        self.number.set_text(ticket.number, "en")  # Latin letters and digits: DejaVu Bold
        self.service.set_text(ticket.service_name, lang)
        self.priority.set_text(texts._("Priority ticket") if ticket.is_priority else "", lang)
        self.priority.setVisible(ticket.is_priority)
        self.ahead.set_text(texts.people_ahead(ticket.people_ahead), lang)
        self.wait.set_text(ticket.wait_text(texts), lang)
        self.qr.set_data(ticket.url)
        self.qr_caption.set_text(texts._("Scan with your phone to follow your place in line"),
                                 lang)
        self.instruction.set_text(texts._("Please take your ticket") if printed else "", lang)
        self.done.set_content(texts._("Done"), language=lang)
        if not printed and self._shown != ticket.id:
            self.number.on_painted.append(ticket.id)
            self.number.update()
        self._shown = ticket.id
        self._relayout()

    def _relayout(self) -> None:
        metrics = Metrics.of(self)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(metrics.margin, metrics.margin, metrics.margin,
                                      metrics.margin // 2)
            layout.setSpacing(metrics.gap)
        down, across = QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.LeftToRight
        # Portrait: details above, QR and its caption side by side below (more QR, less
        # height); landscape: details left, QR over its caption right.
        self.body.setDirection(down if metrics.portrait else across)
        self.code.setDirection(across if metrics.portrait else down)
        self.body.setSpacing(metrics.gap)
        self.code.setSpacing(metrics.gap)
        self.code.setStretch(0, 1 if metrics.portrait else 4)
        self.code.setStretch(1, 1)
        self.qr_caption.scale = 0.04 if metrics.portrait else 0.03
        self.qr_caption.lines = 4 if metrics.portrait else 2
        self.qr.setMinimumSize(metrics.px(0.3), metrics.px(0.3))
        self.banner.setMinimumHeight(metrics.px(0.15))
        self.number.setMinimumHeight(metrics.px(0.2))
        self.done.setMinimumSize(round(metrics.touch * 2.5), metrics.touch)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay out again for the new size."""
        self._relayout()
        super().resizeEvent(event)
