"""PDFs for offline readers: the print HTML (print_html.py) laid out by WeasyPrint on A4.

One PDF per (guide, province), per (journey, province), and per province with all its guides:

    <out_dir>/pdf/guides/<guide-id>/<province-slug>.pdf
    <out_dir>/pdf/journeys/<journey-id>/<province-slug>.pdf
    <out_dir>/pdf/provinces/<province-slug>.pdf

Speed: the CJK font is cut once per build to the characters the documents use (fonts.py,
cached by content hash), and the documents are laid out in parallel processes. Same input and
the same source date give the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from ..config import TEMPLATES_DIR
from ..errors import BuildError
from ..i18n.messages import _
from .documents import PDF_DIR
from .fonts import FontNotFound, find_cjk_bold, find_cjk_font, subset_font
from .library_logs import LogCollector
from .publish import atomic_file

FONT_FAMILY = "GuideSite CJK"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF (structure tree, /Lang, XMP title) as WeasyPrint makes it
# Characters WeasyPrint draws that are in no document's text: list markers (disc, circle, square).
GENERATED_CHARS = "\u2022\u25e6\u25aa"

logger = logging.getLogger(__name__)


class PdfError(BuildError):
    """A PDF could not be made; the message says why and, where it can, how to fix it."""


# --- fonts and stylesheets -------------------------------------------------------------------


def stylesheets(text: str, cache_dir: Path, templates_dir: Path = TEMPLATES_DIR) -> tuple[list[str], dict[str, str]]:
    """The CSS texts for the PDFs: @font-face rules for the subset CJK font (made or taken from
    the cache) and templates/print/pdf.css. Also returns which font files were used."""
    regular = find_cjk_font()
    bold = find_cjk_bold(regular)
    faces = {"regular": subset_font(regular, text, cache_dir)}
    if bold is not None:
        faces["bold"] = subset_font(bold, text, cache_dir)
    rules = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{faces["regular"].as_uri()}"); font-weight: 400; }}'
    ]
    # Without a bold face headings stay regular instead of being smeared by synthetic bold.
    bold_face = faces.get("bold", faces["regular"]).as_uri()
    rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{bold_face}"); font-weight: 700; }}')
    used = {"regular": f"{regular.path}#{regular.index} [{regular.origin}]"}
    if bold is not None:
        used["bold"] = f"{bold.path}#{bold.index} [{bold.origin}]"
    return ["\n".join(rules), (templates_dir / "print" / "pdf.css").read_text(encoding="utf-8")], used


# --- writing PDFs (in worker processes) ------------------------------------------------------

_worker: dict[str, Any] = {}


def init_worker(css_texts: list[str], templates_dir: Path) -> None:
    """Parse the stylesheets and load the fonts once per process, not once per document."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    collect = LogCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    logger.propagate = False
    font_config = FontConfiguration()
    _worker.update(
        font_config=font_config,
        collect=collect,
        base_url=str(templates_dir / "print") + "/",
        css=[CSS(string=t, font_config=font_config) for t in css_texts],
    )


def write_pdf(html: str, target: str) -> tuple[str, float, list[str]]:
    """Lay out one document and write it atomically; returns (target, seconds, warnings)."""
    from weasyprint import HTML

    start = time.perf_counter()
    collect: LogCollector = _worker["collect"]
    collect.messages.clear()
    try:
        with atomic_file(Path(target)) as tmp:
            document = HTML(string=html, base_url=_worker["base_url"]).render(
                stylesheets=_worker["css"], font_config=_worker["font_config"]
            )
            document.write_pdf(str(tmp), pdf_variant=PDF_VARIANT, pdf_identifier=False)
    except Exception as exc:  # noqa: BLE001 - WeasyPrint's failure on one document, reported by the parent
        return target, -1.0, [f"{type(exc).__name__}: {exc}"]
    return target, time.perf_counter() - start, list(collect.messages)


def _write_all(
    jobs_list: list[tuple[str, str]], css_texts: list[str], jobs: int, templates_dir: Path
) -> Iterator[tuple[str, float, list[str]]]:
    if jobs <= 1 or len(jobs_list) <= 1:
        init_worker(css_texts, templates_dir)
        try:
            for html, target in jobs_list:
                yield write_pdf(html, target)
        finally:
            # Let WeasyPrint's font configuration go now, not at interpreter exit, where its
            # __del__ finds its libraries already unloaded and prints an error.
            _worker.clear()
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(css_texts, templates_dir)) as pool:
        futures = [pool.submit(write_pdf, html, target) for html, target in jobs_list]
        for future in as_completed(futures):
            yield future.result()


class _Progress:
    """A bar on stderr when it is a terminal; otherwise one summary line at the end."""

    def __init__(self, total: int):
        self.total, self.done, self.start = total, 0, time.perf_counter()
        self.tty = sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            sys.stderr.write(f"\rPDF [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
        seconds = time.perf_counter() - self.start
        logger.info(_("已生成 {n} 个 PDF，用时 {s:.1f} 秒").format(n=self.done, s=seconds))


def write_pdfs(
    documents: dict[str, str],
    out_dir: Path,
    *,
    cache_dir: Path,
    jobs: int | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    source_date: int | None = None,
) -> list[Path]:
    """Lay out every print document (`documents`: path relative to pdf/ -> print HTML) into
    `out_dir`/pdf/; returns their paths in document order. `jobs` processes (default: all cores);
    `cache_dir` holds the subset fonts and the PDFs of documents seen before. Raises PdfError
    with a message, never a traceback."""
    try:
        css_texts, _used = stylesheets("".join(documents.values()) + GENERATED_CHARS, cache_dir, templates_dir)
    except FontNotFound as exc:
        raise PdfError(str(exc)) from None
    pdf_root = out_dir / PDF_DIR
    targets = {rel: pdf_root / rel for rel in documents}
    # A PDF is laid out again only when its document, the stylesheets (and so the font subset)
    # or the date stamp changed: the rest come from the cache, byte for byte.
    cached = cache_dir / "pdf"
    keys = {rel: _cache_key(documents[rel], css_texts, source_date) for rel in documents}
    work = []
    for rel in documents:
        hit = cached / f"{keys[rel]}.pdf"
        if hit.is_file():
            targets[rel].parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hit, targets[rel])
        else:
            work.append((documents[rel], str(targets[rel])))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(work) or 1))
    progress = _Progress(len(work))
    failures, warnings = [], []
    for target, seconds, messages in _write_all(work, css_texts, jobs, templates_dir):
        progress.step()
        if seconds < 0:
            failures.append(f"{target}: {messages[0]}")
        else:
            warnings += [f"{target}: {m}" for m in messages]
    progress.finish()
    for w in dict.fromkeys(warnings):
        logger.warning(_("警告：{message}").format(message=w))
    if failures:
        raise PdfError("\n".join(failures))
    made = {target for _html, target in work}
    cached.mkdir(parents=True, exist_ok=True)
    for rel in documents:
        if str(targets[rel]) in made:
            shutil.copyfile(targets[rel], cached / f"{keys[rel]}.pdf")
    return [targets[rel] for rel in documents]


def _cache_key(html: str, css_texts: list[str], source_date: int | None) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (html, *css_texts, weasyprint.__version__, PDF_VARIANT, str(source_date)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def pdf_support() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint's system libraries or a Chinese font missing), or None."""
    try:
        import weasyprint  # noqa: F401 - loads Pango through cffi
    except OSError as exc:
        return _(
            "WeasyPrint 无法加载系统库（{reason}）：请安装 Pango，例如 apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ).format(reason=exc)
    try:
        find_cjk_font()
    except FontNotFound as exc:
        return str(exc)
    return None
