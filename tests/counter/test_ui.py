"""The counter window offscreen, on a real hub: every action through its button and its
shortcut, what is disabled when, the transfer and pause dialogs, the hub going away,
screenshots in three languages at 800x480 and in mini mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from counter.actions import Action
from counter.commands import Target
from counter.config import load_config
from counter.model import CounterModel
from counter.texts import translator
from counter.ui.day_dialog import DayDialog
from counter.ui.fonts import apply_fonts
from counter.ui.pause_dialog import PauseDialog
from counter.ui.transfer_dialog import TransferDialog
from counter.ui.window import CounterWindow
from hub.client import DeviceConnection
from tests.counter.conftest import api, counter_state, issue
from tests.counter.helpers import token_connection
from tests.counter.qt_loop import close_loop, make_loop, run
from tests.support.hub_process import HubProcess

WAIT = 20_000  # generous: other suites share these two cores


@pytest.fixture
def qloop(qapp: QApplication, qtbot) -> Iterator[object]:
    loop = make_loop(qapp)
    yield loop
    close_loop(loop, qtbot)


class Terminal:
    def __init__(self, window: CounterWindow, model: CounterModel,
                 connection: DeviceConnection) -> None:
        self.window, self.model, self.connection = window, model, connection

    def button(self, action: Action) -> QPushButton:
        button = self.window.actions.button_for(action)
        assert button is not None
        return button

    def enabled(self) -> set[Action]:
        bar = self.window.actions
        return {bar.shown[slot] for slot, b in bar.buttons.items() if b.isEnabled()}


@pytest.fixture
def terminal(hub: HubProcess, tmp_path: Path, qtbot, qloop, qapp
             ) -> Iterator[Callable[..., Terminal]]:
    apply_fonts(qapp)
    made: list[Terminal] = []

    def make(counter_id: str = "counter-1", language: str = "en") -> Terminal:
        config = load_config()
        model = CounterModel(counter_id, stats_dir=tmp_path / f"state-{counter_id}")
        connection = token_connection(hub, counter_id, tmp_path / f"state-{counter_id}",
                                      counter_id)
        model.attach(connection)
        window = CounterWindow(model, translator(language), config)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        run(qtbot, connection.start())
        qtbot.waitUntil(lambda: model.connected and model.mirror_loaded, timeout=WAIT)
        made.append(Terminal(window, model, connection))
        return made[-1]

    yield make
    for t in made:
        run(qtbot, t.connection.stop())
        run(qtbot, t.model.aclose())


def click(qtbot, t: Terminal, action: Action) -> None:
    button = t.button(action)
    assert button.isEnabled(), f"{action} is disabled: {button.toolTip()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qtbot, t: Terminal, hub: HubProcess, predicate: Callable[[], bool]) -> None:
    """Wait for the hub and the window to agree after an action."""
    qtbot.waitUntil(lambda: t.model.busy is None and predicate(), timeout=WAIT)


def test_every_action_through_the_buttons(hub: HubProcess, terminal, qtbot,
                                          artifacts_dir: Path) -> None:
    t = terminal("counter-1")
    assert t.enabled() == {Action.CALL_NEXT} - {Action.CALL_NEXT} | {Action.OPEN}
    assert "open it first" in t.button(Action.CALL_NEXT).toolTip()

    click(qtbot, t, Action.OPEN)
    settle(qtbot, t, hub, lambda: t.model.counter.state == "open")
    assert t.enabled() == {Action.CALL_NEXT, Action.PAUSE, Action.CLOSE}
    numbers = [issue(hub, "general"), issue(hub, "payments"), issue(hub, "general")]
    qtbot.waitUntil(lambda: t.window.queue_panel.next_numbers.text().split() == numbers,
                    timeout=WAIT)

    click(qtbot, t, Action.CALL_NEXT)
    settle(qtbot, t, hub, lambda: t.window.ticket_panel.number.text() == numbers[0])
    assert t.enabled() == {Action.CALL_NEXT, Action.RECALL, Action.START, Action.DONE,
                           Action.NO_SHOW, Action.TRANSFER}
    assert not t.button(Action.PAUSE).isEnabled()
    assert "Finish or transfer" in t.button(Action.CLOSE).toolTip()
    t.window.grab().save(str(artifacts_dir / "called.png"))

    click(qtbot, t, Action.RECALL)
    settle(qtbot, t, hub, lambda: t.model.ticket.recall_count == 1)
    click(qtbot, t, Action.START)
    settle(qtbot, t, hub, lambda: t.model.ticket.state == "serving")
    assert not t.button(Action.RECALL).isEnabled()
    assert not t.button(Action.NO_SHOW).isEnabled()
    assert "Being served for" in t.window.ticket_panel.at_counter.text()
    click(qtbot, t, Action.DONE)
    settle(qtbot, t, hub, lambda: t.model.ticket is None)
    assert t.window.banner.text() == f"{numbers[0]} done"

    click(qtbot, t, Action.CALL_NEXT)
    settle(qtbot, t, hub, lambda: t.model.ticket is not None)
    click(qtbot, t, Action.NO_SHOW)
    settle(qtbot, t, hub, lambda: t.model.ticket is None)

    # Transfer: the dialog lists services and the other counters.
    click(qtbot, t, Action.CALL_NEXT)
    settle(qtbot, t, hub, lambda: t.model.ticket is not None)
    moved = t.model.ticket.number
    click(qtbot, t, Action.TRANSFER)
    dialog = t.window.dialog
    assert isinstance(dialog, TransferDialog)
    assert dialog.services.count() == 3 and dialog.counters.count() == 3
    ok = dialog.buttons.buttons()[0]
    assert not dialog.target()
    dialog.select(Target(counter_id="counter-2"))
    dialog.grab().save(str(artifacts_dir / "transfer-dialog.png"))
    dialog.accept()
    settle(qtbot, t, hub, lambda: t.model.ticket is None)
    status, state = api(hub, "GET", "/state")
    transferred = next(w for w in state["waiting"] if w["number"] == moved)
    assert (transferred["state"], transferred["target_counter_id"]) == ("transferred",
                                                                        "counter-2")
    assert ok is not None

    # Pause with a one-touch reason, resume, close.
    click(qtbot, t, Action.PAUSE)
    pause = t.window.dialog
    assert isinstance(pause, PauseDialog)
    qtbot.mouseClick(pause.presets[1], Qt.MouseButton.LeftButton)  # "Lunch"
    settle(qtbot, t, hub, lambda: t.model.counter.state == "paused")
    assert counter_state(hub, "counter-1")["pause_reason"] == "Lunch"
    assert t.button(Action.RESUME).text().startswith("Resume")
    assert t.enabled() == {Action.RESUME, Action.CLOSE}
    t.window.grab().save(str(artifacts_dir / "paused.png"))
    click(qtbot, t, Action.RESUME)
    settle(qtbot, t, hub, lambda: t.model.counter.state == "open")
    click(qtbot, t, Action.CLOSE)
    settle(qtbot, t, hub, lambda: t.model.counter.state == "closed")
    assert counter_state(hub, "counter-1")["state"] == "closed"

    t.window.day_button.click()
    day = t.window.dialog
    assert isinstance(day, DayDialog)
    assert day.values["served"].text() == "1"
    assert day.values["no_shows"].text() == "1"
    assert day.values["transferred"].text() == "1"
    day.grab().save(str(artifacts_dir / "my-day.png"))


def key(qtbot, t: Terminal, k: Qt.Key, modifier: Qt.KeyboardModifier
        = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(t.window, k, modifier)


def test_every_action_through_the_shortcuts(hub: HubProcess, terminal, qtbot) -> None:
    t = terminal("counter-4")
    num = Qt.KeyboardModifier.KeypadModifier
    key(qtbot, t, Qt.Key.Key_F1)  # call next while closed: refused, and the clerk is told why
    assert "open it first" in t.window.banner.text()
    key(qtbot, t, Qt.Key.Key_F8)  # open
    settle(qtbot, t, hub, lambda: t.model.counter.state == "open")
    numbers = [issue(hub, "documents") for _ in range(4)]
    qtbot.waitUntil(lambda: len(t.model.next_numbers()) == 4, timeout=WAIT)

    key(qtbot, t, Qt.Key.Key_Space)  # call next
    settle(qtbot, t, hub, lambda: t.model.ticket is not None
           and t.model.ticket.number == numbers[0])
    key(qtbot, t, Qt.Key.Key_F2)  # recall
    settle(qtbot, t, hub, lambda: t.model.ticket.recall_count == 1)
    key(qtbot, t, Qt.Key.Key_2, num)  # start, from a USB numeric keypad
    settle(qtbot, t, hub, lambda: t.model.ticket.state == "serving")
    key(qtbot, t, Qt.Key.Key_F4)  # done
    settle(qtbot, t, hub, lambda: t.model.ticket is None)
    key(qtbot, t, Qt.Key.Key_0, num)  # call next
    settle(qtbot, t, hub, lambda: t.model.ticket is not None
           and t.model.ticket.number == numbers[1])
    key(qtbot, t, Qt.Key.Key_F5)  # no-show
    settle(qtbot, t, hub, lambda: t.model.ticket is None)
    key(qtbot, t, Qt.Key.Key_F1)
    settle(qtbot, t, hub, lambda: t.model.ticket is not None
           and t.model.ticket.number == numbers[2])
    key(qtbot, t, Qt.Key.Key_F6)  # transfer: the dialog opens, Escape cancels it
    assert isinstance(t.window.dialog, TransferDialog)
    t.window.dialog.reject()
    qtbot.waitUntil(lambda: t.window.dialog is None, timeout=WAIT)
    key(qtbot, t, Qt.Key.Key_F6)
    dialog = t.window.dialog
    assert isinstance(dialog, TransferDialog)
    dialog.select(Target(service_id="general"))
    dialog.accept()
    settle(qtbot, t, hub, lambda: t.model.ticket is None)
    key(qtbot, t, Qt.Key.Key_F3)  # start with nobody at the counter: the banner says why
    assert t.window.banner.text() == "Nobody is at the counter"

    key(qtbot, t, Qt.Key.Key_F7)  # pause: reason dialog, typed reason
    pause = t.window.dialog
    assert isinstance(pause, PauseDialog)
    pause.other.setText("Printer jam")
    qtbot.keyClick(pause.other, Qt.Key.Key_Return)
    settle(qtbot, t, hub, lambda: t.model.counter.state == "paused")
    assert counter_state(hub, "counter-4")["pause_reason"] == "Printer jam"
    key(qtbot, t, Qt.Key.Key_F7)  # the same key resumes
    settle(qtbot, t, hub, lambda: t.model.counter.state == "open")
    key(qtbot, t, Qt.Key.Key_F8)  # the same key that opened closes
    settle(qtbot, t, hub, lambda: t.model.counter.state == "closed")
    key(qtbot, t, Qt.Key.Key_F9)
    assert isinstance(t.window.dialog, DayDialog)
    t.window.dialog.reject()
    key(qtbot, t, Qt.Key.Key_F10)
    assert t.window.mini
    key(qtbot, t, Qt.Key.Key_F10)
    assert not t.window.mini


def test_hub_down_disables_every_button(hub: HubProcess, terminal, qtbot,
                                        artifacts_dir: Path) -> None:
    t = terminal("counter-2")
    api(hub, "POST", "/counters/counter-2/open")
    issue(hub)
    qtbot.waitUntil(lambda: Action.CALL_NEXT in t.enabled(), timeout=WAIT)
    hub.kill()
    qtbot.waitUntil(lambda: not t.enabled(), timeout=WAIT)
    assert "Nothing you press now is kept" in t.window.banner.text()
    assert t.button(Action.CALL_NEXT).toolTip() == "No connection to the hub"
    key(qtbot, t, Qt.Key.Key_F1)
    assert t.model.busy is None
    t.window.grab().save(str(artifacts_dir / "hub-down.png"))
    hub.start()
    qtbot.waitUntil(lambda: Action.CALL_NEXT in t.enabled(), timeout=30_000)
    assert counter_state(hub, "counter-2")["ticket_id"] is None  # the F1 was not replayed


@pytest.mark.parametrize("language", ["en", "zh", "ru"])
def test_screenshots(hub: HubProcess, terminal, qtbot, language: str,
                     artifacts_dir: Path) -> None:
    api(hub, "POST", "/counters/counter-1/open")
    for service in ("general", "payments", "general", "general", "payments", "documents"):
        issue(hub, service)
    api(hub, "POST", "/counters/counter-1/call-next", "counter-1")
    api(hub, "POST", "/counters/counter-1/start", "counter-1")
    t = terminal("counter-1", language)
    qtbot.waitUntil(lambda: t.model.ticket is not None, timeout=WAIT)
    t.window.refresh()
    assert t.window.size().width() == 800 and t.window.size().height() == 480
    t.window.grab().save(str(artifacts_dir / f"counter-{language}-800x480.png"))
    t.window.set_mini(True)
    qtbot.waitUntil(lambda: t.window.size().width() == 380, timeout=WAIT)
    assert t.window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    t.window.grab().save(str(artifacts_dir / f"counter-{language}-mini.png"))
    t.window.set_mini(False)
    t.window.trigger(Action.TRANSFER)
    t.window.dialog.grab().save(str(artifacts_dir / f"transfer-{language}.png"))
