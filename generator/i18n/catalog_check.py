"""The translators' catalogs are untrusted input, checked before anything is rendered.

Translators are outside contributors, and a catalog's strings reach every page: the interface's
(`messages`) are markup in the templates, and the content's replace the editors' text. So every PO
file under locales/ is
 - a regular file reached through no symbolic link (as the editors' files: core/load.py),
 - well-formed, as it looks (po_reader.py: an unterminated string or a second msgstr is an error),
and every translation used (not fuzzy, not empty)
 - has exactly its source's placeholders, `{size}` for str.format and `%(num)s` for printf (a
   missing or extra one is a KeyError or a wrong number at build time),
 - adds no markup its source lacks: no HTML tag or character reference, no Markdown that would
   become markup (emphasis, code, links, headings, lists, tables, attribute lists),
 - adds no control or bidirectional character.
Every problem is a `locales/...po:LINE:COL: error:` diagnostic, all of them at once.
"""

from __future__ import annotations

import functools
import re
import stat
import string
from collections import Counter
from pathlib import Path

from ..config import SOURCE_LANGUAGE, Project
from ..core.diagnostics import Diagnostic
from ..core.load import Unreadable, not_a_plain_file, read_plain_file
from ..printable import one_line, unsafe
from .messages import DOMAINS, _, catalog_path
from .po_reader import PoEntry, PoString, read_po_strictly

# Far above the largest catalog (content.po, about 200 KB).
MAX_CATALOG_BYTES = 4 * 1024 * 1024

_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]|%")
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>?")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Characters Python-Markdown (with the site's extensions) gives meaning to wherever they are:
# emphasis, code, attribute lists ({: onclick=...}), table cells, escapes.
_MARKDOWN_CHARS = "`*_{}|\\"
# Brackets mean something only in these: a link or image ](, ][, an image ![, a footnote [^.
_BRACKETS = re.compile(r"\]\s*[(\[]|!\[|\[\^")
# Constructs at the start of a line: a heading, a quote, a list item, a link's reference, an
# admonition, a rule, code.
_LINE_START = re.compile(
    r"^(?: {0,3}(?P<heading>#{1,6})(?:\s|$)| {0,3}(?P<quote>>)| {0,3}(?P<item>[-+*]|\d+[.)])(?:\s|$)"
    r"| {0,3}(?P<reference>\[[^\]]+\]:)"
    r"| {0,3}(?P<admonition>!!!|\?\?\?)| {0,3}(?P<rule>(?:-[ \t]*){3,}|(?:=[ \t]*){3,})$|(?P<code> {4,}|\t)\S)",
    re.MULTILINE,
)


def format_fields(text: str) -> set[str] | None:
    """The str.format fields of `text` ({size}, {0}, {value!r}), or None if it is not a format string."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    fields = set()
    for _literal, name, spec, conversion in parsed:
        if name is not None:
            fields.add("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return fields


def printf_fields(text: str) -> set[str]:
    """The printf fields of `text` (%(num)s, %s, %%), and a lone % as itself."""
    return set(_PRINTF.findall(text))


def _markup(text: str) -> Counter[str]:
    """The markup in `text`: HTML tags and references by their text, Markdown by its characters
    (str.format fields left out) and by the kind of each line-start construct."""
    found: Counter[str] = Counter(_TAG.findall(text))
    found.update(_REFERENCE.findall(text))
    found.update(ch for ch in re.sub(r"\{[A-Za-z0-9_.!:\[\]]*\}", "", text) if ch in _MARKDOWN_CHARS)
    found.update(_BRACKETS.findall(text))
    found.update(f"line:{m.lastgroup}" for m in _LINE_START.finditer(text))
    return found


def _find(token: str, text: str) -> tuple[int, str]:
    """Where a markup token (as _markup names it) first is in `text`, and how to show it."""
    kind = token.removeprefix("line:")
    if kind != token:
        match = next((m for m in _LINE_START.finditer(text) if m.lastgroup == kind), None)
        assert match is not None  # _markup found it
        shown = _("行首缩进的空格（代码块）") if kind == "code" else match.group(kind).strip()
        return match.start(kind), shown
    return text.find(token), token


class _Check:
    def __init__(self, path: str, formatted: bool) -> None:
        self.path = path
        self.formatted = formatted  # the catalog's strings are format strings (the interface's)
        self.diags: list[Diagnostic] = []

    def error(self, where: tuple[int, int], message: str) -> None:
        self.diags.append(Diagnostic(self.path, where[0], where[1], message))

    def entry(self, entry: PoEntry) -> None:
        if entry.obsolete or "fuzzy" in entry.flags or entry.msgid is None or not entry.msgid.text:
            return  # not used: Babel's catalogs leave out fuzzy and obsolete entries; "" is the header
        sources = [entry.msgid.text] + ([entry.plural.text] if entry.plural else [])
        for target in entry.strings.values():
            if target.text:
                if self.formatted:
                    self.placeholders(sources, target)
                self.markup(sources, target)
                self.characters(sources, target)

    def placeholders(self, sources: list[str], target: PoString) -> None:
        wanted = [f for f in map(format_fields, sources) if f is not None]
        have = format_fields(target.text)
        if have is None and any(wanted):
            stray = next(
                (m.start() for m in re.finditer(r"\{\{|\}\}|\{[^{}]*\}|[{}]", target.text) if len(m[0]) == 1), -1
            )
            self.error(
                target.position(stray),
                _("译文的占位符写法有误（多了或少了 {{ 或 }}）：占位符照原文写，如 {example}").format(
                    example=one_line(sorted(next(w for w in wanted if w))[0])
                ),
            )
        elif have is not None and have not in wanted and (have or any(wanted)):
            self.mismatch(sorted(wanted[-1] if wanted else set()), sorted(have), target)
        wanted_printf = [printf_fields(s) for s in sources]
        have_printf = printf_fields(target.text)
        if have_printf not in wanted_printf:
            self.mismatch(sorted(wanted_printf[-1]), sorted(have_printf), target)

    def mismatch(self, wanted: list[str], have: list[str], target: PoString) -> None:
        missing = [f for f in wanted if f not in have]
        extra = [f for f in have if f not in wanted]
        self.error(
            target.position(target.text.find(extra[0]) if extra else 0),
            _(
                "译文的占位符与原文不一致（原文：{wanted}；缺少：{missing}；多出：{extra}）：占位符要照原文原样保留"
            ).format(
                wanted=one_line(" ".join(wanted) or _("无")),
                missing=one_line(" ".join(missing) or _("无")),
                extra=one_line(" ".join(extra) or _("无")),
            ),
        )

    def markup(self, sources: list[str], target: PoString) -> None:
        allowed: Counter[str] = Counter()
        for source in sources:
            allowed |= _markup(source)
        extra = _markup(target.text) - allowed
        if extra:
            index, shown = min(_find(token, target.text) for token in extra)
            self.error(
                target.position(index),
                _("译文加入了原文没有的标记 {markup}：译文只能用原文中已有的 HTML 和 Markdown 标记，请删除它").format(
                    markup=one_line(shown)
                ),
            )

    def characters(self, sources: list[str], target: PoString) -> None:
        source = "".join(sources)
        bad = next((i for i, ch in enumerate(target.text) if ch != "\n" and unsafe(ch) and ch not in source), None)
        if bad is not None:
            self.error(
                target.position(bad), _("不允许的控制字符 U+{code:04X}：请删除它").format(code=ord(target.text[bad]))
            )


@functools.lru_cache(maxsize=64)
def _check_file(path: Path, display: str, _mtime: int, _size: int) -> tuple[Diagnostic, ...]:
    """One catalog's problems (cached per version of the file: validation runs on every save)."""
    try:
        data = read_plain_file(path, MAX_CATALOG_BYTES)
    except Unreadable as exc:
        return (Diagnostic(display, 1, 1, str(exc)),)
    entries, problems = read_po_strictly(data)
    if problems:
        return tuple(Diagnostic(display, p.line, p.col, p.message) for p in problems)
    # The content's strings are text, never formatted; the interface's are str.format or printf strings.
    check = _Check(display, formatted=path.stem != "content")
    for entry in entries:
        check.entry(entry)
    return tuple(check.diags)


def check_catalogs(project: Project) -> list[Diagnostic]:
    """Every problem of every file under the project's locales/ (see the module's docstring), and
    the catalogs its languages need but lack."""
    folder = project.locales_dir
    diags: list[Diagnostic] = []

    def display(path: Path) -> str:
        return path.relative_to(folder.parent).as_posix()

    def visit(path: Path) -> None:
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            for child in sorted(path.iterdir()):
                visit(child)
            return
        why = not_a_plain_file(mode)
        if why:
            diags.append(Diagnostic(display(path), 1, 1, why))
        elif path.suffix == ".po":
            info = path.stat()
            diags.extend(_check_file(path, display(path), info.st_mtime_ns, info.st_size))

    if folder.exists() or folder.is_symlink():
        visit(folder)
    for language in project.languages:
        for domain in DOMAINS:
            po = catalog_path(language.code, domain, folder)
            if language.code != SOURCE_LANGUAGE and not (po.exists() or po.is_symlink()):
                message = _("缺少 {language} 的翻译目录：请运行 make messages").format(language=language.code)
                diags.append(Diagnostic(display(po), 1, 1, message))
    return diags
