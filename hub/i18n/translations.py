"""Gettext catalogs: one mechanism for every user-facing text.

Each part of the product keeps its own catalog domain beside its code
(`kiosk/locale/<lang>/LC_MESSAGES/kiosk.po`, ...), compiled to `.mo` with GNU `msgfmt`
(`make i18n`; a test checks the compiled files are current). English is the source
language: a string with no translation shows in English rather than not at all.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

SOURCE_LANGUAGE = "en"
# How each language names itself, for language switches.
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "ru": "Русский"}


@lru_cache(maxsize=64)
def translation(domain: str, localedir: str, language: str) -> gettext.NullTranslations:
    """The catalog of `domain` for `language` (English fallback when it has none)."""
    return gettext.translation(domain, localedir, languages=[language, SOURCE_LANGUAGE],
                               fallback=True)


class Translator:
    """Translates one domain into one language; `_` is the usual short name."""

    def __init__(self, domain: str, localedir: Path, language: str) -> None:
        self.domain = domain
        self.language = language
        self._t = translation(domain, str(localedir), language)

    def _(self, message: str) -> str:
        """The translation of `message`."""
        return self._t.gettext(message)

    def n_(self, singular: str, plural: str, n: int) -> str:
        """The translation of a message with a count (Russian has three plural forms)."""
        return self._t.ngettext(singular, plural, n)

    def p_(self, context: str, message: str) -> str:
        """The translation of `message` in `context` (e.g. a button vs. a heading)."""
        return self._t.pgettext(context, message)


def catalogs(localedir: Path) -> list[Path]:
    """Every `.po` file below `localedir`."""
    return sorted(localedir.glob("*/LC_MESSAGES/*.po"))


def compile_catalog(po: Path, mo: Path | None = None) -> Path:
    """Compile one `.po` to `.mo` with GNU msgfmt (checking formats and plurals)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise RuntimeError("msgfmt not found: install the 'gettext' package")
    target = mo or po.with_suffix(".mo")
    subprocess.run([msgfmt, "--check", "-o", str(target), str(po)], check=True)
    return target
