"""JSON Schema of every kind of YAML file, generated from the models in model.py and the content.

core/model.py stays the one definition of the format: `guidesite schema` (`make schema`) writes
`schema/<kind>.schema.json` from it, and a test fails when the committed files differ. Each
data file names its schema on its first line (a yaml-language-server modeline), which gives
editors autocompletion, hover help and red underlines in VS Code and other editors.

The ids one file names from another (guides, laws, materials, national channels and, per guide,
its steps) are listed from the content as enums, so the editor completes them and underlines a
wrong one; their titles are shown beside them. Where a province file may also name an id it
defines itself (a variation's materials and online channels, a step it adds), the content's ids
are offered as `examples`: completed, not enforced (`guidesite validate` checks those). The
schema therefore changes when content/ gains or renames an id: `guidesite validate` then says to
run `make schema` (`check_schemas`).

Messages are in Chinese where yaml-language-server lets a schema give its own (`errorMessage`,
since its 1.20 for JSON Schema 2020-12): a value that does not match a pattern or an enum. Its
messages about missing or unknown keys stay its own (an `errorMessage` there would hide the
key's name). `guidesite validate` checks everything, with positions and suggestions, in Chinese.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import SCHEMA_DIR, Project
from ..core import model as m
from ..core.diagnostics import Diagnostic
from ..core.schema_errors import tool_message
from ..core.sources import FILE_KINDS, Content, FileKind, kind_of
from ..i18n.messages import _

KINDS = FILE_KINDS
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The schema's own messages: a schema file speaks one language, the editors' (not catalog entries:
# the editor shows them as written). Pattern messages are `guidesite validate`'s own, in Chinese.
_WHAT = {"guides": "指南", "laws": "法规", "materials": "材料", "channels": "全国渠道"}
_NOT_LISTED = "不是已有的{what} id；可选：{known}"
_NOT_A_STEP = "不是指南 {guide} 的步骤 id；可选：{known}"
_NOT_ALLOWED = "取值不允许；允许的取值：{allowed}"
_STATUS = "请写明核实情况：对照来源核对过的写 checked: 核对日期（并写 sources），还没核对的写 entered: 录入日期"


def modeline(rel_path: str) -> str | None:
    """The first line a data file carries: `# yaml-language-server: $schema=../../schema/x.schema.json`."""
    kind = kind_of(rel_path)
    if kind is None:
        return None
    target = posixpath.relpath(kind.schema_path, posixpath.dirname(rel_path) or ".")
    return f"# yaml-language-server: $schema={target}"


def _registry(content: Content, registry: str) -> dict[str, str]:
    """id -> its title, for the ids of `registry`."""
    if registry == "guides":
        return {k: v.title for k, v in content.guides.items()}
    if registry == "laws":
        return {k: v.title for k, v in content.laws.items()}
    if registry == "materials":
        return {k: v.name for k, v in content.materials.items()}
    return {k: v.name for k, v in content.channels.items()}


def _listed(ids: dict[str, str], message: str, nullable: bool = False) -> dict[str, Any]:
    """A string that is one of `ids`, their titles shown beside them when completing."""
    listed: dict[str, Any] = {
        "type": "string",
        "enum": list(ids),
        "enumDescriptions": list(ids.values()),
        "errorMessage": message,
    }
    return {"anyOf": [listed, {"type": "null"}]} if nullable else listed


def _walk(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in list(node.values()):
            _walk(value, visit)
    elif isinstance(node, list):
        for item in node:
            _walk(item, visit)


def _annotate(schema: dict[str, Any], kind: FileKind, content: Content | None) -> None:
    """Enums of the content's ids where the model marks a reference; Chinese messages."""
    step_fields: dict[str, dict[str, bool]] = {}  # $defs name -> {field naming a step: local ids too}

    def visit(node: dict[str, Any]) -> None:
        registry = node.pop(m.REFERS, None)
        local_too = node.pop(m.LOCAL_TOO, False) and kind.model is m.Province
        if registry == "steps" or content is None or registry is None:
            pass
        elif local_too:  # the province's own ids are fine too: offer the national ones
            node["examples"] = list(_registry(content, registry))
        else:
            ids = _registry(content, registry)
            node.pop("pattern", None)
            node.update(_listed(ids, _NOT_LISTED.format(what=_WHAT[registry], known="、".join(ids))))
        if "pattern" in node and "errorMessage" not in node:
            message = tool_message(node["pattern"], translate=str)
            if message:
                node["errorMessage"] = message
        elif "enum" in node and "errorMessage" not in node:
            node["errorMessage"] = _NOT_ALLOWED.format(allowed="、".join(map(str, node["enum"])))
        if node.get("anyOf") == [{"required": ["checked"]}, {"required": ["entered"]}]:
            node["anyOf"] = [{**branch, "errorMessage": _STATUS} for branch in node["anyOf"]]

    for name, definition in schema.get("$defs", {}).items():
        for field, prop in definition.get("properties", {}).items():
            for candidate in (prop, *prop.get("anyOf", ())):
                if candidate.get(m.REFERS) == "steps":
                    step_fields.setdefault(name, {})[field] = bool(candidate.get(m.LOCAL_TOO))
    _walk(schema, visit)
    if content is not None and "Variation" in schema.get("$defs", {}):
        _steps_per_guide(schema["$defs"], step_fields, content)


def _steps_per_guide(defs: dict[str, Any], step_fields: dict[str, dict[str, bool]], content: Content) -> None:
    """In a variation, the step ids of the guide it names: one if/then per guide."""
    variation = defs["Variation"]
    lists = {  # Variation's list field -> the $defs name of its items, for those naming steps
        field: prop["items"]["$ref"].rsplit("/", 1)[1]
        for field, prop in variation["properties"].items()
        if prop.get("type") == "array" and prop["items"].get("$ref", "").rsplit("/", 1)[-1] in step_fields
    }
    rules = []
    for guide in content.guides.values():
        ids = {s.id: s.title for s in guide.steps}
        message = _NOT_A_STEP.format(guide=guide.id, known="、".join(ids))
        then = {}
        for field, item in lists.items():
            props = {
                name: {"anyOf": [{"type": "string", "examples": list(ids)}, {"type": "null"}]}
                if local_too
                else _listed(ids, message, nullable=True)
                for name, local_too in step_fields[item].items()
            }
            then[field] = {"items": {"properties": props}}
        rules.append(
            {"if": {"properties": {"guide": {"const": guide.id}}, "required": ["guide"]}, "then": {"properties": then}}
        )
    variation["allOf"] = rules


def schema_of(kind: FileKind, content: Content | None = None) -> dict[str, object]:
    """The JSON Schema of `kind`; with `content`, listing the ids its files may name."""
    body = kind.model.model_json_schema(mode="validation")
    _annotate(body, kind, content)
    return {
        "$schema": DIALECT,
        "$comment": "由 generator/core/model.py 和 content/ 生成，请勿手改：运行 make schema / generated from "
        "generator/core/model.py and content/, do not edit: run `make schema`",
        **body,
        "title": kind.title,
    }


def render_schemas(content: Content | None = None) -> dict[str, str]:
    """<kind>.schema.json -> its text, as committed in schema/ (with the project's content)."""
    return {k.file_name: json.dumps(schema_of(k, content), ensure_ascii=False, indent=2) + "\n" for k in KINDS}


def write_schemas(folder: Path, content: Content | None = None) -> list[Path]:
    """Write every schema into `folder`; return the files whose content changed."""
    changed = []
    for name, text in render_schemas(content).items():
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed


def check_schemas(project: Project, content: Content) -> list[Diagnostic]:
    """The committed schemas that no longer list what the content has (a guide, step, material,
    channel or law added or renamed): each says to run `make schema`. A project without schema/
    has none to keep up to date."""
    folder = project.root / SCHEMA_DIR
    if not folder.is_dir():
        return []
    stale = []
    for name, text in render_schemas(content).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(
                Diagnostic(
                    f"{SCHEMA_DIR}/{name}",
                    1,
                    1,
                    _(
                        "与 content/ 或 generator/core/model.py 不一致（增加或改了指南、步骤、材料、渠道或法规的 id）："
                        "请运行 make schema，并把 schema/ 的修改一起提交"
                    ),
                )
            )
    return stale
