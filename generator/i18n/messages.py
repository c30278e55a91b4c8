"""The i18n primitives every module uses: `_`/`N_` for the generator's own messages, the
catalogs as gettext translations, and the record of text shown for want of a translation.

The source language is zh-Hans: message ids in Python, templates and YAML are Simplified
Chinese. Other languages come from two gettext catalogs per language, maintained with Babel:
`messages` (the interface: templates and the generator's own messages) and `content` (every
translatable string of the YAML). Catalogs are read from the PO files directly, fuzzy entries
left out (as `pybabel compile` does), and parsed once per process for as long as the file is
unchanged. A message the catalog lacks, or has only as fuzzy (its source changed), falls back to
the source text, and the fallback is recorded so that the page can say the translation is
pending instead of passing the source off as a translation. zh-Hant never waits: what its
catalog lacks is converted from the source on the spot, as `make messages` would (`hant`).

A leaf module: it imports nothing of the generator but its configuration and the zh-Hant
conversion (itself a leaf).
"""

from __future__ import annotations

import functools
import gettext as _gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..config import LOCALES_DIR, SOURCE_LANGUAGE
from ..errors import InputError
from .hant import LANGUAGE as CONVERTED_LANGUAGE
from .hant import to_hant

DOMAINS = ("messages", "content")


class Untranslated(str):
    """Source text standing in for a missing or outdated translation."""

    __slots__ = ()


class KeepsChinese(str):
    """A translation that keeps Chinese words, such as an office's or an app's official name
    given for the counter ("Zheliban (浙里办)"): the pages mark each run of Chinese as such."""

    __slots__ = ()


# A run of Chinese characters (digits inside or after belong to it: 掌上12333).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CHINESE_RUN = re.compile(f"[{_HAN}](?:[{_HAN}0-9·]*[{_HAN}0-9])?")


_pending: ContextVar[set[str] | None] = ContextVar("pending", default=None)


@contextmanager
def recording_pending() -> Iterator[set[str]]:
    """Collect the source texts shown for want of a translation while rendering one document."""
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


class _Converted(NullTranslations):
    """zh-Hant the catalog lacks (a new or changed source): converted now, so that an editor's
    change reads in traditional characters at once. Not a pending translation: the catalog's own
    converted entries are not reviewed either (flag `opencc`); `i18n-status --list` lists these."""

    def gettext(self, message: str) -> str:
        return to_hant(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return to_hant(singular if n == 1 else plural)


class CatalogMissing(InputError):
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
    try:
        stat = po.stat()
    except FileNotFoundError:
        raise CatalogMissing(f"{po}: no {domain} catalog for {language} (run `make messages`)") from None
    return _compiled(po, language, domain, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _compiled(po: Path, language: str, domain: str, _mtime: int, _size: int) -> _gettext.NullTranslations:
    """One parse per catalog file and version (`_mtime`, `_size`: a changed file is read again)."""
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=locale_id(language), domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    translations = Translations(compiled, domain=domain)
    translations.add_fallback(_Converted() if language == CONVERTED_LANGUAGE else _SourceFallback())
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
