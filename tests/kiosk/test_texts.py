"""What the kiosk says, in three languages: waits, plurals, dates; every text translated."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.texts import Texts, pick_name

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "kiosk" / "locale"


@pytest.mark.parametrize(("seconds", "en", "zh", "ru"), [
    (None, None, None, None),
    (20, "less than a minute", "不到一分钟", "меньше минуты"),
    (60, "about 1 minute", "约 1 分钟", "около 1 минуты"),
    (61, "about 2 minutes", "约 2 分钟", "около 2 минут"),
    (5 * 60, "about 5 minutes", "约 5 分钟", "около 5 минут"),
    (21 * 60, "about 25 minutes", "约 25 分钟", "около 25 минут"),  # rounded up to 5
    (60 * 60, "about 1 hour", "约 1 小时", "около 1 часа"),
    (2 * 3600, "about 2 hours", "约 2 小时", "около 2 часов"),
    (85 * 60, "about 1 h 25 min", "约 1 小时 25 分钟", "около 1 ч 25 мин"),
])
def test_waits(seconds: int | None, en: str, zh: str, ru: str) -> None:
    assert [Texts(lang).wait(seconds) for lang in ("en", "zh", "ru")] == [en, zh, ru]


@pytest.mark.parametrize(("count", "ru"), [
    (1, "Перед вами 1 человек"), (2, "Перед вами 2 человека"), (4, "Перед вами 4 человека"),
    (5, "Перед вами 5 человек"), (11, "Перед вами 11 человек"), (12, "Перед вами 12 человек"),
    (21, "Перед вами 21 человек"), (22, "Перед вами 22 человека"),
])
def test_russian_plurals(count: int, ru: str) -> None:
    assert Texts("ru").people_ahead(count) == ru


def test_people_and_waits_in_each_language() -> None:
    en, zh, ru = Texts("en"), Texts("zh"), Texts("ru")
    assert [t.people_ahead(0) for t in (en, zh, ru)] == ["You are next", "下一位就是您",
                                                         "Вы следующий"]
    assert en.people_ahead(1) == "1 person ahead of you"
    assert zh.people_ahead(3) == "您前面还有 3 人"
    assert [t.waiting(3) for t in (en, zh, ru)] == ["3 people waiting", "3 人等候",
                                                    "В очереди 3 человека"]
    assert ru.waiting(0) == "Очереди нет"
    assert ru.estimated_wait(None) == "Вас вызовут, как только откроется окно"
    assert zh.estimated_wait(300) == "预计等候：约 5 分钟"
    assert en.service_wait(300) == "wait about 5 minutes" and en.service_wait(None) == ""


def test_dates_as_people_write_them() -> None:
    moment = datetime(2025, 3, 4, 9, 5)
    assert Texts("en").issued_at(moment) == "Issued 4 Mar 2025, 09:05"
    assert Texts("zh").issued_at(moment) == "取号时间：2025年3月4日 09:05"
    assert Texts("ru").issued_at(moment) == "Талон выдан 04.03.2025 09:05"


def test_service_names_fall_back_sensibly() -> None:
    names = {"en": "Payments", "zh": "缴费"}
    assert pick_name(names, "zh", "payments") == "缴费"
    assert pick_name(names, "zh-TW", "payments") == "缴费"
    assert pick_name(names, "ru", "payments") == "Payments"
    assert pick_name({}, "ru", "payments") == "payments"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_every_text_in_the_code_is_in_every_catalog(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "kiosk").rglob("*.py"))
    pot = tmp_path / "kiosk.pot"
    subprocess.run(["xgettext", "--language=Python", "--from-code=UTF-8", "--keyword=_",
                    "--keyword=n_:1,2", "--keyword=p_:1c,2", "-o", str(pot), *sources],
                   check=True)
    in_code = _msgids(pot)
    assert len(in_code) > 80
    for language in ("en", "zh", "ru"):
        in_catalog = _msgids(LOCALE / language / "LC_MESSAGES" / "kiosk.po")
        missing = in_code - in_catalog
        assert not missing, f"{language}: not in the catalog (update it): {sorted(missing)}"


def _msgids(po: Path) -> set[str]:
    """(context, msgid) pairs of a .po/.pot file, read with msgcat's one-line output."""
    text = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(po)],
                          capture_output=True, text=True, check=True).stdout
    found: set[str] = set()
    context = ""
    for line in text.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:]
        elif line.startswith("msgid ") and line != 'msgid ""':
            found.add(f"{context}|{line[6:]}")
            context = ""
    return found
