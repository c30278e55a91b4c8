"""JSON Schema of every kind of YAML file, generated from the models in model.py.

model.py stays the one definition of the format: `guidesite schema` (`make schema`) writes
`schema/<kind>.schema.json` from it, and a test fails when the committed files differ. Each
data file names its schema on its first line (a yaml-language-server modeline), which gives
editors autocompletion, hover help and red underlines in VS Code and other editors.

The schema checks what one file can check alone; references between files (a guide citing a
law that exists, an office naming a real guide) are checked by `guidesite validate` only.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from . import model as m

SCHEMA_DIR = "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class FileKind:
    name: str  # schema/<name>.schema.json
    model: type[BaseModel]
    title: str
    pattern: str  # where files of this kind live, relative to the project root

    @property
    def file_name(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def schema_path(self) -> str:
        return f"{SCHEMA_DIR}/{self.file_name}"


KINDS = [
    FileKind("province", m.Province, "省份文件 / province file", "data/provinces/*.yaml"),
    FileKind("guide", m.Guide, "全国办事指南 / national guide", "content/guides/*.yaml"),
    FileKind("journey", m.Journey, "组合流程 / journey", "content/journeys/*.yaml"),
    FileKind("law", m.Law, "法规 / law", "content/laws/*.yaml"),
    FileKind("materials", m.MaterialsFile, "材料登记 / materials registry", "content/materials.yaml"),
    FileKind("channels", m.ChannelsFile, "全国线上渠道登记 / national channels registry", "content/channels.yaml"),
]


def kind_of(rel_path: str) -> FileKind | None:
    """The kind of the data file at `rel_path` (relative to the project root, with /)."""
    path = PurePosixPath(rel_path)
    return next((k for k in KINDS if path.match(k.pattern) and len(path.parts) == len(PurePosixPath(k.pattern).parts)), None)


def modeline(rel_path: str) -> str | None:
    """The first line a data file carries: `# yaml-language-server: $schema=../../schema/x.schema.json`."""
    kind = kind_of(rel_path)
    if kind is None:
        return None
    target = posixpath.relpath(kind.schema_path, posixpath.dirname(rel_path) or ".")
    return f"# yaml-language-server: $schema={target}"


def schema_of(kind: FileKind) -> dict:
    body = kind.model.model_json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "$comment": "由 generator/model.py 生成，请勿手改：运行 make schema / generated from generator/model.py, "
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
