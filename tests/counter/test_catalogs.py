"""The counter's catalogs hold exactly the sentences the code shows (no forgotten string)."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from counter.texts import LOCALEDIR, translator

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(str(p) for p in (ROOT / "counter").rglob("*.py"))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
@pytest.mark.parametrize("language", ["en", "zh", "ru"])
def test_catalog_matches_the_source(language: str, tmp_path: Path) -> None:
    pot = tmp_path / "counter.pot"
    subprocess.run(["xgettext", "--language=Python", "--keyword=_", "--from-code=UTF-8",
                    "-o", str(pot), *SOURCES], check=True)
    wanted = _ids(pot)
    mo = LOCALEDIR / language / "LC_MESSAGES" / "counter.mo"
    with mo.open("rb") as handle:
        have = set(gettext.GNUTranslations(handle)._catalog) - {""}
    assert wanted == have


def _ids(pot: Path) -> set[str]:
    text = pot.read_text(encoding="utf-8")
    ids: set[str] = set()
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        parts: list[str] = []
        taking = False
        for line in lines:
            if line.startswith("msgid "):
                taking, parts = True, [line[6:]]
            elif line.startswith("msgstr"):
                taking = False
            elif taking and line.startswith('"'):
                parts.append(line)
        value = "".join(p.strip()[1:-1] for p in parts)
        value = value.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if value:
            ids.add(value)
    return ids


def test_clerk_vocabulary() -> None:
    zh, ru = translator("zh")._, translator("ru")._
    assert [zh(w) for w in ("Call next", "Recall", "No-show", "Transfer", "Pause")] == [
        "叫号", "重呼", "过号", "转移", "暂停"]
    assert [ru(w) for w in ("Call next", "Recall", "No-show", "Transfer", "Pause")] == [
        "Вызвать", "Повторить", "Неявка", "Перевести", "Перерыв"]
