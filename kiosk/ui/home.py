"""The home screen: site name, language switch, one big button per service."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.model import KioskModel
from kiosk.texts import language_name
from kiosk.ui import theme
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import FitLabel, TouchButton
from kiosk.view import KioskView, ServiceItem

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class ServiceCard(QWidget):
    """A service's big button and, where the office allows it, its priority button."""

    def __init__(self, model: KioskModel, service_id: str, with_priority: bool,
                 align_with_priority: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service_id = service_id
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = TouchButton(kind="primary", size=0.05, align=_LEFT)
        self.button.clicked.connect(lambda: model.request_ticket(service_id))
        layout.addWidget(self.button, 3)
        self.priority: TouchButton | None = None
        if with_priority:
            self.priority = TouchButton(kind="priority", size=0.04)
            self.priority.clicked.connect(lambda: model.request_ticket(service_id,
                                                                        priority=True))
            layout.addWidget(self.priority, 1)
        elif align_with_priority:  # keep the service buttons of a column the same width
            layout.addWidget(QWidget(), 1)

    def render(self, service: ServiceItem, model: KioskModel, *, narrow: bool) -> None:
        """Show the service's name and queue figures (one line each when `narrow`)."""
        texts = model.texts
        details = [texts.waiting(service.waiting), texts.service_wait(service.estimated_wait_s)]
        separator = "\n" if narrow else "  ·  "
        self.button.set_content(service.name, separator.join(d for d in details if d),
                                language=model.language)
        if self.priority is not None:
            self.priority.set_content(texts._("Priority"), language=model.language)

    def arrange(self, gap: int, columns: int) -> None:
        """Keep the buttons a finger apart; give "priority" more room in narrow columns."""
        layout = self.layout()
        if isinstance(layout, QHBoxLayout):
            layout.setSpacing(gap)
            layout.setStretch(0, 3 if columns == 1 else 2)


class HomeScreen(QWidget):
    """Choose a language and a service."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.site = FitLabel(size=0.05, bold=True, align=_LEFT)
        self.title = FitLabel(size=0.055, bold=True, color=theme.TEXT)
        self.header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.header.addWidget(self.site, 1)
        self.switch = QHBoxLayout()
        self.header.addLayout(self.switch)
        self.language_buttons: dict[str, TouchButton] = {}
        self.grid = QGridLayout()
        self.cards: dict[str, ServiceCard] = {}
        self._shape: tuple[tuple[str, bool], ...] = ()
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.title)
        layout.addLayout(self.grid, 1)

    def render(self, view: KioskView) -> None:
        """Redraw from the model's view."""
        model = self.model
        self.site.set_text(view.site, view.language)
        self.title.set_text(model.texts._("Please choose a service"), view.language)
        self._languages(view)
        with_priority = model.priority_offered()
        shape = tuple((s.id, s.priority_allowed and with_priority) for s in view.services)
        if shape != self._shape:
            self._rebuild(shape)
        metrics = Metrics.of(self)
        narrow = metrics.width / self._columns(metrics) < 700  # figures on two lines
        for service in view.services:
            self.cards[service.id].render(service, model, narrow=narrow)
        self.setEnabled(view.screen == "home")

    def _languages(self, view: KioskView) -> None:
        if tuple(self.language_buttons) != view.languages:
            for button in self.language_buttons.values():
                button.deleteLater()
            self.language_buttons = {}
            for language in view.languages:
                button = TouchButton(kind="plain", size=0.035)
                button.clicked.connect(lambda _=False, lang=language:
                                       self.model.set_language(lang))
                self.switch.addWidget(button)
                self.language_buttons[language] = button
        for language, button in self.language_buttons.items():
            button.set_content(language_name(language), language=language,
                               kind="selected" if language == view.language else "plain")
        self._relayout()

    def _rebuild(self, shape: tuple[tuple[str, bool], ...]) -> None:
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.deleteLater()
        any_priority = any(priority for _, priority in shape)
        self.cards = {sid: ServiceCard(self.model, sid, priority, any_priority)
                      for sid, priority in shape}
        self._shape = shape
        self._relayout()

    def _columns(self, metrics: Metrics) -> int:
        count = len(self.cards)
        if metrics.portrait:
            return 1 if count <= 6 else 2
        return 1 if count <= 4 else 2 if count <= 10 else 3

    def _relayout(self) -> None:
        """Place cards and size the header for the window's size and shape."""
        metrics = Metrics.of(self)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(metrics.margin, metrics.margin, metrics.margin,
                                      metrics.margin // 2)
            layout.setSpacing(metrics.gap)
        self.header.setDirection(QBoxLayout.Direction.TopToBottom if metrics.portrait
                                 else QBoxLayout.Direction.LeftToRight)
        self.header.setSpacing(metrics.gap)
        self.switch.setSpacing(metrics.gap)
        self.site.setMinimumHeight(metrics.touch if not metrics.portrait else 0)
        for button in self.language_buttons.values():
            button.setMinimumSize(round(metrics.touch * 1.9), metrics.touch)
        self.grid.setSpacing(metrics.gap)
        columns = self._columns(metrics)
        rows = max(1, -(-len(self.cards) // columns))
        # Big, but not absurd with only two services; never below a touch target.
        tallest = max(metrics.touch, metrics.height // 4)
        for index, card in enumerate(self.cards.values()):
            self.grid.addWidget(card, index // columns, index % columns)
            card.setMinimumHeight(metrics.touch)
            card.setMaximumHeight(tallest)
            card.arrange(metrics.gap, columns)
        for row in range(rows):
            self.grid.setRowStretch(row, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay out (and word the figures) again for the new size."""
        self.render(self.model.view)
        super().resizeEvent(event)
