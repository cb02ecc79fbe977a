"""Screens that say one thing: starting, pairing, one moment, refused, out of service.

"Out of service" is said in every language the kiosk offers at once: a visitor cannot
switch languages on a screen that has nothing to touch.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.model import KioskModel
from kiosk.texts import Texts
from kiosk.ui import theme
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import FitLabel, TouchButton
from kiosk.view import KioskView, Screen

_COLOURS = {"text": theme.TEXT, "muted": theme.MUTED, "primary": theme.PRIMARY,
            "alert": theme.ALERT}


@dataclass(frozen=True)
class Line:
    """One line of a notice."""

    text: str
    language: str
    size: float = 0.045
    bold: bool = False
    color: str = "text"  # a key of _COLOURS
    lines: float = 1.0  # height in lines of its largest size (long texts wrap or shrink)
    space_before: bool = False  # a gap above: a new group starts here


def _pairing(view: KioskView, texts: Texts) -> list[Line]:
    lang = view.language
    code = view.pairing_code or ""
    shown = f"{code[:3]} {code[3:]}" if len(code) == 6 else code
    return [
        Line(texts._("This kiosk is not set up yet"), lang, 0.06, bold=True),
        Line(texts._("Out of service. Please ask at the desk."), lang, 0.045, lines=2),
        Line(shown, "en", 0.2, bold=True, color="primary"),  # digits: the Latin font
        Line(texts._("Staff: approve this code on the hub, for example with"), lang, 0.035,
             color="muted"),
        Line(f"nowserving hub pair approve {code}", "en", 0.035, color="muted"),
    ]


def _out_of_service(view: KioskView) -> list[Line]:
    languages = [view.language, *(lang for lang in view.languages if lang != view.language)]
    lines: list[Line] = []
    for index, language in enumerate(languages):
        texts = Texts(language)
        lines.append(Line(texts._("Out of service"), language, 0.075, bold=True,
                          color="alert", space_before=index > 0))
        lines.append(Line(texts._("Please ask at the desk."), language, 0.05, lines=1.5))
    return lines


def notice_lines(view: KioskView, texts: Texts) -> list[Line]:
    """What the notice screen says for `view.screen`."""
    lang = view.language
    if view.screen is Screen.PAIRING:
        return _pairing(view, texts)
    if view.screen is Screen.OUT_OF_SERVICE:
        return _out_of_service(view)
    if view.screen is Screen.ISSUING:
        return [Line(texts._("One moment, please…"), lang, 0.08, bold=True),
                Line(texts._("Your ticket is being printed"), lang, 0.05, color="muted")]
    if view.screen is Screen.REFUSED:
        return [Line(texts._("Sorry"), lang, 0.08, bold=True, color="alert"),
                Line(view.message or "", lang, 0.05, lines=2),
                Line(texts._("Please ask at the desk."), lang, 0.05)]
    return [Line(texts._("Starting…"), lang, 0.08, bold=True),
            Line(texts._("Connecting to the queue system"), lang, 0.05, color="muted")]


class NoticeScreen(QWidget):
    """A few centred lines and, when the visitor can leave it, an OK button."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.lines = QVBoxLayout()
        self.labels: list[FitLabel] = []
        self.ok = TouchButton(kind="primary", size=0.045)
        self.ok.clicked.connect(model.done)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ok)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(self.lines)
        layout.addStretch(1)
        layout.addLayout(row)
        self._content: list[Line] = []

    def render(self, view: KioskView) -> None:
        """Say what `view.screen` calls for."""
        content = notice_lines(view, self.model.texts)
        if content != self._content:
            self._content = content
            while len(self.labels) < len(content):
                label = FitLabel()
                self.labels.append(label)
                self.lines.addWidget(label)
            for index, label in enumerate(self.labels):
                visible = index < len(content)
                label.setVisible(visible)
                if visible:
                    line = content[index]
                    label.scale, label.bold = line.size, line.bold
                    label.color = _COLOURS[line.color]
                    label.lines = line.lines
                    label.set_text(line.text, line.language)
        self.ok.setVisible(view.screen is Screen.REFUSED)
        self.ok.set_content(self.model.texts._("OK"), language=view.language)
        self._relayout()

    def _relayout(self) -> None:
        metrics = Metrics.of(self)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(metrics.margin * 2, metrics.margin, metrics.margin * 2,
                                      metrics.margin)
        self.lines.setSpacing(metrics.gap // 2)
        for label, line in zip(self.labels, self._content, strict=False):
            label.setContentsMargins(0, metrics.px(0.05) if line.space_before else 0, 0, 0)
        self.ok.setMinimumSize(round(metrics.touch * 2.5), metrics.touch)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay out again for the new size."""
        self._relayout()
        super().resizeEvent(event)
