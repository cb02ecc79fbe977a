"""The counter terminal's window: 800x480 layout, mini always-on-top strip, pairing screen.

It renders the model and calls `model.request`; nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter.actions import Action
from counter.config import CounterConfig
from counter.model import CounterModel
from counter.texts import (
    connection_text,
    counter_state_text,
    notice_text,
    offline_reason,
    why_text,
)
from counter.ui.action_bar import MINI_SLOTS, ActionBar
from counter.ui.day_dialog import DayDialog
from counter.ui.fonts import font
from counter.ui.pairing_page import PairingPage
from counter.ui.pause_dialog import PauseDialog
from counter.ui.queue_panel import QueuePanel
from counter.ui.shortcuts import install_shortcuts
from counter.ui.signals import ModelSignals
from counter.ui.style import STATE_COLOURS, STYLESHEET
from counter.ui.ticket_panel import TicketPanel
from counter.ui.transfer_dialog import TransferDialog
from hub.client import qt_refguard as refguard
from hub.i18n import Translator

FULL_SIZE = (800, 480)
MINI_SIZE = (380, 170)
MINI_MIN = (300, 140)
FULL_MIN = (640, 400)
HINT_S = 5.0


class CounterWindow(QWidget):
    """One window, three pages: pairing, full, mini."""

    page_changed = Signal(str)  # the page now shown: "pairing", "full" or "mini"

    def __init__(self, model: CounterModel, tr: Translator, config: CounterConfig, *,
                 clock: Callable[[], float] = time.time, parent: QWidget | None = None) -> None:
        refguard.immortalize()  # before the many thousand void Qt calls of a working day
        super().__init__(parent)
        self.model, self.tr_, self.config, self.clock = model, tr, config, clock
        self.mini = False
        self.dialog: QDialog | None = None
        self.setObjectName("counterWindow")
        self.setStyleSheet(STYLESHEET)
        self.signals = ModelSignals(model, self)
        self.signals.changed.connect(self.refresh)

        self.header = self._header()
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setFont(font(12))
        self.pages = QStackedWidget()
        self.pairing_page = PairingPage(self.tr_)
        self.pairing_code = self.pairing_page.code
        self.full_page, self.ticket_panel, self.queue_panel, self.actions = self._full_page()
        self.mini_page, self.mini_ticket, self.mini_actions = self._mini_page()
        for page in (self.pairing_page, self.full_page, self.mini_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        # Minimum sizes are set per mode (set_mini): a layout-imposed minimum would lag one
        # page switch behind and keep the mini strip as wide as the full window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.banner)
        for bar in (self.actions, self.mini_actions):
            bar.triggered.connect(self.trigger)
        self.shortcuts = install_shortcuts(self, config.shortcuts, self._on_key)
        self._hint: str | None = None  # why the last key did nothing, for HINT_S seconds
        self._hint_until = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh_timers)
        self.timer.timeout.connect(refguard.check)
        self.timer.start()
        self.setMinimumSize(*FULL_MIN)
        self.resize(*FULL_SIZE)
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _header(self) -> QWidget:
        _ = self.tr_._
        header = QWidget()
        header.setObjectName("header")
        self.title = QLabel()
        self.title.setObjectName("counterTitle")
        self.title.setFont(font(15, bold=True))
        self.state_chip = QLabel()
        self.state_chip.setObjectName("stateChip")
        self.state_chip.setFont(font(12, bold=True))
        self.connection_label = QLabel()
        self.connection_label.setFont(font(11))
        self.day_button = QPushButton(_("My day"))
        self.mini_button = QPushButton(_("Mini"))
        for button in (self.day_button, self.mini_button):
            button.setObjectName("headerButton")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFont(font(11))
        self.day_button.clicked.connect(self.show_day)
        self.mini_button.clicked.connect(lambda: self.set_mini(not self.mini))
        row = QHBoxLayout(header)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.title)
        row.addWidget(self.state_chip)
        row.addStretch(1)
        row.addWidget(self.connection_label)
        row.addWidget(self.day_button)
        row.addWidget(self.mini_button)
        return header

    def _full_page(self) -> tuple[QWidget, TicketPanel, QueuePanel, ActionBar]:
        page = QWidget()
        ticket = TicketPanel(self.model, self.tr_)
        queue = QueuePanel(self.model, self.tr_)
        actions = ActionBar(self.tr_, self.config.shortcuts)
        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        top.addWidget(ticket, 3)
        top.addWidget(queue, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 3)
        layout.addWidget(actions, 2)
        return page, ticket, queue, actions

    def _mini_page(self) -> tuple[QWidget, QLabel, ActionBar]:
        page = QWidget()
        number = QLabel()
        number.setObjectName("ticketNumber")
        number.setFont(font(26, bold=True))
        self.mini_timers = QLabel()
        self.mini_timers.setFont(font(11))
        self.mini_timers.setObjectName("timer")
        actions = ActionBar(self.tr_, self.config.shortcuts, slots=MINI_SLOTS, columns=3,
                            point_size=11)
        row = QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 0)
        row.setSpacing(14)
        row.addWidget(number)
        row.addWidget(self.mini_timers, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(row)
        layout.addWidget(actions)
        return page, number, actions

    # -- rendering --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw everything from the model."""
        _ = self.tr_._
        model = self.model
        counter = model.counter
        if counter is None:  # not paired or not loaded yet: which counter is not known
            self.title.setText(_("Counter terminal"))
        else:
            self.title.setText(_("Counter %(number)s") % {"number": counter.number}
                               + (f" · {counter.name}" if counter.name else ""))
        self.setWindowTitle(self.title.text() + " — Now Serving")
        self.state_chip.setVisible(counter is not None)
        state = counter.state if counter else "closed"
        self.state_chip.setText(counter_state_text(self.tr_, state,
                                                   counter.pause_reason if counter else None))
        self.state_chip.setStyleSheet(f"background: {STATE_COLOURS[state]};")
        dot = "● " if model.connected else "○ "
        self.connection_label.setText(dot if self.mini and model.connected else
                                      dot + connection_text(self.tr_, model.connection_state))
        # While the hub is away what is shown is as of the last contact: dim it.
        for panel in (self.ticket_panel, self.queue_panel, self.mini_ticket):
            panel.setEnabled(model.connected)
        available = model.availability()
        self.actions.refresh(available, state)
        self.mini_actions.refresh(available, state)
        self.day_button.setEnabled(model.mirror_loaded)
        self._refresh_banner()
        self._refresh_pairing()
        on_pairing = self.pages.currentWidget() is self.pairing_page
        self.day_button.setVisible(not on_pairing and not self.mini)
        self.mini_button.setVisible(not on_pairing)
        self.refresh_timers()

    def refresh_timers(self) -> None:
        """Update the live timers (every second)."""
        now = self.clock()
        if self._hint is not None and time.monotonic() >= self._hint_until:
            self._hint = None
            self._refresh_banner()
        self.ticket_panel.refresh(now)
        self.queue_panel.refresh(now)
        ticket = self.model.ticket
        self.mini_ticket.setText(ticket.number if ticket else "–")
        if ticket is None:
            self.mini_timers.setText(self.queue_panel.next_numbers.text())
        else:
            self.mini_timers.setText(f"{self.ticket_panel.waited.text()}\n"
                                     f"{self.ticket_panel.at_counter.text()}")

    def _refresh_pairing(self) -> None:
        model = self.model
        if model.needs_pairing:
            self.pairing_page.refresh(model)
            self._show_page(self.pairing_page)
            self.banner.setVisible(False)
        else:
            self._show_page(self.mini_page if self.mini else self.full_page)

    def _show_page(self, page: QWidget) -> None:
        # A stacked widget is as large as its largest page; hidden pages must not count,
        # or the mini strip could never be smaller than the full layout.
        for other in (self.pairing_page, self.full_page, self.mini_page):
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        if self.pages.currentWidget() is not page:
            self.pages.setCurrentWidget(page)
            self.page_changed.emit(self.page_name)

    @property
    def page_name(self) -> str:
        """The page shown, as the demo's screenshots and state file name it."""
        current = self.pages.currentWidget()
        if current is self.pairing_page:
            return "pairing"
        return "mini" if current is self.mini_page else "full"

    def _refresh_banner(self) -> None:
        _ = self.tr_._
        model = self.model
        counter = model.counter
        if not model.connected:
            kind, text = "error", offline_reason(self.tr_, model.connection_state)
        elif model.mirror_loaded and counter is None:
            kind = "error"
            text = _("Counter %(id)s is not configured at this hub") % {"id": model.counter_id}
        elif self._hint is not None and time.monotonic() < self._hint_until:
            kind, text = "info", self._hint
        elif model.notice is not None:
            kind, text = model.notice.kind, notice_text(self.tr_, model.notice)
        elif counter is not None and counter.state == "closed":
            kind, text = "info", _("The counter is closed. Open it to start calling visitors.")
        else:
            kind, text = "info", ""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        self.banner.setProperty("kind", kind)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    # -- acting ---------------------------------------------------------------------------------
    def trigger(self, action: Action) -> None:
        """A button or shortcut asked for `action`: ask for details if needed, then run it."""
        self._hint = None
        if action is Action.TRANSFER:
            dialog = TransferDialog(self.model, self.tr_, self)
            dialog.chosen.connect(lambda target: self.model.request(Action.TRANSFER,
                                                                    target=target))
            self._open(dialog)
        elif action is Action.PAUSE:
            pause = PauseDialog(self.tr_, self)
            pause.chosen.connect(lambda reason: self.model.request(Action.PAUSE, reason=reason))
            self._open(pause)
        else:
            self.model.request(action)

    def show_day(self) -> None:
        """Show the clerk's figures for today."""
        self._open(DayDialog(self.model.stats, self.model.stats_complete, self.tr_, self))

    def set_mini(self, mini: bool) -> None:
        """Switch between the full window and the small always-on-top strip."""
        self.mini = mini
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, mini)
        self.mini_button.setText(self.tr_._("Full") if mini else self.tr_._("Mini"))
        self.day_button.setVisible(not mini)
        self.refresh()
        self.setMinimumSize(*(MINI_MIN if mini else FULL_MIN))
        self.resize(*(MINI_SIZE if mini else FULL_SIZE))
        if visible:
            self.show()  # changing window flags hides the window

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.activateWindow()  # keys (and USB keypads that type them) come back here

    def _on_key(self, names: list[str]) -> None:
        if "my_day" in names:
            self.show_day()
            return
        if "mini" in names:
            self.set_mini(not self.mini)
            return
        available = self.model.availability()
        actions = [Action(n) for n in names]
        for action in actions:
            if available[action] is None:
                self.trigger(action)
                return
        why = available[actions[0]]
        if why is not None:
            self._hint = why_text(self.tr_, why)
            self._hint_until = time.monotonic() + HINT_S
            self._refresh_banner()

    def closeEvent(self, event: object) -> None:  # noqa: D102 - Qt override
        self.timer.stop()
        self.signals.detach()
        super().closeEvent(event)  # type: ignore[arg-type]
