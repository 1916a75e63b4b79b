"""English and Spanish through gettext catalogs.

The catalogs are the ``.po`` files under ``openler/locale``; they are compiled in memory at
start-up (with Babel), so that no generated binary file lives in the repository.
"""

from __future__ import annotations

import gettext
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from openler.config import LANGUAGES

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

_current: ContextVar[str] = ContextVar("openler_language", default="en")


@cache
def translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(language: str) -> None:
    _current.set(language if language in LANGUAGES else "en")


def current_language() -> str:
    return _current.get()


def gettext_(message: str) -> str:
    return translations(current_language()).gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def negotiate(cookie: str | None, accept_language: str | None, default: str) -> str:
    """The visitor's choice (cookie), else their browser's preference, else the default."""
    if cookie in LANGUAGES:
        assert cookie is not None
        return cookie
    if accept_language:
        weighted = []
        for part in accept_language.split(","):
            tag, _, q = part.strip().partition(";q=")
            try:
                weight = float(q) if q else 1.0
            except ValueError:
                continue
            weighted.append((weight, tag.split("-")[0].lower()))
        for _, tag in sorted(weighted, reverse=True):
            if tag in LANGUAGES:
                return tag
    return default
