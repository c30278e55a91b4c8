"""What a change to the data does to the pages: `guidesite diff BASE_REF`.

The data (content/ and data/) at BASE_REF is taken with `git archive` into a temporary
folder; both it and the working tree are validated and rendered to Markdown, in every language,
with the current generator, templates and catalogs, so the report shows the effect of data
changes alone. Per page it says whether the page (as changed) shows text whose translation is
pending. Steps that only moved up or down (a step added or removed before them) are told apart
from real changes: a page whose only change is its step numbers is listed as such, and in the
diff of a page that changed, renumbered headings are context, not changes. The result is
Markdown fit for a pull-request comment.
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Language, Project
from ..core.diagnostics import ValidationFailed
from ..core.resolve import resolve
from ..core.sources import Content
from ..core.validate import validate_project
from ..errors import GuidesiteError
from ..i18n.localize import localize
from ..i18n.messages import _, load_translations
from ..outputs.pages import render_pages
from ..outputs.structured_data import JSON_LD_OPEN

DATA_DIRS = ("content", "data")
# GitHub refuses comments over 65 536 characters; diffs beyond this budget are listed only.
MAX_CHARS = 60_000
# The heading of a step as the templates write it (templates/_macros.md.j2), in each language.
STEP_HEADING = "第 %(n)s 步："


class ChangesError(GuidesiteError):
    """A problem with git or with the data at the base version, as a message for the user."""


@dataclass
class PageChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff of its real changes
    # path -> (old, new) step numbers of steps that only moved; a page with nothing else is not in `changed`
    renumbered: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)  # pages (as changed) with a translation pending
    languages: dict[str, str] = field(default_factory=dict)  # path -> its language

    def extend(self, other: PageChanges) -> None:
        self.added += other.added
        self.removed += other.removed
        self.changed.update(other.changed)
        self.renumbered.update(other.renumbered)
        self.pending |= other.pending
        self.languages.update(other.languages)


# A step heading's anchor (templates/_macros.md.j2): numbered like the heading, the same in every language.
STEP_ANCHOR = re.compile(r"\{ #step-\d+ \}")


def heading_pattern(template: str) -> re.Pattern[str]:
    """A step heading's number, from the heading's message in one language ("Step %(n)s: ")."""
    before, _n, after = template.partition("%(n)s")
    return re.compile(re.escape(before) + r"(\d+)" + re.escape(after))


def _unified_range(start: int, stop: int) -> str:
    length = stop - start
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"


def _diff(
    before: Sequence[str], after: Sequence[str], steps: re.Pattern[str] | None, labels: tuple[str, str]
) -> tuple[str, list[tuple[str, str]]]:
    """A unified diff of the lines that really changed (a step heading whose number alone changed
    is context, shown as it is now), and the step numbers that changed."""

    def plain(lines: Sequence[str]) -> list[str]:
        return [STEP_ANCHOR.sub("#", steps.sub("#", line)) if steps else line for line in lines]

    matcher = difflib.SequenceMatcher(None, plain(before), plain(after), autojunk=False)
    moved: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" and steps is not None:
            for old, new in zip(before[i1:i2], after[j1:j2], strict=True):
                if old != new:
                    a, b = steps.search(old), steps.search(new)
                    if a and b:
                        moved.append((a.group(1), b.group(1)))
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(2):
        if not out:
            out += [f"--- {labels[0]}\n", f"+++ {labels[1]}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_unified_range(first[1], last[2])} +{_unified_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in after[j1:j2]]
                continue
            out += ["-" + line for line in before[i1:i2]]
            out += ["+" + line for line in after[j1:j2]]
    return "".join(line if line.endswith("\n") else line + "\n" for line in out), moved


# The line an edit link points at (source_links.blob_url): a line added above a step moves it
# without changing what the reader sees.
_SOURCE_LINE = re.compile(r'(/blob/[^"#\s]*)#L[0-9]+"')


def _readable(page: str) -> list[str]:
    """The page's lines a reader sees: its structured data (JSON-LD, one long line restating the
    page for search engines) would repeat every change in a line no reviewer can read; the lines
    its edit links point at move with every line added above them."""
    return [
        _SOURCE_LINE.sub(r'\1"', line) for line in page.splitlines(keepends=True) if not line.startswith(JSON_LD_OPEN)
    ]


def compare(
    before: dict[str, str],
    after: dict[str, str],
    base_label: str = "base",
    head_label: str = "head",
    steps: re.Pattern[str] | None = None,
) -> PageChanges:
    """The pages added, removed and changed; with `steps` (the step heading of the pages'
    language), pages whose step numbers alone changed told apart."""
    result = PageChanges(added=sorted(after.keys() - before.keys()), removed=sorted(before.keys() - after.keys()))
    for path in sorted(before.keys() & after.keys()):
        if before[path] == after[path]:
            continue
        diff, moved = _diff(
            _readable(before[path]),
            _readable(after[path]),
            steps,
            (f"{base_label}/{path}", f"{head_label}/{path}"),
        )
        if moved:
            result.renumbered[path] = moved
        if diff:
            result.changed[path] = diff
    return result


def _git(root: Path, *args: str) -> bytes:
    try:
        run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangesError(_("找不到 git 命令")) from None
    if run.returncode != 0:
        raise ChangesError(run.stderr.decode("utf-8", "replace").strip() or _("git 命令失败"))
    return run.stdout


def export_data(root: Path, ref: str, dest: Path) -> Path:
    """Extract content/ and data/ of `ref` under `dest`; return the project root in it."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ChangesError:
        raise ChangesError(_("'{ref}' 不是这个 git 仓库中的版本（分支、标签或提交）").format(ref=ref)) from None
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    listed = _git(top, "ls-tree", "--name-only", ref, "--", *(prefix + d for d in DATA_DIRS)).decode().splitlines()
    if not listed:
        raise ChangesError(_("版本 {ref} 中没有 content/ 或 data/ 目录").format(ref=ref))
    archive = _git(top, "archive", "--format=tar", ref, "--", *listed)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # git's own archive of its own tree; the "data" filter (Python >= 3.11.4) guards anyway.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:  # pragma: no cover - Python before 3.11.4
            tar.extractall(dest)
    return dest / prefix


@dataclass
class Rendered:
    """The pages of one version in one language, and those showing text whose translation is pending."""

    pages: dict[str, str]
    pending: set[str]


def pages_at(project: Project, ref: str) -> dict[str, Rendered]:
    """The pages of the data at `ref`, per language."""
    with tempfile.TemporaryDirectory(prefix="guidesite-diff-") as tmp:
        base = Project(
            export_data(project.root, ref, Path(tmp)),
            project.languages,
            project.locales_dir,
            project.templates_dir,
        )
        try:
            return _pages(base)
        except ValidationFailed as failure:
            problems = "\n".join(str(d) for d in failure.diagnostics)
            raise ChangesError(
                _("版本 {ref} 的数据没有通过校验，无法比较：\n{problems}").format(ref=ref, problems=problems)
            ) from None


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _renumbering(moved: list[tuple[str, str]]) -> str:
    """ "第 2–9 步 → 第 3–10 步": runs of steps that moved by the same amount, together."""
    runs: list[list[tuple[int, int]]] = []
    for old, new in ((int(a), int(b)) for a, b in moved):
        last = runs[-1][-1] if runs else None
        if last and old == last[0] + 1 and new - old == last[1] - last[0]:
            runs[-1].append((old, new))
        else:
            runs.append([(old, new)])

    def span(a: int, b: int) -> str:
        return str(a) if a == b else f"{a}–{b}"

    return _("、").join(
        _("第 {old} 步 → 第 {new} 步").format(old=span(run[0][0], run[-1][0]), new=span(run[0][1], run[-1][1]))
        for run in runs
    )


def markdown(changes: PageChanges, ref: str, max_chars: int = MAX_CHARS) -> str:
    """The report: counts per language, lists of added and removed pages, pages whose step
    numbers alone changed, a diff per changed page; each page marked when a translation is pending."""
    lines = [_("## 页面变化（{ref} → 当前工作区）").format(ref=ref), ""]
    if not (changes.added or changes.removed or changes.changed or changes.renumbered):
        return "\n".join(lines + [_("没有页面发生变化。"), ""])
    only_moved = [p for p in changes.renumbered if p not in changes.changed]
    lines += [
        _("新增 {a} 个页面，删除 {r} 个，修改 {c} 个，只是步骤编号变化的 {m} 个。").format(
            a=len(changes.added), r=len(changes.removed), c=len(changes.changed), m=len(only_moved)
        ),
        "",
    ]
    languages = list(dict.fromkeys(changes.languages.values()))
    if len(languages) > 1:
        lines += [_("| 语言 | 新增 | 删除 | 修改 | 只是编号变化 | 译文待更新 |"), "|---|---|---|---|---|---|"]
        for language in languages:
            mine = {p for p, lang in changes.languages.items() if lang == language}
            lines.append(
                f"| {language} | {len(mine & set(changes.added))} | {len(mine & set(changes.removed))} "
                f"| {len(mine & changes.changed.keys())} | {len(mine & set(only_moved))} "
                f"| {len(mine & changes.pending)} |"
            )
        lines.append("")

    def mark(path: str) -> str:
        return " · " + _("译文待更新") if path in changes.pending else ""

    for title, paths in ((_("新增的页面"), changes.added), (_("删除的页面"), changes.removed)):
        if paths:
            lines += (
                [f"### {title}", ""] + [f"- `{p}`{mark(p) if paths is changes.added else ''}" for p in paths] + [""]
            )
    if only_moved:
        lines += ["### " + _("只是步骤编号变化的页面"), ""]
        lines += [f"- `{p}`{mark(p)}：{_renumbering(changes.renumbered[p])}" for p in only_moved] + [""]
    if changes.changed:
        lines += ["### " + _("修改的页面"), ""]
        used, skipped = sum(len(line) + 1 for line in lines), []
        for path, diff in changes.changed.items():
            fence = _fence(diff)
            moved = changes.renumbered.get(path)
            also = " · " + _("另有步骤编号变化：{moved}").format(moved=_renumbering(moved)) if moved else ""
            block = [
                f"<details><summary><code>{path}</code>{mark(path)}{also}</summary>",
                "",
                f"{fence}diff",
                diff.rstrip("\n"),
                fence,
                "",
                "</details>",
                "",
            ]
            size = sum(len(line) + 1 for line in block)
            if used + size > max_chars:
                skipped.append(path)
                continue
            used += size
            lines += block
        if skipped:
            lines += (
                [_("以下页面也有修改，差异过长未列出（可在本地运行 guidesite diff 查看）："), ""]
                + [f"- `{p}`{mark(p)}" for p in skipped]
                + [""]
            )
    return "\n".join(lines)


def diff_against(project: Project, ref: str) -> PageChanges:
    """Pages at `ref` versus the working tree, in every language (ValidationFailed if the working
    tree is invalid)."""
    after = _pages(project)
    before = pages_at(project, ref)
    changes = PageChanges()
    for language in project.languages:
        code = language.code
        steps = heading_pattern(load_translations(code, "messages", project.locales_dir).gettext(STEP_HEADING))
        part = compare(before[code].pages, after[code].pages, ref, _("工作区"), steps)
        part.pending = {p for p in after[code].pending if p in part.added or p in part.changed or p in part.renumbered}
        changes.extend(_prefixed(part, language))
    return changes


def _prefixed(part: PageChanges, language: Language) -> PageChanges:
    """`part` with its pages' paths as they are in the site (en/guides/...)."""

    def at(path: str) -> str:
        return f"{language.prefix}/{path}" if language.prefix else path

    return PageChanges(
        added=[at(p) for p in part.added],
        removed=[at(p) for p in part.removed],
        changed={at(p): d for p, d in part.changed.items()},
        renumbered={at(p): m for p, m in part.renumbered.items()},
        pending={at(p) for p in part.pending},
        languages={at(p): language.code for p in [*part.added, *part.removed, *part.changed, *part.renumbered]},
    )


def _pages(project: Project) -> dict[str, Rendered]:
    """The pages of `project` in each of its languages (ValidationFailed if its data is invalid)."""
    content: Content = validate_project(project).content
    out = {}
    for language in project.languages:
        pending: dict[str, set[str]] = {}
        site = resolve(localize(content, language.code, project.locales_dir))
        pages = render_pages(site, language.code, project.templates_dir, project.locales_dir, pending=pending)
        out[language.code] = Rendered(pages, set(pending))
    return out
