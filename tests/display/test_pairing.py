"""A new display pairs itself: it shows its code, an admin approves it with a zone; revoked,
it pairs again."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display.ui.app import DisplayApp
from hub.client import ConnectionState, CredentialStore, HubClient, pair_device
from tests.display.live import (
    Spoken,
    app_options,
    call_next,
    issue,
    open_counters,
    run_display,
    until,
)
from tests.display.screen_checks import label_problems
from tests.support.hub_process import HubProcess


def test_pairing_with_a_zone(qapp: QApplication, hub: HubProcess, tmp_path: Path,
                             artifacts_dir: Path) -> None:
    spoken = Spoken()

    async def scenario(app: DisplayApp) -> dict[str, object]:
        spoken.attach(app)
        window = app.window
        await until(lambda: app.model.pairing_code is not None, what="a pairing code")
        code = app.model.pairing_code
        assert code is not None
        await until(lambda: window.currentWidget() is window.pairing, what="pairing page")
        shown = window.pairing.code.text()
        window.grab().save(str(artifacts_dir / "pairing-live.png"))
        problems = label_problems(window)
        async with HubClient(hub.url, hub.tokens["admin"]) as admin:
            await admin.approve(code, zone="counters=counter-2")
        await until(lambda: app.model.connection is ConnectionState.CONNECTED, timeout=15,
                    what="connected")
        await until(lambda: window.currentWidget() is window.board, what="board page")
        await until(lambda: bool(app.model.board.zone.counters), what="zone applied")
        saved = json.loads((tmp_path / "state" / "credentials.json").read_text())
        assert saved["zone"] == "counters=counter-2" and saved["role"] == "display"
        await open_counters(hub, 1, 2)
        await issue(hub, "general", 2)
        first, second = await call_next(hub, 1), await call_next(hub, 2)
        await until(lambda: spoken.numbers() == [second], what="our zone's call announced")
        await asyncio.sleep(0.5)
        numbers = [n.text() for n in window.board.calls.numbers]

        # Removed from the hub: the display forgets its token and asks to pair again.
        async with HubClient(hub.url, hub.tokens["admin"]) as admin:
            token = next(t for t in await admin.tokens()
                         if t.role == "display" and t.zone == "counters=counter-2")
            await admin.revoke_token(token.id)
        await until(lambda: app.model.pairing_code not in (None, code), timeout=20,
                    what="a new pairing code")
        await until(lambda: window.currentWidget() is window.pairing, what="pairing again")
        forgotten = not (tmp_path / "state" / "credentials.json").exists()
        return {"code": code, "shown": shown, "problems": problems, "numbers": numbers,
                "first": first, "second": second, "forgotten": forgotten}

    result = run_display(qapp, app_options(hub.url, tmp_path, token=None), scenario)
    code = str(result["code"])
    assert len(code) == 6 and code.isdigit()
    assert result["shown"] == f"{code[:3]} {code[3:]}"
    assert result["problems"] == []
    assert result["numbers"] == [result["second"], "", "", ""]  # counter 1 is not ours
    assert spoken.numbers("started") == [result["second"]]
    assert result["forgotten"]  # the revoked token is gone from disk


def test_a_zoned_display_restarting_announces_only_its_zone(
        qapp: QApplication, hub: HubProcess, tmp_path: Path) -> None:
    """The zone from pairing is in force before the first snapshot is judged."""
    spoken = Spoken()

    async def paired_earlier_and_office_busy() -> None:
        store = CredentialStore(tmp_path / "state")
        async with (HubClient(hub.url, None) as anonymous,
                    HubClient(hub.url, hub.tokens["admin"]) as admin):
            async def approve(ticket: object) -> None:
                await admin.approve(ticket.code, zone="counters=counter-2")  # type: ignore[attr-defined]

            await pair_device(anonymous, store, kind="display", name="Hall B", on_code=approve)
        await open_counters(hub, 1, 2)
        await issue(hub, "general", 2)
        await call_next(hub, 1)
        await call_next(hub, 2)  # both just now: fresh

    asyncio.run(paired_earlier_and_office_busy())

    async def scenario(app: DisplayApp) -> list[str]:
        spoken.attach(app)
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await until(lambda: spoken.numbers() == ["A002"], what="our zone's call")
        await asyncio.sleep(1.0)
        return [n.text() for n in app.window.board.calls.numbers]

    shown = run_display(qapp, app_options(hub.url, tmp_path, token=None), scenario)
    assert shown == ["A002", "", "", ""]
    assert spoken.numbers("started") == ["A002"]  # A001 (counter 1) is another zone's
