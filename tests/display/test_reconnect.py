"""Network glitches and restarts: the screen stays right, and old calls are not announced.

The display reaches the hub through a TCP forwarder the test can cut, so calls can happen
while the display is away, deterministically.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display.board import Board
from display.ui.app import DisplayApp
from hub.client import HubClient
from tests.display.live import (
    Spoken,
    TcpCut,
    app_options,
    call_next,
    display_config,
    issue,
    open_counters,
    run_display,
    until,
)
from tests.support.hub_process import HubProcess

STALE_S = 2.0


async def hub_board(hub: HubProcess) -> Board:
    """The board a display would draw from the hub's own /state right now."""
    async with HubClient(hub.url, hub.tokens["admin"]) as admin:
        board = Board()
        board.load(await admin.state())
        return board


def same_board(ours: Board, theirs: Board) -> bool:
    return (ours.seq == theirs.seq
            and [(c.number, c.counter_number, c.recall) for c in ours.calls()]
            == [(c.number, c.counter_number, c.recall) for c in theirs.calls()]
            and [(x.id, x.waiting) for x in ours.waiting_lines()]
            == [(x.id, x.waiting) for x in theirs.waiting_lines()])


def test_hub_restarted_mid_day_while_calls_went_on(
        qapp: QApplication, hub: HubProcess, tmp_path: Path) -> None:
    spoken = Spoken()
    seen: dict[str, object] = {}

    async def scenario(app: DisplayApp) -> None:
        spoken.attach(app)
        status = app.window.board.header.status
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await open_counters(hub, 1, 2)
        await issue(hub, "general", 4)
        assert await call_next(hub, 1) == "A001"
        await until(lambda: spoken.numbers() == ["A001"], what="A001 announced")

        hub.kill()  # power cut at the hub
        await until(lambda: status.text() != "", what="reconnecting mark")
        seen["mark"] = status.text()
        assert app.window.board.calls.numbers[0].text() == "A001"  # last state kept
        await cut.cut()  # and the display stays cut off while the office goes on
        hub.start()
        assert await call_next(hub, 2) == "A002"
        assert await call_next(hub, 1) == "A003"
        await asyncio.sleep(STALE_S + 0.5)  # those calls are old news now
        await cut.start()

        theirs = await hub_board(hub)
        await until(lambda: same_board(app.model.board, theirs), timeout=30,
                    what="display state equals the hub's")
        await until(lambda: status.text() == "", what="mark cleared")
        await asyncio.sleep(1.0)  # give a wrong announcement the chance to happen
        seen["after_resync"] = spoken.numbers("started")
        shown = [n.text() for n in app.window.board.calls.numbers]
        seen["shown"] = shown

        await issue(hub, "general")
        assert await call_next(hub, 2) == "A004"  # live again: announced
        await until(lambda: spoken.numbers() == ["A001", "A004"], what="A004 announced")

    cut = TcpCut(hub.port)
    options = app_options(cut.url, tmp_path, token=hub.tokens["display"],
                          config=display_config(stale_after_s=STALE_S))
    run_display(qapp, options, scenario, around=cut)

    assert seen["mark"].startswith("● ")  # type: ignore[union-attr]
    assert seen["after_resync"] == ["A001"]  # A002, A003: shown, not announced
    assert seen["shown"][:2] == ["A003", "A002"]  # type: ignore[index]
    assert spoken.numbers("started") == ["A001", "A004"]
    assert len(list((tmp_path / "wav").glob("*.wav"))) == 2


def test_display_restarted_mid_day_says_only_the_fresh_call(
        qapp: QApplication, hub: HubProcess, tmp_path: Path) -> None:
    """A display switched on mid-day shows the day so far and announces only what is new."""
    spoken = Spoken()

    async def office_before_the_display() -> None:
        await open_counters(hub, 1, 2, 3)
        await issue(hub, "general", 3)
        for counter in (1, 2):
            await call_next(hub, counter)
        await asyncio.sleep(STALE_S + 0.5)
        await call_next(hub, 1)  # A003 to counter 1, just now (A001 there is overtaken)

    asyncio.run(office_before_the_display())

    async def scenario(app: DisplayApp) -> list[str]:
        spoken.attach(app)
        await until(lambda: app.model.board.loaded, what="first snapshot")
        await until(lambda: spoken.numbers() == ["A003"], what="A003 announced")
        await asyncio.sleep(1.0)
        theirs = await hub_board(hub)
        assert same_board(app.model.board, theirs)
        return [n.text() for n in app.window.board.calls.numbers]

    options = app_options(hub.url, tmp_path, token=hub.tokens["display"],
                          config=display_config(stale_after_s=STALE_S))
    shown = run_display(qapp, options, scenario)
    assert shown[:2] == ["A003", "A002"]
    assert spoken.numbers("started") == ["A003"]  # A001, A002 are shown, not said
