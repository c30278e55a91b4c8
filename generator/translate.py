"""Stage 4: translation and locale formatting.

The source language is zh-Hans: message ids in Python, templates and YAML are Simplified
Chinese. Other languages come from two gettext catalogs per language, maintained with Babel:
`messages` (the interface: templates and the generator's own messages) and `content`
(every translatable string of the YAML, extracted by generator/extract.py).

Catalogs are read from the PO files directly, fuzzy entries left out (as `pybabel compile`
does). A message the catalog lacks, or has only as fuzzy (its source changed), falls back to
the source text, and the fallback is recorded so that the page can say the translation is
pending instead of passing the source off as a translation.
"""
from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations
from babel.units import format_unit

from .config import LOCALES_DIR, SOURCE_LANGUAGE

if TYPE_CHECKING:  # resolve imports this module for its messages
    from .resolve import Site

DOMAINS = ("messages", "content")


class Untranslated(str):
    """Source text standing in for a missing or outdated translation."""


_pending: ContextVar[set[str] | None] = ContextVar("pending", default=None)


@contextmanager
def recording_pending() -> Iterator[set[str]]:
    """Collect the source texts shown for want of a translation while rendering one page."""
    found: set[str] = set()
    token = _pending.set(found)
    try:
        yield found
    finally:
        _pending.reset(token)


def note_pending(message: str) -> None:
    found = _pending.get()
    if found is not None:
        found.add(message)


class _SourceFallback(NullTranslations):
    """Asked only for messages the catalog lacks: answers with the source, and says so."""

    def gettext(self, message: str) -> str:
        note_pending(message)
        return Untranslated(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        note_pending(singular)
        return Untranslated(singular if n == 1 else plural)


class CatalogMissing(Exception):
    pass


def locale_id(language: str) -> str:
    """`zh-Hans` (BCP 47, used in URLs and lang attributes) -> `zh_Hans` (CLDR, catalog folders)."""
    return str(Locale.parse(language, sep="-"))


def catalog_path(language: str, domain: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / locale_id(language) / "LC_MESSAGES" / f"{domain}.po"


def load_translations(language: str, domain: str, locales_dir: Path = LOCALES_DIR) -> _gettext.NullTranslations:
    """The catalog of `domain` for `language`; the source language needs none.

    Babel's `Translations.load` silently falls back to no translation when a catalog is
    missing, so its presence is checked here instead."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    po = catalog_path(language, domain, locales_dir)
    if not po.is_file():
        raise CatalogMissing(f"{po}: no {domain} catalog for {language} (run `make messages`)")
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=locale_id(language), domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    translations = Translations(compiled, domain=domain)
    translations.add_fallback(_SourceFallback())
    return translations


_active: _gettext.NullTranslations = NullTranslations()


def _(message: str) -> str:
    """Translate a message of the generator itself (validation messages, CLI output)."""
    return str(_active.gettext(message))


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it with _() where used."""
    return message


def activate(language: str, locales_dir: Path = LOCALES_DIR) -> None:
    """Speak `language` in the generator's own messages (e.g. `guidesite validate --lang en`)."""
    global _active
    _active = load_translations(language, "messages", locales_dir)


def text_direction(language: str) -> str:
    """"ltr" or "rtl", from CLDR."""
    return Locale.parse(language, sep="-").text_direction


def language_name(language: str) -> str:
    """The language's own name for itself, as shown in the language switcher."""
    locale = Locale.parse(language, sep="-")
    return locale.get_display_name(locale)


class Formatter:
    """Dates, numbers and money in the reader's locale."""

    def __init__(self, language: str):
        self.locale = Locale.parse(language, sep="-")

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def money(self, amount: float) -> str:
        return format_currency(amount, "CNY", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def file_size(self, size: int) -> str:
        """A download's size in megabytes, one decimal: what a reader on a metered phone needs."""
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", format="#,##0.#",
                           locale=self.locale)


def localize(site: Site, language: str, locales_dir: Path = LOCALES_DIR) -> Site:
    """The site with every translatable string of the YAML in `language` (pending ones as
    `Untranslated` source text), resolved again so that every page sees the same objects."""
    from .content_strings import translated
    from .resolve import build_site

    if language == SOURCE_LANGUAGE:
        return site
    content = load_translations(language, "content", locales_dir)
    cache: dict[str, str] = {}

    def translate(text: str) -> str:
        if text not in cache:
            cache[text] = content.gettext(text)
        return cache[text]

    def each(registry: dict) -> dict:
        return {key: translated(obj, translate) for key, obj in registry.items()}

    return build_site(each(site.laws), each(site.materials), each(site.channels), each(site.guides),
                      each(site.journeys), each(site.provinces))
