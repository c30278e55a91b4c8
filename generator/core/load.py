"""Stage 1: read editors' YAML safely, keeping the source position of every key and value.

PyYAML's SafeLoader is used to *compose* nodes only; values are built here so that
 - duplicate keys are errors (PyYAML would silently keep the last one),
 - only `true`/`false` are booleans (`no`, `off`, `yes` stay text, and the schema says so),
 - dates stay text until validation (PyYAML raises a bare ValueError on 2026-02-30),
 - aliases, merge keys and explicit tags are refused: an editor never needs them and
   aliases allow "billion laughs" expansion.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..i18n.messages import _
from .diagnostics import Diagnostic, Loc

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Refused(ComposerError):
    """A construct that is valid YAML but not allowed in editors' files."""


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like booleans, no implicit timestamps and no aliases."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute, replaced per class
        first: [
            (tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(None, None, _("不支持 YAML 别名（*别名）：请把内容直接写出来"), event.start_mark)
        return super().compose_node(parent, index)


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Document:
    """One YAML file: its plain data plus where each value and key came from."""

    path: str  # as shown to the editor (relative to the project root)
    data: Any
    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """Position of `loc`, or of its nearest enclosing node that exists."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Mark(1, 1))

    def diagnostic(self, loc: Loc, message: str, *, key: bool = False) -> Diagnostic:
        m = self.mark(loc, key=key)
        return Diagnostic(self.path, m.line, m.col, message)


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: _Loader, doc: Document):
        self.loader = loader
        self.doc = doc
        self.errors: list[Diagnostic] = []

    def error(self, node: Node, message: str) -> None:
        m = _mark(node)
        self.errors.append(Diagnostic(self.doc.path, m.line, m.col, message))

    def build(self, node: Node, loc: Loc) -> Any:
        self.doc.values[loc] = _mark(node)
        if isinstance(node, ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.error(
                    node,
                    _("不支持的 YAML 标签 {tag}：只能写普通的文本、数字、true/false、列表和映射").format(tag=node.tag),
                )
                return None
            return self.loader.construct_object(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.error(node, _("不支持的 YAML 标签 {tag}").format(tag=node.tag))
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.error(node, _("不支持的 YAML 标签 {tag}").format(tag=node.tag))
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                    what = "<<" if key_node.tag == "tag:yaml.org,2002:merge" else getattr(key_node, "value", "?")
                    self.error(
                        key_node,
                        _("字段名 {key!r} 无效：字段名必须是文本（不支持合并键 <<、数字或列表作为字段名）").format(
                            key=what
                        ),
                    )
                    continue
                key = key_node.value
                if key in result:
                    first = self.doc.keys[loc + (key,)]
                    self.error(
                        key_node,
                        _("字段 '{key}' 重复（第一次出现在第 {line} 行）：每个字段只能写一次").format(
                            key=key, line=first.line
                        ),
                    )
                    continue
                self.doc.keys[loc + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, loc + (key,))
            return result
        self.error(node, _("无法识别的 YAML 内容"))  # pragma: no cover - PyYAML has only three node kinds
        return None


def load_text(text: str, display_path: str) -> tuple[Document | None, list[Diagnostic]]:
    """Compose `text` and build its data; never raises on bad input."""
    doc = Document(display_path, None)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives an offset only
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        return None, [
            Diagnostic(display_path, line, col, _("不允许的控制字符 U+{code:04X}：请删除它").format(code=exc.character))
        ]
    try:
        node = loader.get_single_node()
        if node is None:
            doc.values[()] = Mark(1, 1)
            return doc, []
        builder = _Builder(loader, doc)
        doc.data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line >= text.count("\n"):
            # the problem was found only at the end of the file (an unclosed [ or {): point at
            # where the unfinished construct began, which is where the editor must look
            mark = exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or str(exc)
        message = problem if isinstance(exc, _Refused) else _("YAML 语法错误：{problem}").format(problem=problem)
        return None, [Diagnostic(display_path, line, col, message)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error after reading is marked
        return None, [Diagnostic(display_path, 1, 1, _("YAML 语法错误：{problem}").format(problem=exc))]
    except RecursionError:
        return None, [Diagnostic(display_path, 1, 1, _("YAML 嵌套层次过深"))]
    finally:
        loader.dispose()
    if builder.errors:
        return None, builder.errors
    return doc, []


# 25 times the largest real file (under 10 KB); PyYAML's pure-Python parser needs about 13 s
# for 1 MB of list items, and hours for 50 MB.
MAX_FILE_BYTES = 256 * 1024


def load_file(path: Path, root: Path) -> tuple[Document | None, list[Diagnostic]]:
    display = _display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            reason = f"{os.strerror(errno.EFBIG)} ({size} > {MAX_FILE_BYTES} bytes)"
            return None, [Diagnostic(display, 1, 1, _("无法读取文件：{reason}").format(reason=reason))]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, _("无法读取文件：{reason}").format(reason=exc.strerror))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(display, line, col, _("文件不是 UTF-8 编码：请用 UTF-8 保存"))]
    return load_text(text.removeprefix("\ufeff"), display)


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
