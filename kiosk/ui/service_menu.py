"""The staff screens: a PIN pad, then the service menu (test print, paper, reprint, exit)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.model import KioskModel
from kiosk.ui import theme
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import FitLabel, TouchButton
from kiosk.view import KioskView

MAX_PIN = 8
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _margins(widget: QWidget) -> Metrics:
    metrics = Metrics.of(widget)
    layout = widget.layout()
    if layout is not None:
        layout.setContentsMargins(metrics.margin, metrics.margin, metrics.margin, metrics.margin)
        layout.setSpacing(metrics.gap)
    return metrics


class PinScreen(QWidget):
    """Digits, shown as dots; OK checks them with the model."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.digits = ""
        self.title = FitLabel(size=0.055, bold=True)
        self.prompt = FitLabel(size=0.04, color=theme.MUTED)
        self.dots = FitLabel(size=0.06, bold=True)
        self.message = FitLabel(size=0.035, color=theme.ALERT)
        self.keys = QGridLayout()
        self.buttons: dict[str, TouchButton] = {}
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "cancel", "0", "back"]
        for index, key in enumerate(labels):
            button = TouchButton(kind="plain" if key.isdigit() else "primary", size=0.05)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.keys.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button
        self.ok = TouchButton(kind="primary", size=0.045)
        self.ok.clicked.connect(lambda: self.press("ok"))
        self.keys.addWidget(self.ok, 4, 0, 1, 3)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.prompt, self.dots, self.message):
            layout.addWidget(widget)
        pad = QHBoxLayout()
        pad.addStretch(1)
        pad.addLayout(self.keys, 3)
        pad.addStretch(1)
        layout.addLayout(pad, 1)

    def press(self, key: str) -> None:
        """One key of the pad."""
        self.model.touch()
        if key.isdigit() and len(self.digits) < MAX_PIN:
            self.digits += key
        elif key == "back":
            self.digits = self.digits[:-1]
        elif key == "cancel":
            self.digits = ""
            self.model.close_service_menu()
        elif key == "ok":
            attempt, self.digits = self.digits, ""
            self.model.enter_pin(attempt)
        self.render(self.model.view)

    def render(self, view: KioskView) -> None:
        """Show the pad in the current language."""
        texts, lang = self.model.texts, view.language
        self.title.set_text(texts._("Service menu"), lang)
        self.prompt.set_text(texts._("Staff only: enter the PIN"), lang)
        self.dots.set_text(" ".join("●" * len(self.digits)) or "–", lang)
        self.message.set_text(view.message or "", lang)
        for key, button in self.buttons.items():
            title = {"cancel": texts._("Cancel"), "back": "←"}.get(key, key)
            button.set_content(title, language=lang)
        self.ok.set_content(texts._("OK"), language=lang)
        metrics = _margins(self)
        self.keys.setSpacing(metrics.gap)
        for button in [*self.buttons.values(), self.ok]:
            button.setMinimumSize(metrics.touch, metrics.touch)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay out again for the new size."""
        self.render(self.model.view)
        super().resizeEvent(event)


class MenuScreen(QWidget):
    """What the kiosk knows about itself, and what staff can do."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = FitLabel(size=0.055, bold=True, align=_LEFT)
        self.info = FitLabel(size=0.032, color=theme.MUTED, align=_LEFT, lines=5)
        self.message = FitLabel(size=0.04, bold=True, color=theme.PRIMARY, lines=2)
        menu = model.menu
        self.actions = {
            "test_print": TouchButton(kind="primary", size=0.04),
            "paper": TouchButton(kind="primary", size=0.04),
            "reprint": TouchButton(kind="primary", size=0.04),
            "exit": TouchButton(kind="priority", size=0.04),
            "back": TouchButton(kind="plain", size=0.04),
        }
        self.actions["test_print"].clicked.connect(menu.test_print)
        self.actions["paper"].clicked.connect(menu.paper_status)
        self.actions["reprint"].clicked.connect(menu.reprint_last)
        self.actions["exit"].clicked.connect(menu.exit)
        self.actions["back"].clicked.connect(model.close_service_menu)
        self.grid = QGridLayout()
        for index, button in enumerate(self.actions.values()):
            self.grid.addWidget(button, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info, 2)
        layout.addWidget(self.message, 1)
        layout.addLayout(self.grid, 3)

    def render(self, view: KioskView) -> None:
        """Show the kiosk's state and the actions in the current language."""
        texts, lang = self.model.texts, view.language
        self.title.set_text(texts._("Service menu"), lang)
        info = [
            texts._("%(name)s · version %(version)s") % {"name": view.device_name,
                                                          "version": __version__},
            f"{texts.hub_status(view.hub)} · {view.hub_url or '–'}",
            f"{texts.printer_status(view.printer)} · {view.printer_label or '–'}",
            texts.n_("%(n)d unseen ticket waiting to be cancelled",
                     "%(n)d unseen tickets waiting to be cancelled", view.unseen)
            % {"n": view.unseen},
        ]
        self.info.set_text("\n".join(info), lang)
        self.message.set_text(view.message or "", lang)
        titles = {"test_print": texts._("Test print"), "paper": texts._("Paper status"),
                  "reprint": texts._("Reprint last ticket"), "exit": texts._("Exit kiosk"),
                  "back": texts._("Back")}
        for key, button in self.actions.items():
            button.set_content(titles[key], language=lang)
            button.setEnabled(not view.busy or key == "back")
        metrics = _margins(self)
        self.grid.setSpacing(metrics.gap)
        for button in self.actions.values():
            button.setMinimumSize(metrics.touch * 2, metrics.touch)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay out again for the new size."""
        self.render(self.model.view)
        super().resizeEvent(event)
