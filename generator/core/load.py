"""Stage 1: read editors' YAML safely, keeping the source position of every key and value.

PyYAML's SafeLoader is used to *compose* nodes only; values are built here so that
 - duplicate keys are errors (PyYAML would silently keep the last one),
 - only `true`/`false` are booleans (`no`, `off`, `yes` stay text, and the schema says so),
 - numbers are plain decimals only: what YAML 1.1 reads otherwise (`010` as 8, `1:30` as 90,
   `.inf`, `0x1F`, `1_000`) is an error saying so, never a number the editor did not mean,
 - dates stay text until validation (PyYAML raises a bare ValueError on 2026-02-30),
 - no text holds a control character or a bidirectional control, not even written as an escape
   (`"\x1b[31m"`, `"\u202e"`): they would recolour a terminal or reverse what a reader sees,
 - aliases, merge keys and explicit tags are refused: an editor never needs them and
   aliases allow "billion laughs" expansion.

Files are read only when they are regular files reached through no symbolic link, and never
past a size cap whatever their size claims to be (`/proc` files say 0).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..i18n.messages import _
from ..printable import BIDI_CONTROLS, unsafe
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


# A plain scalar YAML 1.1 reads as a number although it is not written as a plain decimal.
_AMBIGUOUS_NUMBER = "tag:guidesite:ambiguous-number"
_REPLACED = {f"tag:yaml.org,2002:{name}" for name in ("bool", "timestamp", "int", "float")}


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like booleans and numbers, no implicit timestamps and no aliases."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute, replaced per class
        first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.explicit: set[int] = set()  # ids of the nodes written with a tag (!!int 010, !!python/...)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(None, None, _("不支持 YAML 别名（*别名）：请把内容直接写出来"), event.start_mark)
        tag = getattr(self.peek_event(), "tag", None)
        node = super().compose_node(parent, index)
        if tag not in (None, "!"):
            self.explicit.add(id(node))
        return node


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
# Everything else SafeLoader's own resolvers (YAML 1.1) read as a number: octal 010, sexagesimal
# 1:30, .inf and .nan, 0x1F, 0b11, 1_000.
for _tag, _rx in (
    (tag, rx)
    for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
    for tag, rx in resolvers
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
):
    _Loader.add_implicit_resolver(_AMBIGUOUS_NUMBER, _rx, list("-+0123456789."))
# ... and what only looks like one: 08 and 09 are text to YAML 1.1, 8 and 9 to YAML 1.2.
_Loader.add_implicit_resolver(_AMBIGUOUS_NUMBER, re.compile(r"^[-+]?0[0-9]+$"), list("-+0"))


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
    # Numbers as typed (`057112333`, `440000`): the fix for an unquoted one quotes these.
    typed: dict[Loc, str] = field(default_factory=dict)

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


def _ambiguous_number(value: str) -> str:
    read = yaml.safe_load(value)  # what YAML 1.1 makes of it
    if isinstance(read, str):
        return _("'{value}' 以 0 开头，含义不明：数字请写成 {plain}；编号等文本请加引号，例如 \"{value}\"").format(
            value=value, plain=int(value)
        )
    return _(
        "'{value}' 会被 YAML 读成 {read}：数字请写成 10、2.5 这样的十进制数；时间、编号等文本请加引号，例如 \"{value}\""
    ).format(value=value, read=read)


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
        if id(node) in self.loader.explicit or (isinstance(node, ScalarNode) and node.tag not in _SCALAR_TAGS):
            if node.tag == _AMBIGUOUS_NUMBER:
                self.error(node, _ambiguous_number(node.value))
                return None
            self.error(
                node,
                _("不支持的 YAML 标签 {tag}：只能写普通的文本、数字、true/false、列表和映射").format(tag=node.tag),
            )
            return None
        if isinstance(node, ScalarNode):
            if node.tag != _STR:
                self.doc.typed[loc] = node.value
            value = self.loader.construct_object(node)
            if isinstance(value, str):
                self.text(node, value)
            return value
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
                self.text(key_node, key)
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

    def text(self, node: Node, value: str) -> None:
        """Refuse a control or bidirectional character in `value`, however it was written: raw ones
        PyYAML's reader refuses already, escapes in double quotes ("\x1b", "\u202e") arrive here."""
        bad = next((ch for ch in value if ch not in "\n\t" and unsafe(ch)), None)
        if bad is None:
            return
        if bad in BIDI_CONTROLS:
            message = _("不允许的双向文字控制字符 U+{code:04X}：它会改变文字显示的顺序，请删除它")
        else:
            message = _("不允许的控制字符 U+{code:04X}：请删除它")
        self.error(node, message.format(code=ord(bad)))


# Characters PyYAML counts as line breaks that editors (and GitHub's line anchors) do not: NEL and
# the Unicode line and paragraph separators. In a comment one would move every later line's number;
# in a value they are refused anyway (control characters). Lines are counted at "\n" alone.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]")


def _hidden_break(text: str, display_path: str) -> Diagnostic | None:
    found = _HIDDEN_BREAKS.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    line, col = before.count("\n") + 1, found.start() - (before.rfind("\n") + 1) + 1
    message = _("不允许的字符 U+{code:04X}（不可见的分行符）：YAML 把它当作换行，编辑器却不显示换行，请删除它")
    return Diagnostic(display_path, line, col, message.format(code=ord(found.group())))


def load_text(text: str, display_path: str) -> tuple[Document | None, list[Diagnostic]]:
    """Compose `text` and build its data; never raises on bad input."""
    doc = Document(display_path, None)
    hidden = _hidden_break(text, display_path)
    if hidden is not None:
        return None, [hidden]
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
    except _Refused as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(display_path, line, col, exc.problem or str(exc))]
    except yaml.MarkedYAMLError as exc:
        return None, [Diagnostic(display_path, *syntax_error(exc, text))]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error after reading is marked
        return None, [Diagnostic(display_path, 1, 1, _("YAML 语法错误：{problem}").format(problem=exc))]
    except RecursionError:
        return None, [Diagnostic(display_path, 1, 1, _("YAML 嵌套层次过深"))]
    finally:
        loader.dispose()
    if builder.errors:
        return None, builder.errors
    return doc, []


# --- syntax errors in an editor's words --------------------------------------------------------
# PyYAML says what it expected at the point it gave up, which is often a line after the mistake
# (a missing space after a colon makes the next line the error). Each case below names the mistake
# and the line to change; anything else keeps PyYAML's own words.

_KEY = r"^(?P<indent>\s*(?:- )?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)"
_NO_SPACE = re.compile(_KEY + r":(?P<value>(?!//)\S.*)$")  # name:浙江省
_WIDE_COLON = re.compile(_KEY + r"\s*：\s*(?P<value>.*)$")  # name：浙江省
_KEY_VALUE = re.compile(_KEY + r": +(?P<value>\S.*)$")


def _lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]  # a file saved on Windows too


def _previous(lines: list[str], index: int) -> int | None:
    """The index of the last line before `index` with content (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _colon_mistake(lines: list[str], index: int) -> tuple[int, int, str] | None:
    """A key on line `index` followed by a full-width colon or a colon without a space."""
    line = lines[index].rstrip()
    if wide := _WIDE_COLON.match(line):
        fixed = f"{wide['indent'].strip()} {wide['key']}: {wide['value']}".strip()
        return (
            index + 1,
            len(wide["indent"]) + len(wide["key"]) + 1,
            _("字段名后面的冒号是中文的“：”：要用英文冒号加一个空格，写成 '{fixed}'").format(fixed=fixed),
        )
    if bare := _NO_SPACE.match(line):
        fixed = f"{bare['indent'].strip()} {bare['key']}: {bare['value']}".strip()
        return (
            index + 1,
            len(bare["indent"]) + len(bare["key"]) + 2,
            _("冒号后面缺少空格：写成 '{fixed}'").format(fixed=fixed),
        )
    return None


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and message for PyYAML's complaint about `text`: the line the editor must change."""
    lines = _lines(text)
    problem, context = exc.problem or "", exc.context or ""
    at = exc.problem_mark or exc.context_mark
    line, col = (at.line + 1, at.column + 1) if at else (1, 1)
    index = line - 1
    begun = exc.context_mark
    if problem.startswith("found character '\\t'"):
        return line, col, _("这一行用了 Tab：YAML 只能用空格缩进，请把 Tab 换成空格")
    if problem.startswith("found character") and "cannot start any token" in problem and index < len(lines):
        char = lines[index][col - 1 : col]
        value = lines[index][col - 1 :].rstrip()
        return (
            line,
            col,
            _("值不能以 '{char}' 开头：请给整个值加上引号，写成 {fixed}").format(char=char, fixed=_quoted(value)),
        )
    if problem == "could not find expected ':'" and begun is not None:
        found = _colon_mistake(lines, begun.line)
        if found:
            return found
        return (
            begun.line + 1,
            begun.column + 1,
            _("这一行不是“字段: 值”的形式：字段名后面要写英文冒号和一个空格，例如 'name: 浙江省'"),
        )
    if problem == "mapping values are not allowed here" and index < len(lines):
        before = _previous(lines, index)
        if before is not None and (found := _colon_mistake(lines, before)):
            return found
        if (pair := _KEY_VALUE.match(lines[index])) and len(pair["indent"]) + len(pair["key"]) + 1 < col - 1:
            fixed = f"{pair['indent'].strip()} {pair['key']}: {_quoted(pair['value'].rstrip())}".strip()
            return (
                line,
                col,
                _(
                    "值里有英文冒号加空格（': '），YAML 把它当成了新的字段：请给整个值加上引号，写成 '{fixed}'，"
                    "或改用中文冒号“：”"
                ).format(fixed=fixed),
            )
        if before is not None and _indent(lines[index]) > _indent(lines[before]) and _KEY_VALUE.match(lines[before]):
            return (
                line,
                _indent(lines[index]) + 1,
                _("这一行比上一行多缩进了：上一行的字段已经有值，同一层的字段要左侧对齐"),
            )
    if problem.startswith("expected <block end>") and index < len(lines):
        if "'-'" in problem:
            return line, col, _("这个列表项“- ”没有所属的字段：列表要写在某个字段下面，例如 'guides:' 的下一行")
        before = _previous(lines, index)
        if before is not None:
            return (
                line,
                col,
                _("缩进不对：这一行缩进 {n} 个空格，上一行是 {m} 个；同一层的字段要左侧对齐").format(
                    n=_indent(lines[index]), m=_indent(lines[before])
                ),
            )
    if context == "while scanning a quoted scalar" and begun is not None:
        quote = lines[begun.line][begun.column : begun.column + 1]
        return (
            begun.line + 1,
            begun.column + 1,
            _("引号没有闭合：这个值以 {quote} 开头，请在值的末尾也写上 {quote}").format(quote=quote),
        )
    if context == "while parsing a flow sequence" and begun is not None:
        return (
            begun.line + 1,
            begun.column + 1,
            _("方括号没有闭合：这个 [ 要在列表末尾用 ] 结束，例如 'guides: [a, b]'"),
        )
    if context == "while parsing a flow mapping" and begun is not None:
        return (
            begun.line + 1,
            begun.column + 1,
            _("花括号没有闭合：这个 {open} 要用 {close} 结束").format(open="{", close="}"),
        )
    return line, col, _("YAML 语法错误：{problem}").format(problem=problem or context or str(exc))


# 25 times the largest real file (under 10 KB); PyYAML's pure-Python parser needs about 13 s
# for 1 MB of list items, and hours for 50 MB.
MAX_FILE_BYTES = 256 * 1024


def not_a_plain_file(mode: int) -> str | None:
    """Why a file of this `os.lstat` mode is not read (a symbolic link, a FIFO, a device, a folder),
    or None for a regular file. Nothing outside the project is read through a link, and nothing
    of it echoed in an error."""
    if stat.S_ISLNK(mode):
        return _("这是一个符号链接：只读取项目中的普通文件，请换成文件本身")
    if stat.S_ISDIR(mode):
        return _("这是一个文件夹，不是文件")
    if not stat.S_ISREG(mode):
        return _("这不是普通文件（而是管道、设备等特殊文件）：只读取项目中的普通文件")
    return None


class Unreadable(Exception):
    """A file that is not read, with the reason for the editor."""


def read_plain_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, opened through no symbolic link (O_NOFOLLOW) and
    without blocking on a FIFO, read to at most `limit` bytes whatever its size says."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable(not_a_plain_file(stat.S_IFLNK)) from None
        raise Unreadable(_("无法读取文件：{reason}").format(reason=exc.strerror)) from None
    with os.fdopen(fd, "rb") as fp:
        why = not_a_plain_file(os.fstat(fd).st_mode)
        if why:
            raise Unreadable(why)
        try:
            raw = fp.read(limit + 1)
        except OSError as exc:
            raise Unreadable(_("无法读取文件：{reason}").format(reason=exc.strerror)) from None
    if len(raw) > limit:
        reason = f"{os.strerror(errno.EFBIG)} (> {limit} bytes)"
        raise Unreadable(_("无法读取文件：{reason}").format(reason=reason))
    return raw


def load_file(path: Path, root: Path) -> tuple[Document | None, list[Diagnostic]]:
    display = _display_path(path, root)
    try:
        raw = read_plain_file(path, MAX_FILE_BYTES)
    except Unreadable as exc:
        return None, [Diagnostic(display, 1, 1, str(exc))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(display, line, col, _("文件不是 UTF-8 编码：请用 UTF-8 保存"))]
    return load_text(text.removeprefix("\ufeff"), display)


def _display_path(path: Path, root: Path) -> str:
    # Not resolve()d: a link must be named as the editor wrote it, not as where it points.
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()
