"""Stage 6: write the rendered Markdown and build it with MkDocs + Material.

The site is built into a temporary folder beside the output and swapped in only when the
whole build succeeded, so a failed build leaves the previous site as it was.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import jinja2

from .config import MKDOCS_YML, Project
from .render import render_pages
from .validate import load_project


class BuildFailed(Exception):
    pass


def write_docs(pages: dict[str, str], docs_dir: Path) -> None:
    """Make `docs_dir` hold exactly `pages`; files whose text is unchanged are not touched
    (the live preview watches this folder and would otherwise rebuild forever)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    for rel, text in pages.items():
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    wanted = {docs_dir / rel for rel in pages}
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def generate_docs(project: Project) -> dict[str, str]:
    """load -> validate -> resolve -> render -> write; raises ValidationFailed or BuildFailed."""
    site = load_project(project)
    try:
        pages = render_pages(site)
    except Exception as exc:  # a template bug, not an editor's: say where, without a traceback
        raise BuildFailed(f"{_template_location(exc)}{type(exc).__name__}: {exc}") from None
    write_docs(pages, project.docs_dir)
    return pages


def _template_location(exc: BaseException) -> str:
    """`templates/x.md.j2:12: ` from the innermost template frame of the exception."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename}:{exc.lineno}: "
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _quiet_jieba() -> None:
    """Material's search segments Chinese with jieba, which logs its dictionary loading at
    DEBUG level to stderr on every build; only its warnings are worth an editor's attention."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - a dependency; search then falls back to no segmentation
        return
    jieba.setLogLevel(logging.WARNING)


def run_mkdocs(docs_dir: Path, site_dir: Path) -> None:
    """MkDocs in strict mode: any warning (a broken link or anchor) fails the build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _quiet_jieba()
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(config_file=str(MKDOCS_YML), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildFailed("\n".join(collect.messages + [str(exc)])) from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if collect.messages:  # strict mode should have aborted already; never ship a warned build
        raise BuildFailed("\n".join(collect.messages))


def build(project: Project, out: Path) -> int:
    """Build the whole site into `out`; returns the number of pages."""
    pages = generate_docs(project)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        run_mkdocs(project.docs_dir, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out)
    return len(pages)


def _swap(new: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        out.rename(old / "site")
    new.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
