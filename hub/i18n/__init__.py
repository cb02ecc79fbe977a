"""Translation for every user-facing text: apps, printed tickets and spoken announcements."""

from hub.i18n.translations import (
    LANGUAGE_NAMES,
    SOURCE_LANGUAGE,
    Translator,
    catalogs,
    compile_catalog,
    translation,
)

__all__ = [
    "LANGUAGE_NAMES",
    "SOURCE_LANGUAGE",
    "Translator",
    "catalogs",
    "compile_catalog",
    "translation",
]
