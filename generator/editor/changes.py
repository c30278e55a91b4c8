"""What a change to the data does to the pages: `guidesite diff BASE_REF`.

The data (content/ and data/) at BASE_REF is taken with `git archive` into a temporary
folder; both it and the working tree are validated and rendered to Markdown with the current
generator and templates, so the report shows the effect of data changes alone. The result is
Markdown fit for a pull-request comment.
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..config import SOURCE_LANGUAGE, Project
from ..core.diagnostics import ValidationFailed
from ..core.resolve import resolve
from ..core.validate import validate_project
from ..errors import GuidesiteError
from ..i18n.messages import _
from ..outputs.pages import render_pages

DATA_DIRS = ("content", "data")
# GitHub refuses comments over 65 536 characters; diffs beyond this budget are listed only.
MAX_CHARS = 60_000


class ChangesError(GuidesiteError):
    """A problem with git or with the data at the base version, as a message for the user."""


@dataclass
class PageChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff


def compare(
    before: dict[str, str], after: dict[str, str], base_label: str = "base", head_label: str = "head"
) -> PageChanges:
    result = PageChanges(added=sorted(after.keys() - before.keys()), removed=sorted(before.keys() - after.keys()))
    for path in sorted(before.keys() & after.keys()):
        if before[path] != after[path]:
            diff = difflib.unified_diff(
                before[path].splitlines(keepends=True),
                after[path].splitlines(keepends=True),
                f"{base_label}/{path}",
                f"{head_label}/{path}",
                n=2,
            )
            result.changed[path] = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
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


def pages_at(project: Project, ref: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="guidesite-diff-") as tmp:
        base = Project(export_data(project.root, ref, Path(tmp)))
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


def markdown(changes: PageChanges, ref: str, max_chars: int = MAX_CHARS) -> str:
    """The report: counts, lists of added and removed pages, a diff per changed page."""
    lines = [_("## 页面变化（{ref} → 当前工作区）").format(ref=ref), ""]
    if not (changes.added or changes.removed or changes.changed):
        return "\n".join(lines + [_("没有页面发生变化。"), ""])
    lines += [
        _("新增 {a} 个页面，删除 {r} 个，修改 {c} 个。").format(
            a=len(changes.added), r=len(changes.removed), c=len(changes.changed)
        ),
        "",
    ]
    for title, paths in ((_("新增的页面"), changes.added), (_("删除的页面"), changes.removed)):
        if paths:
            lines += [f"### {title}", ""] + [f"- `{p}`" for p in paths] + [""]
    if changes.changed:
        lines += ["### " + _("修改的页面"), ""]
        used, skipped = sum(len(line) + 1 for line in lines), []
        for path, diff in changes.changed.items():
            fence = _fence(diff)
            block = [
                f"<details><summary><code>{path}</code></summary>",
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
                + [f"- `{p}`" for p in skipped]
                + [""]
            )
    return "\n".join(lines)


def diff_against(project: Project, ref: str) -> PageChanges:
    """Pages at `ref` versus the working tree (ValidationFailed if the working tree is invalid)."""
    after = _pages(project)
    before = pages_at(project, ref)
    return compare(before, after, ref, _("工作区"))


def _pages(project: Project) -> dict[str, str]:
    """The pages of `project` in the source language (ValidationFailed if its data is invalid)."""
    return render_pages(resolve(validate_project(project).content), SOURCE_LANGUAGE)
