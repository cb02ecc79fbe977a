"""Every gettext catalog in the tree compiles, is current, and covers its languages."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from hub.i18n import catalogs, compile_catalog

ROOT = Path(__file__).resolve().parents[3]
LOCALE_DIRS = [p for p in (ROOT / name / "locale" for name in
                           ("hub", "kiosk", "display", "counter")) if p.is_dir()]
ALL_PO = [po for d in LOCALE_DIRS for po in catalogs(d)]


NEEDS_MSGFMT = pytest.mark.skipif(shutil.which("msgfmt") is None,
                                  reason="needs GNU gettext (make installs it)")


@NEEDS_MSGFMT
@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalog_is_current(po: Path, tmp_path: Path) -> None:
    fresh = compile_catalog(po, tmp_path / "fresh.mo")
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"run 'make i18n': {committed} missing"
    with committed.open("rb") as a, fresh.open("rb") as b:
        ours, theirs = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert ours._catalog == theirs._catalog, f"run 'make i18n': {committed} is stale"


@NEEDS_MSGFMT
@pytest.mark.parametrize("po", ALL_PO, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated(po: Path) -> None:
    # A message left untranslated would reach a visitor in English.
    run = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
                         capture_output=True, text=True, check=True)
    assert "untranslated" not in run.stderr, f"{po}: {run.stderr.strip()}"
    assert "fuzzy" not in run.stderr, f"{po}: {run.stderr.strip()}"
