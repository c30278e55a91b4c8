"""GitHub Actions output: validation problems as one annotation per error, shown on the pull
request's changed lines, and the list in the job summary (Actions shows only 10 annotations per
step); the translations a pull request leaves pending, in the job summary. Every value is one
safe line (printable.one_line): a file name or a value holding a line break cannot start a
workflow command of its own. Both are capped: GitHub refuses a summary over 1 MiB, and a broken
file can give thousands of errors."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..i18n.catalogs import STATE_LABELS, Status, excerpt, where
from ..i18n.messages import _
from ..printable import one_line

# GitHub shows at most 10 error annotations per step and 50 per job; the summary lists the rest.
MAX_ANNOTATIONS = 50
# The summary's table stops before this many bytes (GitHub takes 1 MiB per step's summary), or
# after this many rows, and says how many errors it leaves out.
SUMMARY_BYTES = 256 * 1024
SUMMARY_ROWS = 1000


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    """`::error file=PATH,line=L,col=C::MESSAGE`, escaped as GitHub's workflow commands require."""
    return (
        f"::error file={_escape_property(one_line(d.path))},line={d.line},col={d.col}::"
        f"{_escape_data(one_line(d.message))}"
    )


def annotation_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """The annotations GitHub will show: the first MAX_ANNOTATIONS errors."""
    return [annotation(d) for d in diagnostics[:MAX_ANNOTATIONS]]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~&])")


def _md(text: str) -> str:
    """A value as literal text in a Markdown table cell, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(one_line(text).split()))


def _code(text: str) -> str:
    """A value as a code span in a Markdown table cell: longer fences than any run of backticks in
    it, and `|` escaped (GitHub splits table cells at it even inside code)."""
    text = one_line(text).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def summary(diagnostics: list[Diagnostic]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the problems in a table, as many as fit."""
    if not diagnostics:
        return _("### guidesite validate：校验通过") + "\n"
    lines = [
        _("### guidesite validate：发现 {n} 个错误").format(n=len(diagnostics)),
        "",
        "| {} | {} |".format(_("位置"), _("错误")),
        "| --- | --- |",
    ]
    used = 0
    shown = 0
    for d in diagnostics[:SUMMARY_ROWS]:
        row = f"| {_code(f'{d.path}:{d.line}:{d.col}')} | {_md(d.message)} |"
        used += len(row.encode("utf-8")) + 1
        if used > SUMMARY_BYTES:
            break
        lines.append(row)
        shown += 1
    if shown < len(diagnostics):
        more = _("……另有 {n} 个错误未列出：请在本地运行 guidesite validate 查看全部。")
        lines += ["", more.format(n=len(diagnostics) - shown)]
    return "\n".join(lines) + "\n"


def i18n_summary(statuses: list[Status]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: per language and catalog, the counts, and every string
    still to translate or review with where the source has it (a report: nothing here fails)."""
    n = sum(len(s.pending) for s in statuses)
    lines = [
        _("### guidesite i18n-status：{n} 条文字待翻译或待校对").format(n=n)
        if n
        else _("### guidesite i18n-status：全部已翻译"),
        "",
        _("待翻译的文字在页面上以中文显示并注明“译文待更新”，zh-Hant 在构建时自动转换；这不影响合并。"),
        "",
        "| {} |".format(" | ".join([_("语言"), _("目录"), _("已翻译"), _("自动转换"), _("待更新"), _("缺少")])),
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {s.language} | {s.domain} | {s.translated} | {s.converted} | {s.fuzzy} | {s.missing} |" for s in statuses
    ]
    for s in statuses:
        if not s.pending:
            continue
        title = _("{language} {domain}：{n} 条").format(language=s.language, domain=s.domain, n=len(s.pending))
        lines += ["", f"<details><summary>{_md(title)}</summary>", ""]
        lines += ["| {} | {} | {} |".format(_("位置"), _("状态"), _("原文")), "| --- | --- | --- |"]
        lines += [f"| {_md(where(e))} | {_md(_(STATE_LABELS[e.state]))} | {_md(excerpt(e.msgid))} |" for e in s.pending]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def write_summary(diagnostics: list[Diagnostic]) -> None:
    """Append the validation summary to the file named by $GITHUB_STEP_SUMMARY, when it is set."""
    append_summary(summary(diagnostics))


def append_summary(markdown: str) -> None:
    """Append `markdown` to the file named by $GITHUB_STEP_SUMMARY, when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as fp:
            fp.write(markdown)
