"""JSON Schema of every kind of YAML file, generated from the models in model.py.

core/model.py stays the one definition of the format: `guidesite schema` (`make schema`) writes
`schema/<kind>.schema.json` from it, and a test fails when the committed files differ. Each
data file names its schema on its first line (a yaml-language-server modeline), which gives
editors autocompletion, hover help and red underlines in VS Code and other editors.

The schema checks what one file can check alone; references between files (a guide citing a
law that exists, an office naming a real guide) are checked by `guidesite validate` only.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from ..core.sources import FILE_KINDS, FileKind, kind_of

KINDS = FILE_KINDS
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def modeline(rel_path: str) -> str | None:
    """The first line a data file carries: `# yaml-language-server: $schema=../../schema/x.schema.json`."""
    kind = kind_of(rel_path)
    if kind is None:
        return None
    target = posixpath.relpath(kind.schema_path, posixpath.dirname(rel_path) or ".")
    return f"# yaml-language-server: $schema={target}"


def schema_of(kind: FileKind) -> dict[str, object]:
    body = kind.model.model_json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "$comment": "由 generator/core/model.py 生成，请勿手改：运行 make schema / generated from generator/core/model.py, "  # noqa: E501 - a message, kept whole for the catalogs
        "do not edit: run `make schema`",
        **body,
        "title": kind.title,
    }


def render_schemas() -> dict[str, str]:
    """<kind>.schema.json -> its text, as committed in schema/."""
    return {k.file_name: json.dumps(schema_of(k), ensure_ascii=False, indent=2) + "\n" for k in KINDS}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the files whose content changed."""
    changed = []
    for name, text in render_schemas().items():
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed
