"""Locale data from CLDR (Babel): text direction, language names, and dates, numbers and money
formatted the way each reader's language writes them."""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit


def text_direction(language: str) -> str:
    """ "ltr" or "rtl", from CLDR."""
    return Locale.parse(language, sep="-").text_direction


def written_in_chinese(language: str) -> bool:
    """The language is a Chinese one (zh-Hans, zh-Hant): Chinese words in it need no mark."""
    return Locale.parse(language, sep="-").language == "zh"


def language_name(language: str) -> str:
    """The language's own name for itself, as shown in the language switcher."""
    locale = Locale.parse(language, sep="-")
    return locale.get_display_name(locale) or language


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
        return format_unit(
            round(size / 1_000_000, 1), "digital-megabyte", length="short", format="#,##0.#", locale=self.locale
        )
