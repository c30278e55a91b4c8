"""Validation problems as GitHub Actions output: one annotation per error, shown on the
pull request's changed lines, and the full list in the job summary (Actions shows only
10 annotations per step)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..core.diagnostics import Diagnostic
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


def write_summary(diagnostics: list[Diagnostic]) -> None:
    """Append the summary to the file named by $GITHUB_STEP_SUMMARY, when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with Path(target).open("a", encoding="utf-8") as fp:
            fp.write(summary(diagnostics))
