"""The assembled terminal: pairing on first start, and a keypad and LED sign at the window
(the drivers' fakes, selected in config as an installer would)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from counter.actions import Action
from counter.config import load_config
from counter.connection import make_connection
from counter.model import CounterModel
from counter.texts import translator
from counter.ui.app import GuiOptions, Terminal
from counter.ui.fonts import apply_fonts
from counter.ui.window import CounterWindow
from hardware.keypad import FakeKeypad, KeypadFeedback
from hardware.led import FakeLedDisplay
from tests.counter.conftest import api, counter_state, issue
from tests.counter.qt_loop import close_loop, make_loop, run
from tests.support.hub_process import HubProcess

WAIT = 20_000  # generous: other suites share these two cores


@pytest.fixture
def qloop(qapp: QApplication, qtbot) -> Iterator[object]:
    apply_fonts(qapp)
    loop = make_loop(qapp)
    yield loop
    close_loop(loop, qtbot)


def test_first_start_pairs_and_shows_the_code_big(hub: HubProcess, tmp_path: Path, qtbot,
                                                  qloop, artifacts_dir: Path) -> None:
    config = load_config()
    model = CounterModel(config.counter_id, stats_dir=tmp_path / "state")
    connection = make_connection(name="Window 3", state_dir=tmp_path / "state",
                                 hub_url=hub.url, interfaces=None)
    model.attach(connection)
    window = CounterWindow(model, translator("zh"), config)
    qtbot.addWidget(window)
    window.show()
    run(qtbot, connection.start())
    try:
        qtbot.waitUntil(lambda: model.pairing_code is not None, timeout=WAIT)
        code = model.pairing_code
        assert window.pages.currentWidget() is window.pairing_page
        assert window.pairing_code.text() == f"{code[:3]} {code[3:]}"
        window.grab().save(str(artifacts_dir / "pairing-zh.png"))
        assert all(not b.isEnabled() for b in window.actions.buttons.values())

        status, _ = api(hub, "POST", "/pairing/approve", body={"code": code,
                                                               "counter_id": "counter-3"})
        assert status == 200
        qtbot.waitUntil(lambda: model.connected and model.counter is not None, timeout=WAIT)
        # The admin bound the terminal to counter 3: that wins over the config's counter 1.
        assert model.counter_id == "counter-3"
        assert window.pages.currentWidget() is window.full_page
        assert window.title.text().startswith("3号窗口")
        assert (tmp_path / "state" / "credentials.json").exists()
        run(qtbot, model.perform(Action.OPEN))
        assert counter_state(hub, "counter-3")["state"] == "open"
    finally:
        run(qtbot, connection.stop())
        run(qtbot, model.aclose())


def test_keypad_and_led_sign_at_the_window(hub: HubProcess, tmp_path: Path, qtbot,
                                           qloop) -> None:
    path = tmp_path / "counter.toml"
    path.write_text('[counter]\nid = "counter-2"\n[keypad]\nprotocol = "fake"\n'
                    'transfer_to = "service:documents"\n[led]\ndriver = "fake"\nblink_s = 60\n')
    config = load_config(path)
    options = GuiOptions(config=config, language="en", state_dir=tmp_path / "state",
                         hub_url=hub.url, token=hub.tokens["counter-2"])
    model = CounterModel(config.counter_id, stats_dir=options.state_dir)
    window = CounterWindow(model, translator("en"), config)
    qtbot.addWidget(window)
    terminal = Terminal(options, window, model)
    task = asyncio.get_event_loop().create_task(terminal.run())
    try:
        qtbot.waitUntil(lambda: model.connected and model.mirror_loaded, timeout=WAIT)
        assert terminal.router is not None and isinstance(terminal.led, FakeLedDisplay)
        keypad = terminal.router.keypad
        assert isinstance(keypad, FakeKeypad)
        api(hub, "POST", "/counters/counter-2/open")
        number = issue(hub)
        qtbot.waitUntil(lambda: len(model.next_numbers()) == 1, timeout=WAIT)

        keypad.press("call")
        qtbot.waitUntil(lambda: len(keypad.feedback) == 1, timeout=WAIT)
        assert keypad.feedback[0] == (0, KeypadFeedback("ok", number, beep=True))
        qtbot.waitUntil(lambda: terminal.led.text == number, timeout=WAIT)
        assert terminal.led.blink
        assert window.ticket_panel.number.text() == number

        keypad.press("transfer")  # configured: to the documents queue
        qtbot.waitUntil(lambda: len(keypad.feedback) == 2, timeout=WAIT)
        assert keypad.feedback[1][1].kind == "ok"
        qtbot.waitUntil(lambda: terminal.led.text == "", timeout=WAIT)
        keypad.press("recall")  # nobody at the counter: refused without asking the hub
        qtbot.waitUntil(lambda: len(keypad.feedback) == 3, timeout=WAIT)
        assert keypad.feedback[2][1].kind == "error"
        assert terminal.status()["keypad"]["state"] == "connected"
    finally:
        task.cancel()
        qtbot.waitUntil(task.done, timeout=WAIT)
    assert terminal.led.closed
