"""Phase 3: localize. The validated content becomes the same content in one language: every
translatable string of the YAML replaced from the content catalog (pending ones as `Untranslated`
source text, which the pages mark and report; translations keeping Chinese names as
`KeepsChinese`, whose Chinese the pages mark as such)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import LOCALES_DIR, SOURCE_LANGUAGE
from ..core.sources import Content
from ..core.text_fields import translated
from .locale import written_in_chinese
from .messages import CHINESE_RUN, KeepsChinese, Untranslated, load_translations


def localize(content: Content, language: str, locales_dir: Path = LOCALES_DIR) -> Content:
    if language == SOURCE_LANGUAGE:
        return content
    catalog = load_translations(language, "content", locales_dir)
    cache: dict[str, str] = {}
    # In a language not written in Chinese, a translation that keeps a Chinese name is marked so
    # (screen readers then read the name as Chinese).
    mark = not written_in_chinese(language)

    def translate(text: str) -> str:
        if text not in cache:
            result = catalog.gettext(text)
            if mark and not isinstance(result, Untranslated) and CHINESE_RUN.search(result):
                result = KeepsChinese(result)
            cache[text] = result
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
        translated(content.plan, translate) if content.plan else None,
        content.origins,
    )
