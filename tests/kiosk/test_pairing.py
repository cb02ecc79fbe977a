"""A new kiosk finds the hub by mDNS (127.0.0.1 only), shows a code, and works once approved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hub.client import HubClient
from kiosk.app import Launch, make_model
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.kiosk.harness import kiosk_config, start_kiosk, until
from tests.kiosk.qt import SIZES, run, shoot, wait_for
from tests.support.hub_process import HubProcess, free_port


def _all_languages(qtbot: Any, model: Any, window: KioskWindow, folder: Path,
                   name: str) -> None:
    for language in ("en", "zh", "ru"):
        model._set_language(language)
        model.refresh()
        for label, size in SIZES.items():
            window.resize(*size)
            qtbot.wait(20)
            shoot(window, folder, f"{language}-{name}-{label}")


def test_starting_screen_before_the_hub_answers(qtbot: Any, qloop: Any, tmp_path: Path,
                                                artifacts_dir: Path) -> None:
    launch = Launch(config=kiosk_config(), state_dir=tmp_path / "kiosk",
                    hub_url=f"http://127.0.0.1:{free_port()}", token="ns_nothing-listens")
    model = make_model(launch)
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.show()
    assert model.screen is Screen.STARTING
    _all_languages(qtbot, model, window, artifacts_dir, "starting")
    said = [label.text for label in window.notice.labels if label.isVisible()]
    assert said == ["Запуск…", "Подключение к системе очереди"]
    window.close()
    run(qtbot, qloop, model.stop())


def test_discovered_paired_and_approved(qtbot: Any, qloop: Any, tmp_path: Path,
                                        artifacts_dir: Path) -> None:
    hub = HubProcess(tmp_path / "hub", config=Path(__file__).with_name("office.toml"),
                     mdns=True)
    hub.workdir.mkdir()
    hub.create_tokens()
    hub.start()
    state_dir = tmp_path / "kiosk"
    model = None
    window = None
    try:
        model = run(qtbot, qloop, start_kiosk(hub, state_dir, None, who=None, discover=True))
        window = KioskWindow(model)
        qtbot.addWidget(window)
        window.show()
        wait_for(qtbot, lambda: model.screen is Screen.PAIRING, timeout=20)
        code = model.view.pairing_code
        assert code is not None and len(code) == 6 and code.isdigit()
        _all_languages(qtbot, model, window, artifacts_dir, "pairing")
        shown = [label.text for label in window.notice.labels if label.isVisible()]
        assert f"{code[:3]} {code[3:]}" in shown

        async def approve() -> None:
            async with HubClient(hub.url, hub.tokens["admin"]) as admin:
                await admin.approve(code)

        run(qtbot, qloop, approve())
        wait_for(qtbot, lambda: model.screen is Screen.HOME, timeout=20)
        saved = json.loads((state_dir / "credentials.json").read_text())
        assert saved["role"] == "kiosk" and saved["hub_url"] == hub.url
        assert (state_dir / "credentials.json").stat().st_mode & 0o077 == 0
    finally:
        if window is not None:
            window.close()
        if model is not None:
            run(qtbot, qloop, model.stop())
        hub.stop()


async def test_revoked_kiosk_asks_to_be_paired_again(hub: HubProcess, tmp_path: Path) -> None:
    model = await start_kiosk(hub, tmp_path / "kiosk", None)
    try:
        await until(lambda: model.screen is Screen.HOME, "home screen")
        async with HubClient(hub.url, hub.tokens["admin"]) as admin:
            token = next(t for t in await admin.tokens() if t.name == "test kiosk")
            await admin.revoke_token(token.id)
        await until(lambda: model.screen is Screen.PAIRING, "the pairing screen", timeout=20)
        assert model.view.pairing_code is not None
        assert model.request_ticket("general") is False
    finally:
        await model.stop()
