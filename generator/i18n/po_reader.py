"""A strict reader of gettext PO files, keeping the position of every character of every string.

Babel's own reader (which builds the catalogs the site is rendered with) accepts nearly anything:
an unterminated string loses its last character, a second msgstr wins over the first, an unknown
escape stays as typed, a duplicate msgid replaces the earlier one, all with a warning on stdout at
most. Translators are outside contributors, so their files are read here first, as the PO format
defines them, and anything Babel could read otherwise than it looks is an error at its line and
column: what this reader accepts, Babel reads the same way.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from ..printable import one_line
from .messages import _

# The escapes Babel understands (babel.messages.pofile._unescape_map, plus \\ and \").
_ESCAPES = {"\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)( +)(.*)")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)
# The header's fields Babel or gettext interpret (the others are text to them).
_DATES = ("pot-creation-date", "po-revision-date")
# Where a plural expression is tried: every count a page may show, and beyond.
_PLURAL_TRIES = range(1001)


@dataclass
class PoString:
    """One keyword's string, joined from its lines, with the (line, column) of each character."""

    line: int  # of the keyword
    col: int
    text: str = ""
    where: list[tuple[int, int]] = field(default_factory=list)

    def position(self, index: int) -> tuple[int, int]:
        """Where the character at `index` of the text was written (the keyword for an empty string)."""
        if 0 <= index < len(self.where):
            return self.where[index]
        return (self.line, self.col)


@dataclass
class PoEntry:
    line: int  # of its first keyword
    obsolete: bool
    flags: set[str]
    context: PoString | None = None
    msgid: PoString | None = None
    plural: PoString | None = None
    strings: dict[int, PoString] = field(default_factory=dict)  # msgstr is 0; msgstr[n] is n

    @property
    def key(self) -> tuple[str | None, str]:
        assert self.msgid is not None
        return (self.context.text if self.context else None, self.msgid.text)


@dataclass
class PoProblem:
    line: int
    col: int
    message: str


def _string(literal: str, line: int, col: int, into: PoString) -> PoProblem | None:
    """Append the quoted `literal` (starting at `col`) to `into`; or say what is wrong with it."""
    if not literal.startswith('"'):
        return PoProblem(line, col, _("这里应是用英文双引号括起的字符串"))
    i = 1
    while i < len(literal):
        ch = literal[i]
        if ch == "\\":
            nxt = literal[i + 1] if i + 1 < len(literal) else ""
            if nxt not in _ESCAPES:
                return PoProblem(
                    line, col + i, _('不支持的转义 \\{char}：只能用 \\n、\\t、\\\\ 和 \\"').format(char=nxt)
                )
            into.text += _ESCAPES[nxt]
            into.where.append((line, col + i))
            i += 2
            continue
        if ch == '"':
            if i != len(literal) - 1:
                return PoProblem(line, col + i, _('字符串中的双引号要写成 \\"，或者这里少了换行'))
            return None
        if (ord(ch) < 0x20 and ch != "\t") or ord(ch) == 0x7F:
            return PoProblem(line, col + i, _("不允许的控制字符 U+{code:04X}：请删除它").format(code=ord(ch)))
        into.text += ch
        into.where.append((line, col + i))
        i += 1
    return PoProblem(line, col + len(literal), _('字符串没有结束的引号：请在行末加上 "'))


class _Reader:
    def __init__(self) -> None:
        self.entries: list[PoEntry] = []
        self.problems: list[PoProblem] = []
        self.entry: PoEntry | None = None
        self.current: PoString | None = None  # the string continuation lines add to
        self.flags: set[str] = set()

    def problem(self, line: int, col: int, message: str) -> None:
        self.problems.append(PoProblem(line, col, message))

    def finish(self) -> None:
        entry, self.entry, self.current = self.entry, None, None
        if entry is None:
            return
        if entry.msgid is None:
            self.problem(entry.line, 1, _("msgctxt 后面缺少 msgid"))
        elif not entry.strings:
            self.problem(entry.line, 1, _('msgid 后面缺少 msgstr：每个条目都要有译文（可以是空字符串 ""）'))
        elif sorted(entry.strings) != list(range(len(entry.strings))):
            self.problem(entry.line, 1, _("复数译文的编号应从 msgstr[0] 起连续编排"))
        else:
            self.entries.append(entry)

    def keyword(self, line: int, col: int, keyword: str, index: str | None, obsolete: bool) -> PoString | None:
        """Add a keyword line to the entry it belongs to (starting one at msgctxt or msgid)."""
        entry = self.entry
        if keyword == "msgctxt" or (keyword == "msgid" and (entry is None or entry.msgid or entry.strings)):
            self.finish()
            entry = self.entry = PoEntry(line, obsolete, self.flags)
            self.flags = set()
        if entry is None or (entry.msgid is None and keyword not in ("msgctxt", "msgid")):
            self.problem(line, col, _("{keyword} 前面缺少 msgid").format(keyword=keyword))
            return None
        if entry.obsolete != obsolete:
            self.problem(line, col, _("同一条目不能一部分以 #~ 注释掉、一部分没有"))
            return None
        target = PoString(line, col)
        if keyword == "msgctxt":
            entry.context = target
        elif keyword == "msgid":
            entry.msgid = target
        elif keyword == "msgid_plural":
            if entry.plural is not None or entry.strings:
                self.problem(line, col, _("msgid_plural 只能紧跟在 msgid 之后写一次"))
                return None
            entry.plural = target
        else:
            if (index is None) != (entry.plural is None):
                self.problem(line, col, _("有 msgid_plural 的条目写 msgstr[0]、msgstr[1]……，没有的写 msgstr"))
                return None
            n = int(index) if index is not None else 0
            if n in entry.strings:
                message = _("{keyword} 重复（第 {first} 行已写过）：删除其中一个")
                self.problem(line, col, message.format(keyword=keyword, first=entry.strings[n].line))
                return None
            entry.strings[n] = target
        return target

    def read(self, text: str) -> None:
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.rstrip("\r")
            stripped = line.strip()
            indent = len(line) - len(line.lstrip())
            if not stripped:
                continue
            obsolete = stripped.startswith("#~")
            if stripped.startswith("#") and not obsolete:
                if stripped.startswith("#-#-#"):
                    self.problem(number, indent + 1, _("文件中有合并冲突的标记：请先解决冲突"))
                self.finish()  # a comment ends an entry (Babel's reader too): it must be whole by now
                if stripped.startswith("#,"):
                    self.flags |= {f.strip() for f in stripped[2:].split(",") if f.strip()}
                continue
            body, start = stripped, indent
            if obsolete:
                rest = stripped[2:]
                body, start = rest.lstrip(), indent + 2 + (len(rest) - len(rest.lstrip()))
            if body.startswith('"'):
                if self.current is None:
                    self.problem(number, start + 1, _("这一行字符串不属于任何 msgid 或 msgstr"))
                    continue
                found = _string(body, number, start + 1, self.current)
                if found:
                    self.problems.append(found)
                continue
            match = _KEYWORD.fullmatch(body)
            if not match:
                self.problem(
                    number, start + 1, _('无法识别的行：应为 msgid、msgstr、以 " 开头的字符串或以 # 开头的注释')
                )
                self.current = None
                continue
            keyword, index, spaces, literal = match.groups()
            target = self.keyword(number, start + 1, keyword, index, obsolete)
            self.current = target
            if target is not None:
                found = _string(literal, number, start + 1 + len(keyword) + len(spaces), target)
                if found:
                    self.problems.append(found)
                    self.current = None
        self.finish()


def _header_fields(header: PoString) -> list[tuple[str, str, int]]:
    """(name, value, index of the value in the header's text) of each "Name: value" line, as
    Babel reads them (the email parser's fields: a line without a colon is not one)."""
    fields = []
    offset = 0
    for line in header.text.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            fields.append((name.strip(), value.strip(), offset + len(name) + 1 + (len(value) - len(value.lstrip()))))
        offset += len(line) + 1
    return fields


def header_problems(header: PoString) -> dict[str, PoProblem]:
    """The header's fields that Babel (reading the catalog) or gettext (choosing a plural form)
    would stop on, or read otherwise than they look, each at its value: Plural-Forms (a number of
    forms, and a C expression giving one of them for every count), Content-Type's charset, Language,
    and the dates. Babel's own reading of each field decides, so that what passes here loads.
    By the field's name, in lower case."""
    problems: dict[str, PoProblem] = {}
    for name, value, index in _header_fields(header):
        line, col = header.position(index)
        key = name.lower()
        if key == "content-type":
            charset = _CHARSET.search(value)
            if charset and charset[1].lower().replace("-", "") != "utf8":
                message = _("文件头的 charset 应为 utf-8，这里是 {charset}")
                problems[key] = PoProblem(line, col + charset.start(1), message.format(charset=charset[1]))
            continue
        if key not in ("plural-forms", "language", *_DATES):
            continue
        catalog = Catalog()
        try:
            catalog.mime_headers = [(name, value)]
        except (ValueError, TypeError, LookupError) as exc:
            problems[key] = PoProblem(
                line, col, _field_message(name, value, _("nplurals 应为整数") if key == "plural-forms" else str(exc))
            )
            continue
        if key == "plural-forms":
            problem = _plural_problem(catalog.num_plurals, catalog.plural_expr)
            if problem:
                problems[key] = PoProblem(line, col, _field_message(name, value, problem))
    return problems


def _plural_problem(count: int, expression: str) -> str | None:
    """Why gettext could not choose a plural form with `expression` among `count`, or None."""
    if count < 1:
        return _("nplurals 至少为 1")
    try:
        choose = gettext.c2py(expression)
    except (ValueError, RecursionError) as exc:
        return _("plural 不是有效的 C 表达式（{problem}）").format(problem=exc)
    for n in _PLURAL_TRIES:
        try:
            form = choose(n)
        except ArithmeticError:
            return _("n = {n} 时 plural 除以 0").format(n=n)
        if not 0 <= form < count:
            return _("n = {n} 时 plural 得 {form}，不在 0 到 {last} 之间").format(n=n, form=form, last=count - 1)
    return None


def _field_message(name: str, value: str, problem: str) -> str:
    key = name.lower()
    if key == "plural-forms":
        return _(
            "文件头的 Plural-Forms 无效：{problem}。例如英文写 nplurals=2; plural=(n != 1);，中文写 nplurals=1; plural=0;"  # noqa: E501 - one message for the catalogs
        ).format(problem=one_line(problem))
    if key == "language":
        return _("文件头的 Language 不是有效的语言代码：'{value}'，例如 en、zh_Hant").format(value=one_line(value))
    return _("文件头的 {field} 不是日期：'{value}'，应写成 2026-01-31 12:00+0800 这样").format(
        field=one_line(name), value=one_line(value)
    )


def read_po_strictly(data: bytes) -> tuple[list[PoEntry], list[PoProblem]]:
    """The entries of a PO file, or the problems that make it unreadable as it looks."""
    if data.startswith(b"\xef\xbb\xbf"):
        return [], [PoProblem(1, 1, _("文件开头有 BOM（字节顺序标记）：请存为不带 BOM 的 UTF-8"))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return [], [PoProblem(line, col, _("文件不是 UTF-8 编码：请用 UTF-8 保存"))]
    reader = _Reader()
    reader.read(text)
    if reader.problems:
        return [], reader.problems
    seen: dict[tuple[str | None, str], PoEntry] = {}
    for entry in reader.entries:
        if entry.obsolete:
            continue
        earlier = seen.setdefault(entry.key, entry)
        if earlier is not entry:
            assert entry.msgid is not None
            reader.problem(
                entry.msgid.line,
                entry.msgid.col,
                _("msgid 重复（第 {first} 行已有同一条目）：删除其中一个").format(first=earlier.line),
            )
    header = seen.get((None, ""))
    if header is not None and 0 in header.strings:
        headers = header.strings[0].text
        bad = header_problems(header.strings[0])
        reader.problems += bad.values()
        plurals = _NPLURALS.search(headers)
        if plurals and "plural-forms" not in bad:
            n = int(plurals[1])
            for entry in seen.values():
                if entry.plural is not None and len(entry.strings) != n:
                    reader.problem(
                        entry.line,
                        1,
                        _("复数条目应有 {n} 个译文（msgstr[0] 到 msgstr[{last}]），这里有 {have} 个").format(
                            n=n, last=n - 1, have=len(entry.strings)
                        ),
                    )
    return reader.entries, reader.problems
