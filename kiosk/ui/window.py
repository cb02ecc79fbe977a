"""The kiosk window: one screen at a time over the staff status bar, driven by the model."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from hub.client import qt_refguard as refguard
from kiosk.model import KioskModel
from kiosk.ui import theme
from kiosk.ui.home import HomeScreen
from kiosk.ui.notices import NoticeScreen
from kiosk.ui.service_menu import MenuScreen, PinScreen
from kiosk.ui.status_bar import StatusBar
from kiosk.ui.ticket_screen import TicketScreen
from kiosk.view import Screen

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}
SERVICE_MENU_KEYS = "Ctrl+Alt+M"


class KioskWindow(QWidget):
    """Shows the screen the model asks for; every touch restarts the idle countdown."""

    def __init__(self, model: KioskModel, parent: QWidget | None = None) -> None:
        refguard.immortalize()  # before the first of many thousand void Qt calls
        super().__init__(parent)
        self.model = model
        self.setWindowTitle("Now Serving")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, theme.BACKGROUND)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.home = HomeScreen(model)
        self.ticket = TicketScreen(model)
        self.notice = NoticeScreen(model)
        self.pin = PinScreen(model)
        self.menu = MenuScreen(model)
        self.stack = QStackedWidget()
        for screen in (self.home, self.ticket, self.notice, self.pin, self.menu):
            self.stack.addWidget(screen)
        self.status = StatusBar(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.screens: dict[Screen, QWidget] = {
            Screen.HOME: self.home, Screen.TICKET: self.ticket, Screen.FALLBACK: self.ticket,
            Screen.PIN: self.pin, Screen.MENU: self.menu,
        }
        QShortcut(QKeySequence(SERVICE_MENU_KEYS), self, model.open_service_menu)
        self._unsubscribe = model.subscribe(self.render)
        model.on_exit = self.close
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.render()

    def current(self) -> QWidget:
        """The screen widget showing now."""
        return self.stack.currentWidget()

    def render(self) -> None:
        """Bring the screen up to date with the model."""
        view = self.model.view
        widget = self.screens.get(view.screen, self.notice)
        if widget is self.home or view.screen is Screen.ISSUING:
            self.home.render(view)
        if widget is self.notice:
            self.notice.render(view)
        if widget is self.ticket:
            self.ticket.render(view)
        if widget is self.pin:
            self.pin.render(view)
        if widget is self.menu:
            self.menu.render(view)
        self.stack.setCurrentWidget(widget)
        self.status.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Sizes are relative to the window: every size hint changes with it."""
        for widget in self.findChildren(QWidget):
            widget.updateGeometry()
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any touch anywhere restarts the idle countdown."""
        if event.type() in _ACTIVITY:
            self.model.touch()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop listening to the model and the application."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._unsubscribe()
        self.model.on_exit = None
        super().closeEvent(event)
