"""The home screen with a big office (eight services, long names) at every supported size.

No hub needed: the model is fed a snapshot as the hub would send it. Checks what breaks
first on a small portrait screen: buttons under 20 mm, buttons off the screen or on top of
each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect

from hub.api.schemas import ServiceView, StateView
from hub.client import ConnectionState, Snapshot
from kiosk.app import Launch, make_model
from kiosk.ui.theme import touch_min_px
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow
from kiosk.view import Screen
from tests.kiosk.harness import kiosk_config
from tests.kiosk.qt import run, shoot

NAMES = [
    ("Passports and identity documents", "护照及身份证件", "Паспорта и удостоверения личности"),
    ("Pensions", "养老金", "Пенсии"),
    ("Vehicle registration", "车辆登记", "Регистрация транспортных средств"),
    ("Payments", "缴费", "Платежи"),
    ("Housing and utilities", "住房及公用事业", "Жилищно-коммунальные услуги"),
    ("Certificates", "证明开具", "Справки"),
    ("Consultations", "咨询", "Консультации"),
    ("Business registration", "企业登记", "Регистрация предпринимателей"),
]


def _office() -> StateView:
    services = [ServiceView(id=f"s{i}", prefix=chr(65 + i), names=dict(zip(
        ("en", "zh", "ru"), names, strict=True)), target_wait_s=600, priority_allowed=i % 3 != 2,
        waiting=i * 7, estimated_wait_s=None if i == 0 else i * 400)
        for i, names in enumerate(NAMES)]
    return StateView(seq=1, hub_id="h", site="Центр госуслуг «Мои документы»",
                     business_day="2026-03-05", languages=["en", "zh", "ru"],
                     priorities=["normal", "priority"], services=services, counters=[],
                     waiting=[], recent_calls=[])


@pytest.mark.parametrize("size", [(768, 1024), (1024, 768), (1280, 800), (1920, 1080)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_eight_services_fit_without_scrolling(qtbot: Any, qloop: Any, tmp_path: Path,
                                              artifacts_dir: Path, size: tuple[int, int]
                                              ) -> None:
    model = make_model(Launch(config=kiosk_config(), state_dir=tmp_path))
    model.link.hub = ConnectionState.CONNECTED
    model.on_item(Snapshot(_office()))
    window = KioskWindow(model)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    try:
        assert model.screen is Screen.HOME
        touch = touch_min_px(window)
        for language in ("en", "zh", "ru"):
            model.set_language(language)
            qtbot.wait(30)
            shoot(window, artifacts_dir, f"{language}-home")
            inside = window.home.rect()
            boxes: list[QRect] = []
            for button in window.home.findChildren(TouchButton):
                assert button.isVisible()
                box = QRect(button.mapTo(window.home, button.rect().topLeft()), button.size())
                assert min(box.width(), box.height()) >= touch, (button.title, box)
                assert inside.contains(box), (button.title, box, inside)
                assert not any(box.intersects(other) for other in boxes), button.title
                boxes.append(box)
            assert len(boxes) == 8 + 6 + 3  # services, priority buttons, languages
    finally:
        window.close()
        run(qtbot, qloop, model.stop())
