"""Stage 4: translation and locale formatting.

The source language is zh-Hans: message ids in Python and templates are Simplified Chinese
and show as they are. Other languages come from gettext catalogs in `locales/` (Babel).
"""
from __future__ import annotations

import gettext as _gettext
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from .config import LOCALES_DIR, SOURCE_LANGUAGE

_active: _gettext.NullTranslations = NullTranslations()


def _(message: str) -> str:
    """Translate a message of the generator itself (validation messages, CLI output)."""
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it with _() where used."""
    return message


def babel_locale(language: str) -> Locale:
    """`zh-Hans` -> Babel's zh_Hans (BCP 47 tag to CLDR identifier)."""
    return Locale.parse(language, sep="-")


def translations_for(language: str, locales_dir: Path = LOCALES_DIR) -> _gettext.NullTranslations:
    """The catalog for `language`; the source language needs none.

    Babel's `Translations.load` silently falls back to no translation when a catalog is
    missing, so its presence is checked here instead.
    """
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    mo = locales_dir / str(babel_locale(language)) / "LC_MESSAGES" / "messages.mo"
    if not mo.is_file():
        raise FileNotFoundError(f"no compiled catalog for {language}: {mo}")
    with mo.open("rb") as fp:
        return Translations(fp)


def activate(language: str) -> None:
    global _active
    _active = translations_for(language)


class Formatter:
    """Dates, numbers and money in the reader's locale."""

    def __init__(self, language: str):
        self.locale = babel_locale(language)

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def money(self, amount: float) -> str:
        return format_currency(amount, "CNY", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)
