"""Every kiosk screen in English, Chinese and Russian at 1920x1080 and 768x1024, saved.

A person looks at these (test-output/); the test checks what a machine can: every touch
target is at least the 20 mm minimum, the right screen is up, text went through gettext.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from hub.client import HubClient
from kiosk.texts import Texts
from kiosk.ui import theme
from kiosk.ui.theme import Metrics, touch_min_px
from kiosk.ui.widgets import FitLabel, TouchButton, fitted_font
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.kiosk.harness import start_kiosk
from tests.kiosk.printers import GatedPrinter
from tests.kiosk.qt import SIZES, run, shoot, wait_for
from tests.support.hub_process import HubProcess

LANGUAGES = ("en", "zh", "ru")


def _buttons_big_enough(window: KioskWindow) -> None:
    touch = touch_min_px(window)
    screen = window.current()
    for button in screen.findChildren(TouchButton):
        if button.isVisible():
            size = button.size()
            assert min(size.width(), size.height()) >= touch, (
                f"{button.title!r} on {type(screen).__name__} is {size.width()}x"
                f"{size.height()} at {window.width()}x{window.height()}, below {touch} px")


def _both_sizes(qtbot: Any, window: KioskWindow, folder: Path, name: str) -> None:
    for label, (width, height) in SIZES.items():
        window.resize(width, height)
        qtbot.wait(30)
        shoot(window, folder, f"{name}-{label}")
        _buttons_big_enough(window)


def _shown(qtbot: Any, model: Any) -> KioskWindow:
    """The kiosk window on a 1920x1080 screen, closed with the test."""
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.resize(*SIZES["1920x1080"])
    window.show()
    return window


def test_every_screen_in_every_language(qtbot: Any, qloop: Any, hub: HubProcess,
                                        tmp_path: Path, artifacts_dir: Path) -> None:
    printer = GatedPrinter()
    model = run(qtbot, qloop, start_kiosk(hub, tmp_path / "kiosk", printer))
    window = _shown(qtbot, model)
    try:
        wait_for(qtbot, lambda: model.screen is Screen.HOME)
        for lang in LANGUAGES:
            model.set_language(lang)
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-1-home")

            printer.hold()
            assert model.request_ticket("documents")
            wait_for(qtbot, printer.waiting.is_set)
            assert model.screen is Screen.ISSUING
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-2-issuing")
            printer.release()
            wait_for(qtbot, lambda: model.screen is Screen.TICKET)
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-3-ticket")
            model.done()

            printer.set_state("paper_out")
            wait_for(qtbot, lambda: model.screen is Screen.HOME)
            model.set_language(lang)
            assert model.request_ticket("general", priority=True)
            wait_for(qtbot, lambda: model.screen is Screen.FALLBACK)
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-4-fallback")
            wait_for(qtbot, lambda: len(model.journal) == 0)  # the number was seen
            model.done()
            printer.set_state("ok")

            model.set_language(lang)
            model.open_service_menu()
            assert model.screen is Screen.PIN
            window.pin.press("1")
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-5-pin")
            window.pin.press("cancel")
            model.open_service_menu()
            assert model.enter_pin("2580")
            model.menu.paper_status()
            wait_for(qtbot, lambda: not model.view.busy)
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-6-menu")
            model.close_service_menu()

        hub.stop()
        wait_for(qtbot, lambda: model.screen is Screen.OUT_OF_SERVICE)
        for lang in LANGUAGES:
            model.set_language(lang)
            _both_sizes(qtbot, window, artifacts_dir, f"{lang}-7-out-of-service")
    finally:
        printer.release()
        window.close()
        run(qtbot, qloop, model.stop())
    assert len(list(artifacts_dir.glob("*.png"))) >= 3 * 7 * 2


async def _queue_ahead(hub: HubProcess, count: int) -> None:
    """Open counter 2 (general enquiries only) and put `count` visitors in its queue."""
    async with HubClient(hub.url, hub.tokens["admin"]) as admin:
        await admin.open("counter-2")
    async with HubClient(hub.url, hub.tokens["kiosk"]) as kiosk:
        for _ in range(count):
            await kiosk.issue_ticket("general")


def test_ticket_screen_shows_the_wait_range(qtbot: Any, qloop: Any, hub: HubProcess,
                                            tmp_path: Path, artifacts_dir: Path) -> None:
    run(qtbot, qloop, _queue_ahead(hub, 2))
    model = run(qtbot, qloop, start_kiosk(hub, tmp_path / "kiosk", GatedPrinter()))
    window = _shown(qtbot, model)
    try:
        wait_for(qtbot, lambda: model.screen is Screen.HOME)
        for lang in LANGUAGES:
            model.set_language(lang)
            assert model.request_ticket("general")
            wait_for(qtbot, lambda: model.screen is Screen.TICKET)
            ticket = model.view.ticket
            assert ticket is not None
            assert ticket.estimated_wait_low_s is not None
            assert ticket.estimated_wait_high_s is not None
            texts = Texts(lang)
            spread = texts.wait_range(ticket.estimated_wait_s, ticket.estimated_wait_low_s,
                                      ticket.estimated_wait_high_s)
            assert spread is not None, ticket  # people ahead at one counter: uncertain
            label = window.ticket.wait
            assert label.text.startswith(texts.estimated_wait(ticket.estimated_wait_s))
            assert label.text.endswith(spread)
            for name, (width, height) in SIZES.items():
                window.resize(width, height)
                qtbot.wait(30)
                shoot(window, artifacts_dir, f"{lang}-ticket-range-{name}")
                _wait_fits_big_enough(label)
            window.resize(*SIZES["1920x1080"])
            model.done()
            wait_for(qtbot, lambda: model.screen is Screen.HOME)
    finally:
        window.close()
        run(qtbot, qloop, model.stop())


def _wait_fits_big_enough(label: FitLabel) -> None:
    """The wait line, range and all, fits its box at no less than 3/4 of its full size."""
    rect = label.contentsRect()
    full = Metrics.of(label).px(label.scale)
    font = fitted_font(theme.font(label.language, 10), label.text, rect.width(),
                       rect.height(), full)
    box = QFontMetrics(font).boundingRect(QRect(0, 0, rect.width(), 1 << 20),
                                          int(Qt.TextFlag.TextWordWrap), label.text)
    assert box.width() <= rect.width() and box.height() <= rect.height()
    assert font.pixelSize() >= 0.75 * full, (label.text, font.pixelSize(), full)
