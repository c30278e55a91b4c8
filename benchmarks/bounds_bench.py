"""Bounded work on hostile input: what one long text field costs the build, and how big the error
output of a badly broken project gets, with the bounds (field lengths in generator/core/model.py,
the caps in generator/cli.py and generator/editor/github.py) and without them. Run with
`make bench`; not part of the tests.

    python benchmarks/bounds_bench.py [--out benchmarks/RESULTS-bounds.md]

"Without" is measured by going around the bound: the long text is put into the validated
content directly (as the model accepted it before the limit), and the uncapped output is the
same rows without the cap.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import markdown

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.config import Project  # noqa: E402
from generator.core import model  # noqa: E402
from generator.core.diagnostics import Diagnostic, ValidationFailed  # noqa: E402
from generator.core.resolve import resolve  # noqa: E402
from generator.core.sources import Content  # noqa: E402
from generator.core.validate import validate_project  # noqa: E402
from generator.editor.github import summary  # noqa: E402
from generator.outputs.pages import escape_text, render_pages  # noqa: E402

GUIDE = "transfer-insurance"  # a shipped guide: its first step's text is shown on ~35 pages per language
LENGTHS = (365, model.MAX_TEXT, 30_000, 120_000)  # the longest shipped text, the limit, the two
PAGES_UP_TO = 30_000  # beyond, converting every page showing the text would take half an hour


def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc"])


def per_render(n: int) -> float:
    """Seconds for Python-Markdown to convert one paragraph of n escaped `*`."""
    md = _converter()
    text = "para " + escape_text("*" * n)
    start = time.perf_counter()
    md.reset().convert(text)
    return time.perf_counter() - start


def pages_cost(content: Content, n: int) -> tuple[int, float]:
    """Pages of one language showing the guide's first step with n `*` as its text, and the seconds
    converting them to HTML (what MkDocs does to each) takes more than with a text of n 文 (as if
    the text had been accepted)."""
    count, stars = _convert(content, "*" * n)
    _count, plain = _convert(content, "文" * n)
    return count, stars - plain


def _convert(content: Content, text: str) -> tuple[int, float]:
    guide = content.guides[GUIDE]
    steps = list(guide.steps)
    steps[0] = steps[0].model_copy(update={"text": "标记" + text})
    guides = dict(content.guides)
    guides[GUIDE] = guide.model_copy(update={"steps": steps})
    changed = Content(content.laws, content.materials, content.channels, guides, content.journeys, content.provinces)
    pages = render_pages(resolve(changed))
    showing = [page for page in pages.values() if "标记" in page]
    md = _converter()
    start = time.perf_counter()
    for text in showing:
        md.reset().convert(text)
    return len(showing), time.perf_counter() - start


def refused_in(n: int) -> tuple[float, str]:
    """Seconds `validate_project` takes to refuse the shipped content with n `*` in that text."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for part in ("content", "data"):
            shutil.copytree(REPO / part, root / part)
        path = root / "content" / "guides" / f"{GUIDE}.yaml"
        text = path.read_text(encoding="utf-8")
        first = re.compile(r"    text: \|\n(?:      .*\n)+")  # the first step's text, a block
        assert first.search(text)
        path.write_text(first.sub(f'    text: "{"*" * n}"\n', text, count=1), encoding="utf-8")
        start = time.perf_counter()
        try:
            validate_project(Project(root))
        except ValidationFailed as failure:
            return time.perf_counter() - start, str(failure.diagnostics[0])
        raise AssertionError("accepted")


def error_output(count: int) -> tuple[int, int, int, int]:
    """Bytes of the job summary and lines on stderr for `count` errors: uncapped, capped."""
    many = [
        Diagnostic(
            f"data/provinces/p{i % 31:02}.yaml",
            i + 1,
            1,
            "未知字段 'extra'；允许的字段：" + "、".join(["offices"] * 12),
        )
        for i in range(count)
    ]
    capped = len(summary(many).encode("utf-8"))
    from generator.editor import github

    rows, budget = github.SUMMARY_ROWS, github.SUMMARY_BYTES
    github.SUMMARY_ROWS = github.SUMMARY_BYTES = 10**12
    try:
        uncapped = len(summary(many).encode("utf-8"))
    finally:
        github.SUMMARY_ROWS, github.SUMMARY_BYTES = rows, budget
    from generator.cli import MAX_PRINTED

    return uncapped, capped, count + 1, min(count, MAX_PRINTED) + 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "RESULTS-bounds.md"))
    args = parser.parse_args()
    content = validate_project(Project(REPO)).content
    lines = [
        "# Bounded work on hostile input",
        "",
        f"Machine: Python {platform.python_version()}, {platform.machine()}; {date.today()}; "
        "`make bench` (benchmarks/bounds_bench.py). One field: the first step's text of the shipped guide "
        f"`{GUIDE}`, filled with n `*` (each escaped as `\\*`, the case Python-Markdown handles worst).",
        "",
        "| n | one paragraph s | pages showing it (zh-Hans) | added to those pages s | x3 languages s | now |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for n in LENGTHS:
        one = per_render(n)
        count, seconds = pages_cost(content, n) if n <= PAGES_UP_TO else (0, float("nan"))
        if n <= model.MAX_TEXT:
            now = "accepted"
        else:
            took, message = refused_in(n)
            now = f"refused by validation in {took:.2f} s"
        shown = (f"{count} | {seconds:.2f} | {3 * seconds:.1f}") if count else "not measured | | "
        lines.append(f"| {n} | {one:.3f} | {shown} | {now} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        "x3 languages: three times the zh-Hans figure (English and zh-Hant show the text too, as untranslated "
        "source text). Within the bound the cost grows with the square of one field's length and linearly "
        "with the number of fields: a file (256 KB at most) holds at most about 128 fields at the limit.",
        "",
        f"The limit ({model.MAX_TEXT} characters for text, {model.MAX_PLAIN} for plain values) is over five "
        "times the longest text shipped (365 characters, a law's article); every longer value is refused "
        f"before anything is rendered, with `{message.split(': error: ')[1]}`.",
        "",
        "| errors | job summary bytes, uncapped | capped | stderr lines, uncapped | capped |",
        "| --- | --- | --- | --- | --- |",
    ]
    for count in (1_000, 60_000):
        uncapped, capped, lines_before, lines_after = error_output(count)
        lines.append(f"| {count} | {uncapped:,} | {capped:,} | {lines_before:,} | {lines_after:,} |")
        print(lines[-1], flush=True)
    lines += ["", "GitHub refuses a step summary over 1 MiB (1,048,576 bytes).", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
