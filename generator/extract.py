"""A Babel extractor for the YAML data, registered as `guidesite_yaml` (pyproject entry point),
so that `pybabel extract -F babel-content.cfg` puts every translatable string of content/ and
data/provinces/ into the content catalog, with its file and line."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .content_strings import strings
from .load import load_text
from .validate import check_schema, file_model


def extract_yaml(fileobj: Any, keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple[int, None, str, list[str]]]:
    path = Path(getattr(fileobj, "name", ""))
    model = file_model(path)
    if model is None:
        return
    raw = fileobj.read()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    doc, errors = load_text(text.removeprefix("\ufeff"), path.as_posix())
    if doc is None:
        return  # `guidesite validate` reports the file's errors
    obj, errors = check_schema(doc, model)
    if obj is None:
        return
    for loc, message in strings(obj):
        yield doc.mark(loc).line, None, message, [".".join(map(str, loc))]
