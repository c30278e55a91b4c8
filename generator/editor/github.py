"""GitHub Actions output: validation problems as one annotation per error, shown on the pull
request's changed lines, and the full list in the job summary (Actions shows only 10
annotations per step); the translations a pull request leaves pending, in the job summary."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..i18n.catalogs import STATE_LABELS, Status, excerpt, where
from ..i18n.messages import _


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    """`::error file=PATH,line=L,col=C::MESSAGE`, escaped as GitHub's workflow commands require."""
    return f"::error file={_escape_property(d.path)},line={d.line},col={d.col}::{_escape_data(d.message)}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def summary(diagnostics: list[Diagnostic]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: every problem, in a table."""
    if not diagnostics:
        return _("### guidesite validate：校验通过") + "\n"
    lines = [
        _("### guidesite validate：发现 {n} 个错误").format(n=len(diagnostics)),
        "",
        "| {} | {} |".format(_("位置"), _("错误")),
        "| --- | --- |",
    ]
    lines += [f"| `{d.path}:{d.line}:{d.col}` | {_md(d.message)} |" for d in diagnostics]
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
