"""A Babel extractor for the YAML data, registered as `guidesite_yaml` (pyproject entry point),
so that `pybabel extract -F babel-content.cfg` puts every translatable string of content/ and
data/provinces/ into the content catalog, with its file and line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.load import load_text
from ..core.schema_errors import check_schema
from ..core.sources import FileKind, kind_of
from ..core.text_fields import strings


def extract_yaml(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, None, str, list[str]]]:
    path = Path(getattr(fileobj, "name", ""))
    kind = _kind_of(path)
    if kind is None or path.is_symlink():
        return  # a link is never read (`guidesite validate` says so): nothing of its target in a catalog
    raw = fileobj.read()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    doc, _errors = load_text(text.removeprefix("\ufeff"), path.as_posix())
    if doc is None:
        return  # `guidesite validate` reports the file's errors
    obj, _errors = check_schema(doc, kind.model)
    if obj is None:
        return
    for loc, message in strings(obj):
        yield doc.mark(loc).line, None, message, [".".join(map(str, loc))]


def _kind_of(path: Path) -> FileKind | None:
    """The kind of the file at `path`, which Babel gives relative to the folder it walks (the
    project root) or absolute: its last parts decide (data/provinces/x.yaml, content/guides/x.yaml,
    content/materials.yaml)."""
    for n in (3, 2):
        kind = kind_of("/".join(path.parts[-n:])) if len(path.parts) >= n else None
        if kind is not None:
            return kind
    return None
