"""PDFs for offline readers: the print HTML (print_html.py) laid out by WeasyPrint on A4.

One PDF per (guide, province), per (journey, province), and per province with all its guides:

    <out_dir>/pdf/guides/<guide-id>/<province-slug>.pdf
    <out_dir>/pdf/journeys/<journey-id>/<province-slug>.pdf
    <out_dir>/pdf/provinces/<province-slug>.pdf

A `PdfBatch` takes the documents of every language of a build and lays out in one pool of
processes those the cache does not have. Each document is set in the CJK font cut to its own
characters (fonts.py), so a PDF depends on its document, the stylesheet, the font's identity
and the tools' versions only: its cache key is made of exactly these (no path, no other
document), an edit lays out again only the documents it changed, and the same input gives the
same bytes in any folder, from the cache or not. WeasyPrint's own cut of the font to the
glyphs used is done by HarfBuzz on every machine (harfbuzz_subset.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import TEMPLATES_DIR
from ..errors import BuildError
from ..i18n.messages import _
from ..progress import Stage
from . import harfbuzz_subset
from .documents import PDF_DIR
from .fonts import (
    CUT_RECIPE,
    FontFace,
    FontNotFound,
    cut_font,
    document_characters,
    face_identity,
    find_cjk_bold,
    find_cjk_font,
)
from .library_logs import LogCollector
from .publish import atomic_file

FONT_FAMILY = "GuideSite CJK"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF (structure tree, /Lang, XMP title) as WeasyPrint makes it
# Characters WeasyPrint draws that are in no document's text: list markers (disc, circle, square).
GENERATED_CHARS = "\u2022\u25e6\u25aa"

logger = logging.getLogger(__name__)


class PdfError(BuildError):
    """A PDF could not be made; the message says why and, where it can, how to fix it."""


# --- what every PDF of a build is made with ----------------------------------------------------


@dataclass(frozen=True)
class PdfSetup:
    """The fonts and stylesheet of a build's PDFs; sent once to each worker process."""

    regular: FontFace
    bold: FontFace | None  # None: headings use the regular face (no synthetic bold smear)
    css: str  # templates/print/pdf.css
    base_url: str  # where the print templates' relative URLs point

    @classmethod
    def find(cls, templates_dir: Path = TEMPLATES_DIR) -> PdfSetup:
        try:
            regular = find_cjk_font()
        except FontNotFound as exc:
            raise PdfError(str(exc)) from None
        return cls(
            regular,
            find_cjk_bold(regular),
            (templates_dir / "print" / "pdf.css").read_text(encoding="utf-8"),
            (templates_dir / "print").as_uri() + "/",
        )

    def fingerprint(self) -> str:
        """Everything but the document that a PDF's bytes depend on: no path, no date."""
        import uharfbuzz
        import weasyprint

        faces = [face_identity(self.regular), face_identity(self.bold) if self.bold else "-"]
        parts = [*faces, CUT_RECIPE, self.css, weasyprint.__version__, uharfbuzz.__version__, PDF_VARIANT]
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def used(self) -> dict[str, str]:
        """Which font files are used, for messages and the benchmark."""
        used = {"regular": f"{self.regular.path}#{self.regular.index} [{self.regular.origin}]"}
        if self.bold is not None:
            used["bold"] = f"{self.bold.path}#{self.bold.index} [{self.bold.origin}]"
        return used


def cache_key(html: str, fingerprint: str) -> str:
    """The PDF cache's name for a document: its print HTML (which carries its date) and the
    setup's fingerprint."""
    return hashlib.sha256(f"{fingerprint}\0{html}".encode()).hexdigest()


# --- laying out one document (in a worker process) -----------------------------------------------

_prepared: dict[str, Any] = {}


def _prepare(setup: PdfSetup) -> dict[str, Any]:
    """Once per process: WeasyPrint's font subsetting through HarfBuzz, the stylesheet parsed,
    WeasyPrint's warnings collected instead of printed."""
    if _prepared.get("setup") != setup:
        from weasyprint import CSS

        harfbuzz_subset.install()
        collect = LogCollector()
        weasy_logger = logging.getLogger("weasyprint")
        weasy_logger.handlers = [collect]
        weasy_logger.propagate = False
        _prepared.update(setup=setup, collect=collect, css=CSS(string=setup.css, base_url=setup.base_url))
    return _prepared


def _font_faces(setup: PdfSetup, chars: str, font_config: Any) -> Any:
    """The @font-face rules of the fonts cut to `chars`, loaded into `font_config`. The cut goes
    through a temporary file, gone once WeasyPrint has taken its copy (a data: URL would cost
    five times as long to parse)."""
    from weasyprint import CSS

    with tempfile.TemporaryDirectory(prefix="guidesite-font-") as folder:
        regular = Path(folder) / "regular.otf"
        regular.write_bytes(cut_font(setup.regular, chars))
        bold = regular
        if setup.bold is not None:
            bold = Path(folder) / "bold.otf"
            bold.write_bytes(cut_font(setup.bold, chars))
        rule = '@font-face {{ font-family: "{family}"; src: url("{url}"); font-weight: {weight}; }}'
        rules = [rule.format(family=FONT_FAMILY, url=f.as_uri(), weight=w) for f, w in ((regular, 400), (bold, 700))]
        return CSS(string="\n".join(rules), font_config=font_config)


def lay_out(setup: PdfSetup, html: str, target: str) -> tuple[str, float, list[str]]:
    """Lay out one document and write it atomically; returns (target, seconds, warnings), seconds
    negative when it failed (warnings then holds why)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    start = time.perf_counter()
    prepared = _prepare(setup)
    collect: LogCollector = prepared["collect"]
    collect.messages.clear()
    try:
        font_config = FontConfiguration()  # this document's font only
        faces = _font_faces(setup, document_characters(html) + GENERATED_CHARS, font_config)
        with atomic_file(Path(target)) as tmp:
            document = HTML(string=html, base_url=setup.base_url).render(
                stylesheets=[faces, prepared["css"]], font_config=font_config
            )
            document.write_pdf(str(tmp), pdf_variant=PDF_VARIANT, pdf_identifier=False)
    except Exception as exc:  # noqa: BLE001 - WeasyPrint's failure on one document, reported by the parent
        return target, -1.0, [f"{type(exc).__name__}: {exc}"]
    return target, time.perf_counter() - start, list(collect.messages)


# --- a batch: the cache, then one pool ----------------------------------------------------------


@dataclass
class _Job:
    html: str
    target: Path
    key: str


@dataclass
class PdfBatch:
    """The PDFs of one build or command, of any number of languages: `add` each language's
    documents (copied from the cache where it has them), then `run` lays out the rest in one
    pool and keeps them in the cache."""

    cache_dir: Path
    templates_dir: Path = TEMPLATES_DIR
    setup: PdfSetup = field(init=False)
    fingerprint: str = field(init=False)
    jobs: list[_Job] = field(default_factory=list, init=False)
    from_cache: int = field(default=0, init=False)
    used_keys: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.setup = PdfSetup.find(self.templates_dir)
        self.fingerprint = self.setup.fingerprint()

    @property
    def _cached(self) -> Path:
        return self.cache_dir / "pdf"

    def add(self, documents: dict[str, str], pdf_root: Path) -> list[Path]:
        """Documents (path relative to pdf/ -> print HTML) to be PDFs under `pdf_root`; returns
        their paths in document order."""
        targets = []
        for rel, html in documents.items():
            target = pdf_root / rel
            key = cache_key(html, self.fingerprint)
            self.used_keys.add(key)
            hit = self._cached / f"{key}.pdf"
            if hit.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(hit, target)
                self.from_cache += 1
            else:
                self.jobs.append(_Job(html, target, key))
            targets.append(target)
        return targets

    def run(self, workers: int | None = None, stage: Stage | None = None, pool: Executor | None = None) -> int:
        """Lay out the documents the cache did not have, `workers` processes (default: one per
        core) or in `pool`; returns how many. Raises PdfError naming every document that failed;
        WeasyPrint's warnings are logged once each."""
        self._cached.mkdir(parents=True, exist_ok=True)
        failures: list[str] = []
        warnings: dict[str, list[str]] = {}  # message -> the PDFs that had it
        by_target = {str(job.target): job for job in self.jobs}
        for target, seconds, messages in self._results(workers, pool):
            job = by_target[target]
            if seconds < 0:
                failures.append(f"{target}: {messages[0]}")
            else:
                for message in dict.fromkeys(messages):
                    warnings.setdefault(message, []).append(target)
                # Kept at once: an interrupted build keeps what it finished.
                with atomic_file(self._cached / f"{job.key}.pdf") as tmp:
                    shutil.copyfile(job.target, tmp)
            if stage is not None:
                stage.advance()
        # A warning is told once, with how many PDFs had it: a missing library would otherwise
        # print the same line for each of a thousand PDFs.
        for message, targets in warnings.items():
            where = targets[0]
            if len(targets) > 1:
                where = _("{n} 个 PDF，例如 {first}").format(n=len(targets), first=targets[0])
            logger.warning(_("警告：{message}（{where}）").format(message=message, where=where))
        if failures:
            raise PdfError("\n".join(failures))
        return len(self.jobs)

    def _results(self, workers: int | None, pool: Executor | None) -> Iterator[tuple[str, float, list[str]]]:
        work = [(job.html, str(job.target)) for job in self.jobs]
        workers = max(1, min(workers or os.cpu_count() or 1, len(work) or 1))
        if pool is None and workers == 1:
            try:
                for html, target in work:
                    yield lay_out(self.setup, html, target)
            finally:
                # Let WeasyPrint's objects go now, not at interpreter exit, where their __del__
                # finds its libraries already unloaded and prints an error.
                _prepared.clear()
            return
        if pool is not None:
            yield from _as_completed(pool, self.setup, work)
            return
        with ProcessPoolExecutor(max_workers=workers) as own:
            yield from _as_completed(own, self.setup, work)

    def prune(self) -> int:
        """Remove the cached PDFs this batch did not use (after a whole build: PDFs of documents
        that changed or went away), and font subsets of the former cache layout."""
        removed = 0
        for old in [*self._cached.glob("*.pdf"), *self.cache_dir.glob("cjk-*.otf")]:
            if old.suffix == ".otf" or old.stem not in self.used_keys:
                old.unlink(missing_ok=True)
                removed += 1
        return removed


def _as_completed(
    pool: Executor, setup: PdfSetup, work: Iterable[tuple[str, str]]
) -> Iterator[tuple[str, float, list[str]]]:
    """Results in the order they finish, with no more than a few documents queued per worker,
    so that a pool shared with other tasks is not blocked behind all of them."""
    pending = iter(work)
    running: set[Future[tuple[str, float, list[str]]]] = set()
    limit = 2 * (getattr(pool, "_max_workers", None) or os.cpu_count() or 1)
    while True:
        for html, target in pending:
            running.add(pool.submit(lay_out, setup, html, target))
            if len(running) >= limit:
                break
        if not running:
            return
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()


def write_pdfs(
    documents: dict[str, str],
    out_dir: Path,
    *,
    cache_dir: Path,
    jobs: int | None = None,
    templates_dir: Path = TEMPLATES_DIR,
) -> list[Path]:
    """Lay out the print documents of one language (`documents`: path relative to pdf/ -> print
    HTML, which carries the date) into `out_dir`/pdf/; returns their paths in document order."""
    batch = PdfBatch(cache_dir, templates_dir)
    paths = batch.add(documents, out_dir / PDF_DIR)
    batch.run(jobs)
    return paths


def pdf_support() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint's system libraries, HarfBuzz's subsetter or a
    Chinese font missing), or None."""
    try:
        import weasyprint  # noqa: F401 - loads Pango through cffi
    except OSError as exc:
        return _(
            "WeasyPrint 无法加载系统库（{reason}）：请安装 Pango，例如 apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ).format(reason=exc)
    try:
        import uharfbuzz  # noqa: F401 - the font subsetter (a dependency: missing only in an old venv)
    except ImportError:
        return _("缺少 Python 包 uharfbuzz（用于裁剪字体）：请运行 make site，或 .venv/bin/pip install -e .")
    try:
        find_cjk_font()
    except FontNotFound as exc:
        return str(exc)
    return None
