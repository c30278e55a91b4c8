"""Phase 3: localize. The validated content becomes the same content in one language: every
translatable string of the YAML replaced from the content catalog (pending ones as `Untranslated`
source text, which the pages mark and report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import LOCALES_DIR, SOURCE_LANGUAGE
from ..core.sources import Content
from ..core.text_fields import translated
from .messages import load_translations


def localize(content: Content, language: str, locales_dir: Path = LOCALES_DIR) -> Content:
    if language == SOURCE_LANGUAGE:
        return content
    catalog = load_translations(language, "content", locales_dir)
    cache: dict[str, str] = {}

    def translate(text: str) -> str:
        if text not in cache:
            cache[text] = catalog.gettext(text)
        return cache[text]

    def each(registry: dict[str, Any]) -> dict[str, Any]:
        return {key: translated(obj, translate) for key, obj in registry.items()}

    return Content(
        each(content.laws),
        each(content.materials),
        each(content.channels),
        each(content.guides),
        each(content.journeys),
        each(content.provinces),
    )
