"""Offscreen screenshots at 1920x1080, 1280x720 and 1080x1920 in English, Chinese, Russian.

Saved under test-output/ for a person to look at; checked here for what a person would
notice: text cut off, texts on top of each other, Chinese as empty boxes, a lit row that is
not lit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import weakref
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from display.config import DisplayConfig, load_config
from display.model import DisplayModel
from display.theme import DEFAULT
from display.ui.window import DisplayWindow
from hub.client import Snapshot
from tests.display.helpers import T0, busy_office
from tests.display.screen_checks import label_problems, shown_labels

SIZES = [(1920, 1080), (1280, 720), (1080, 1920)]
LANGS = ["en", "zh", "ru"]
NOTICE = {"en": "Please have your passport or ID card ready.",
          "zh": "请准备好护照或身份证。",
          "ru": "Пожалуйста, приготовьте паспорт."}
SAMPLE_CHARS = {"zh": "窗", "ru": "Т", "en": "T"}


def screen_config(lang: str) -> DisplayConfig:
    cfg = load_config()
    return dataclasses.replace(cfg, screen=dataclasses.replace(
        cfg.screen, language=lang, notice=NOTICE))


def show(qtbot: QtBot, model: DisplayModel, size: tuple[int, int]) -> DisplayWindow:
    window = DisplayWindow(model, now=lambda: dt.datetime(2026, 11, 23, 14, 5))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def busy_model(lang: str) -> DisplayModel:
    model = DisplayModel(screen_config(lang), clock=lambda: T0 + 5)
    model.apply(Snapshot(busy_office()))
    model.set_connection("connected")
    return model


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_board(qtbot: QtBot, artifacts_dir: Path, lang: str, size: tuple[int, int]) -> None:
    model = busy_model(lang)
    newest = model.board.now_calling(4)[0]
    model.announcement_started(newest)  # A042 is being announced: its row is lit
    window = show(qtbot, model, size)
    image = window.grab().toImage()
    image.save(str(artifacts_dir / f"board-{lang}-{size[0]}x{size[1]}.png"))
    assert (image.width(), image.height()) == size

    assert label_problems(window) == []
    texts = {w.objectName(): w.text() for w in shown_labels(window)}
    assert texts["call_number_0"] == "A042" and texts["call_counter_0"] == "3"
    assert texts["call_number_3"] == "A041" and "A040" in texts["history_0"]
    # The service names and the headings are in the screen's language.
    assert texts["service_0"] == {"en": "General enquiries", "zh": "综合业务",
                                  "ru": "Общие вопросы"}[lang]
    heading = window.findChild(QLabel, "head_counter")
    assert heading is not None
    assert QFontMetrics(heading.font()).inFontUcs4(ord(SAMPLE_CHARS[lang]))
    # The announced row is amber; the next one is not.
    row0 = window.board.calls.frames[0].geometry()
    row1 = window.board.calls.frames[1].geometry()
    probe = row0.right() - row0.width() // 3
    assert image.pixelColor(probe, row0.center().y()) == QColor(DEFAULT.highlight)
    assert image.pixelColor(probe, row1.center().y()) == QColor(DEFAULT.panel)
    # The called numbers are the biggest thing on the wall.
    number = window.board.calls.numbers[0].font().pixelSize()
    assert number >= 0.12 * min(size)
    # The notice line: short notices stand still and fit.
    ticker = window.board.ticker
    assert ticker.text.startswith(NOTICE[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_reconnecting_keeps_the_board_with_a_discreet_mark(
        qtbot: QtBot, artifacts_dir: Path, lang: str) -> None:
    model = busy_model(lang)
    window = show(qtbot, model, (1920, 1080))
    status = window.findChild(QLabel, "status")
    assert status is not None and status.text() == ""
    model.set_connection("reconnecting")
    window.grab().save(str(artifacts_dir / f"reconnecting-{lang}.png"))
    assert status.isVisible() and status.text().startswith("● ")
    assert window.board.calls.numbers[0].text() == "A042"  # last state kept
    # Discreet: a small line in the header, far smaller than the numbers.
    assert status.font().pixelSize() < window.board.calls.numbers[0].font().pixelSize() / 5
    assert label_problems(window) == []
    model.set_connection("connected")
    assert status.text() == ""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_pairing_code(qtbot: QtBot, artifacts_dir: Path, lang: str, size: tuple[int, int]
                      ) -> None:
    model = DisplayModel(screen_config(lang))
    model.set_pairing_code("482913")
    model.set_connection("pairing")
    window = show(qtbot, model, size)
    assert window.currentWidget() is window.pairing
    window.grab().save(str(artifacts_dir / f"pairing-{lang}-{size[0]}x{size[1]}.png"))
    assert label_problems(window) == []
    code = window.pairing.code
    assert code.text() == "482 913"
    assert code.font().pixelSize() >= 0.15 * min(size)
    assert "482913" in window.pairing.command.text()
    model.set_connection("connected")
    assert window.currentWidget() is window.board


def test_before_the_first_snapshot(qtbot: QtBot, artifacts_dir: Path) -> None:
    model = DisplayModel(screen_config("ru"))
    window = show(qtbot, model, (1280, 720))
    window.grab().save(str(artifacts_dir / "connecting-ru.png"))
    message = window.board.message
    assert message.isVisible() and message.text() == "Подключение к серверу очереди…"
    assert label_problems(window) == []
    model.apply(Snapshot(busy_office()))
    assert not message.isVisible()


def test_long_texts_shrink_instead_of_spilling(qtbot: QtBot, artifacts_dir: Path) -> None:
    cfg = screen_config("ru")
    cfg = dataclasses.replace(cfg, screen=dataclasses.replace(
        cfg.screen, site_name="Многофункциональный центр предоставления государственных и "
                              "муниципальных услуг «Мои документы»"))
    model = DisplayModel(cfg, clock=lambda: T0 + 5)
    state = busy_office()
    state.services[0].names["ru"] = "Консультации по вопросам социального обеспечения"
    state.recent_calls[0].number = "AB1234"
    state.recent_calls[0].counter_number = "12"
    model.apply(Snapshot(state))
    window = show(qtbot, model, (1280, 720))
    window.grab().save(str(artifacts_dir / "long-texts-ru.png"))
    assert label_problems(window) == []
    assert window.board.calls.numbers[0].text() == "AB1234"


def test_scrolling_notice_moves(qtbot: QtBot) -> None:
    cfg = screen_config("en")
    cfg = dataclasses.replace(cfg, screen=dataclasses.replace(
        cfg.screen, notice={"*": "The office closes early on Friday 27 November. " * 4}))
    model = DisplayModel(cfg)
    window = show(qtbot, model, (1280, 720))
    ticker = window.board.ticker
    assert ticker.scrolling
    window.start_timers()
    ticker.set_running(True)
    start = ticker.offset
    qtbot.waitUntil(lambda: ticker.offset < start - 20, timeout=3000)
    window.stop_timers()


def test_logo_before_the_site_name(qtbot: QtBot, artifacts_dir: Path, tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
                    '<circle cx="50" cy="50" r="45" fill="#ffb000"/>'
                    '<text x="50" y="66" font-size="48" text-anchor="middle" '
                    'fill="#000">NS</text></svg>')
    cfg = screen_config("zh")
    cfg = dataclasses.replace(cfg, screen=dataclasses.replace(cfg.screen, logo=str(logo),
                                                              site_name="城东政务服务中心"))
    model = DisplayModel(cfg, clock=lambda: T0 + 5)
    model.apply(Snapshot(busy_office()))
    window = show(qtbot, model, (1920, 1080))
    window.grab().save(str(artifacts_dir / "logo-zh.png"))
    header = window.board.header
    assert header.has_logo and not header.logo.pixmap().isNull()
    assert header.site.text() == "城东政务服务中心"
    assert header.site.geometry().left() > header.logo.geometry().right()
    assert label_problems(window) == []


@pytest.mark.parametrize("size", [(1366, 768), (2560, 1440), (3840, 2160), (720, 1280),
                                  (2160, 3840)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_text_fits_at_every_size(qtbot: QtBot, lang: str, size: tuple[int, int]) -> None:
    model = busy_model(lang)
    model.announcement_started(model.board.now_calling(4)[0])
    model.set_connection("reconnecting")  # the status line shows too
    window = show(qtbot, model, size)
    assert label_problems(window) == []
    assert window.board.calls.numbers[0].font().pixelSize() >= 0.12 * min(size)


def test_the_model_does_not_keep_its_window_alive(qtbot: QtBot) -> None:
    """A window must die when its owner drops it, not when the garbage collector runs.

    Held only through a reference cycle, a window was destroyed by a collection that
    happened to run inside its own paint event: a segfault.
    """
    model = busy_model("en")
    window = DisplayWindow(model)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    gone = weakref.ref(window)
    gc.disable()
    try:
        del window
        assert gone() is None
    finally:
        gc.enable()
    model.set_connection("reconnecting")  # the model carries on without its view
