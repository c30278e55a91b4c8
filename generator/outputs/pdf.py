"""PDFs for offline readers: each printed document's data (print_model.py) laid out by Typst on A4
with one fixed template per kind (templates/typst/), tagged PDF/UA-1, then compressed with object
streams (pikepdf).

One PDF per (guide, province), per (journey, province), and per province with all its guides:

    <out_dir>/pdf/guides/<guide-id>/<province-slug>.pdf
    <out_dir>/pdf/journeys/<journey-id>/<province-slug>.pdf
    <out_dir>/pdf/provinces/<province-slug>.pdf

A `PdfBatch` takes the documents of every language of a build and lays out in one pool of
processes those the cache does not have; each worker process makes one `typst.Compiler` (it scans
the font folder: 50-120 ms) and reuses it. A PDF depends on its document, the templates, the
font's identity and the tools' versions only: its cache key is made of exactly these (no path, no
other document), an edit lays out again only the documents it changed, and the same input gives
the same bytes in any folder, from the cache or not.

Editors' text is never Typst markup: the template reads the document as JSON (sys.inputs) and
places each value as text. A character the font cannot draw is an error naming where the YAML or
catalog has it (Typst would drop it silently, or fail the whole PDF/UA document without saying
where the character came from).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import TEMPLATES_DIR
from ..errors import BuildError
from ..i18n.messages import _
from ..progress import Stage
from .documents import PDF_DIR
from .fonts import FontFace, FontNotFound, face_family, face_identity, find_cjk_font
from .print_model import as_json, strings
from .publish import atomic_file

TYPST_DIR = "typst"  # under the templates folder: the compiler's root, and all it can read
# The template of each kind of document, by the first folder of its PDF's path.
TEMPLATE_OF = {"guides": "guide.typ", "journeys": "journey.typ", "provinces": "province.typ"}
PDF_STANDARDS = ["ua-1"]  # tagged, with Typst's own checks (heading order, every glyph in a font)
# Characters the templates draw themselves (list bullets), besides the documents' text.
TEMPLATE_CHARS = "•"
MISSING = "missing-glyphs:"  # a worker's report: these characters are in no configured font

logger = logging.getLogger(__name__)


class PdfError(BuildError):
    """A PDF could not be made; the message says why and, where it can, how to fix it."""


# --- what every PDF of a build is made with ----------------------------------------------------


@dataclass(frozen=True)
class PdfSetup:
    """The font and templates of a build's PDFs; sent once to each worker process."""

    font: FontFace
    family: str  # the face's family name, as Typst knows it ("Noto Sans CJK SC")
    templates: Path  # templates/typst: the compiler's root
    sources: tuple[Path, ...] = ()  # the editors' and translators' files, searched for a character no font has

    @classmethod
    def find(cls, templates_dir: Path = TEMPLATES_DIR, sources: Sequence[Path] = ()) -> PdfSetup:
        try:
            font = find_cjk_font()
        except FontNotFound as exc:
            raise PdfError(str(exc)) from None
        return cls(font, face_family(font), templates_dir / TYPST_DIR, tuple(sources))

    def fingerprint(self) -> str:
        """Everything but the document that a PDF's bytes depend on: no path, no date."""
        import pikepdf
        import typst

        templates = [f"{p.name}\0{p.read_text(encoding='utf-8')}" for p in sorted(self.templates.glob("*.typ"))]
        versions = [_version("typst", typst), pikepdf.__version__, ",".join(PDF_STANDARDS)]
        parts = [face_identity(self.font), self.family, *templates, *versions]
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def used(self) -> dict[str, str]:
        """Which font file is used, for messages and the benchmark."""
        return {"regular": f"{self.font.path}#{self.font.index} ({self.family}) [{self.font.origin}]"}


def _version(name: str, module: Any) -> str:
    from importlib.metadata import version

    return str(getattr(module, "__version__", None) or version(name))


def cache_key(data: str, fingerprint: str) -> str:
    """The PDF cache's name for a document: its print model as JSON (which carries its date) and
    the setup's fingerprint."""
    return hashlib.sha256(f"{fingerprint}\0{data}".encode()).hexdigest()


# --- laying out one document (in a worker process) -----------------------------------------------

_prepared: dict[str, Any] = {}


def _prepare(setup: PdfSetup) -> dict[str, Any]:
    """Once per process: the compiler (its font scan) and the characters the font covers."""
    if _prepared.get("setup") != setup:
        import typst
        from fontTools.ttLib import TTFont

        compiler = typst.Compiler(
            root=str(setup.templates), font_paths=[str(setup.font.path.parent)], ignore_system_fonts=True
        )
        face = TTFont(str(setup.font.path), fontNumber=setup.font.index, lazy=True)
        covered = set((face.getBestCmap() or {}).keys())
        _prepared.update(setup=setup, compiler=compiler, covered=covered)
    return _prepared


def uncovered(model: dict[str, Any], covered: set[int]) -> str:
    """The characters of the document no configured font can draw, sorted (spacing and control
    characters are not drawn)."""
    chars = set("".join(strings(model))) | set(TEMPLATE_CHARS)
    return "".join(
        sorted(
            ch for ch in chars if ord(ch) not in covered and unicodedata.category(ch) not in ("Cc", "Zs", "Zl", "Zp")
        )
    )


def compress(pdf: bytes) -> bytes:
    """The PDF with its objects in compressed object streams (the tag tree is most of a Typst PDF)
    and a document id made from its content, so that the same input gives the same bytes; without
    the default `/Suspects false` that Poppler-based readers take for an error."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        mark_info = document.Root.get("/MarkInfo")
        if mark_info is not None and mark_info.get("/Suspects") is False:
            # False is the default; Poppler (pdfinfo, Evince, Okular) reports the valid
            # `/Suspects false` Typst writes as "Suspects object is wrong type (boolean)".
            del mark_info["/Suspects"]
        document.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
        )
    return out.getvalue()


def lay_out(setup: PdfSetup, data: str, target: str, template: str) -> tuple[str, float, list[str]]:
    """Lay out one document (its print model as JSON) with `template` and write it atomically;
    returns (target, seconds, warnings), seconds negative when it failed (warnings then holds why)."""
    import typst

    start = time.perf_counter()
    prepared = _prepare(setup)
    try:
        missing = uncovered(json.loads(data), prepared["covered"])
        if missing:
            return target, -1.0, [MISSING + missing]
        pdf, warnings = prepared["compiler"].compile_with_warnings(
            input=str(setup.templates / template),
            sys_inputs={"data": data, "font": setup.family},
            pdf_standards=PDF_STANDARDS,
        )
        with atomic_file(Path(target)) as tmp:
            tmp.write_bytes(compress(pdf))
    except typst.TypstError as exc:
        return target, -1.0, [template_error(exc, template)]
    return target, time.perf_counter() - start, [str(getattr(w, "message", w)) for w in warnings or []]


# Where Typst's report places an error: "┌─ <path>:<line>:<column>", the first one the innermost.
_TYPST_PLACE = re.compile(r"┌─ (?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+)")


def template_error(exc: Any, template: str) -> str:
    """A Typst error as `templates/typst/<file>:<line>:<col>: error: <message>`, at the place in
    the template that failed (the document's data has no place of its own), with Typst's hints."""
    place = _TYPST_PLACE.search(str(getattr(exc, "diagnostic", "") or ""))
    where = f"templates/{TYPST_DIR}/{template}"
    if place:
        where = f"templates/{TYPST_DIR}/{Path(place['path']).name}:{place['line']}:{place['col']}"
    message = str(getattr(exc, "message", "") or exc)
    hints = [str(h) for h in getattr(exc, "hints", None) or []]
    return f"{where}: error: " + "；".join([message, *hints])


_SOURCE_FILES = (".yaml", ".yml", ".po")


def where_characters(chars: str, sources: Iterable[Path], root: Path | None = None) -> list[str]:
    """`path:line:col` of every place the editors' and translators' files hold one of `chars`."""
    places = []
    for folder in sources:
        files = (
            [folder]
            if folder.is_file()
            else sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".po"))
        )
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if not any(ch in text for ch in chars):
                continue
            shown = path.as_posix()
            if root is not None and path.is_relative_to(root):
                shown = path.relative_to(root).as_posix()
            for number, line in enumerate(text.splitlines(), start=1):
                for col, ch in enumerate(line, start=1):
                    if ch in chars:
                        places.append((shown, number, col, ch))
    return [f"{path}:{line}:{col}: {ch}" for path, line, col, ch in places]


def _missing_message(target: str, chars: str, setup: PdfSetup) -> str:
    names = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in chars)
    root = Path.cwd()
    places = where_characters(chars, setup.sources, root)
    lines = []
    for place in places:
        where, ch = place.rsplit(": ", 1)
        lines.append(
            _(
                "{where}: error: 字符 “{ch}”（U+{code}）不在 PDF 所用的字体 {font} 中，PDF 里会缺字：请改用常用字或写法"
            ).format(where=where, ch=ch, code=f"{ord(ch):04X}", font=setup.family)
        )
    if not lines:
        lines.append(
            _("{target}: error: 字符 {names} 不在 PDF 所用的字体 {font} 中").format(
                target=target, names=names, font=setup.family
            )
        )
    return "\n".join(lines)


# --- a batch: the cache, then one pool ----------------------------------------------------------


@dataclass
class _Job:
    data: str  # the print model as JSON
    target: Path
    key: str
    template: str


def template_of(rel: str) -> str:
    return TEMPLATE_OF[Path(rel).parts[0]]


@dataclass
class PdfBatch:
    """The PDFs of one build or command, of any number of languages: `add` each language's
    documents (copied from the cache where it has them), then `run` lays out the rest in one
    pool and keeps them in the cache."""

    cache_dir: Path
    templates_dir: Path = TEMPLATES_DIR
    sources: Sequence[Path] = ()
    setup: PdfSetup = field(init=False)
    fingerprint: str = field(init=False)
    jobs: list[_Job] = field(default_factory=list, init=False)
    from_cache: int = field(default=0, init=False)
    used_keys: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.setup = PdfSetup.find(self.templates_dir, self.sources)
        self.fingerprint = self.setup.fingerprint()

    @property
    def _cached(self) -> Path:
        return self.cache_dir / "pdf"

    def add(self, documents: dict[str, str], pdf_root: Path) -> list[Path]:
        """Documents (path relative to pdf/ -> print model as JSON) to be PDFs under `pdf_root`;
        returns their paths in document order."""
        targets = []
        for rel, data in documents.items():
            target = pdf_root / rel
            key = cache_key(data, self.fingerprint)
            self.used_keys.add(key)
            hit = self._cached / f"{key}.pdf"
            if hit.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(hit, target)
                self.from_cache += 1
            else:
                self.jobs.append(_Job(data, target, key, template_of(rel)))
            targets.append(target)
        return targets

    def run(self, workers: int | None = None, stage: Stage | None = None, pool: Executor | None = None) -> int:
        """Lay out the documents the cache did not have, `workers` processes (default: one per
        core) or in `pool`; returns how many. Raises PdfError naming every document that failed
        (a character no font has: every place the sources hold it); Typst's warnings are logged
        once each."""
        self._cached.mkdir(parents=True, exist_ok=True)
        failures: dict[str, list[str]] = {}  # message -> the PDFs that failed with it
        missing: dict[str, str] = {}  # character -> the first PDF that has it
        warnings: dict[str, list[str]] = {}  # message -> the PDFs that had it
        by_target = {str(job.target): job for job in self.jobs}
        for target, seconds, messages in self._results(workers, pool):
            job = by_target[target]
            if seconds < 0:
                if messages[0].startswith(MISSING):
                    for ch in messages[0][len(MISSING) :]:
                        missing.setdefault(ch, target)
                else:
                    failures.setdefault(messages[0], []).append(target)
            else:
                for message in dict.fromkeys(messages):
                    warnings.setdefault(message, []).append(target)
                # Kept at once: an interrupted build keeps what it finished.
                with atomic_file(self._cached / f"{job.key}.pdf") as tmp:
                    shutil.copyfile(job.target, tmp)
            if stage is not None:
                stage.advance()
        # A warning is told once, with how many PDFs had it.
        for message, targets in warnings.items():
            where = targets[0]
            if len(targets) > 1:
                where = _("{n} 个 PDF，例如 {first}").format(n=len(targets), first=targets[0])
            logger.warning(_("警告：{message}（{where}）").format(message=message, where=where))
        # A template's error is told once, with the PDFs it stopped.
        errors = [_missing_message(missing[ch], ch, self.setup) for ch in sorted(missing)]
        for message, targets in failures.items():
            errors.append(
                _("{message}（{n} 个 PDF，例如 {first}）").format(message=message, n=len(targets), first=targets[0])
            )
        if errors:
            raise PdfError("\n".join(errors))
        return len(self.jobs)

    def _results(self, workers: int | None, pool: Executor | None) -> Iterator[tuple[str, float, list[str]]]:
        work = [(job.data, str(job.target), job.template) for job in self.jobs]
        workers = max(1, min(workers or os.cpu_count() or 1, len(work) or 1))
        if pool is not None:
            yield from _as_completed(pool, self.setup, work)
            return
        # Always in worker processes, never in this one: a process that has made a Typst compiler
        # holds its threads, and a pool forked from it later (the build's) can hang on their locks.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver")) as own:
            yield from _as_completed(own, self.setup, work)

    def prune(self) -> int:
        """Remove the cached PDFs this batch did not use (after a whole build: PDFs of documents
        that changed or went away), and font subsets of a former cache layout."""
        removed = 0
        for old in [*self._cached.glob("*.pdf"), *self.cache_dir.glob("cjk-*.otf")]:
            if old.suffix == ".otf" or old.stem not in self.used_keys:
                old.unlink(missing_ok=True)
                removed += 1
        return removed


def _as_completed(
    pool: Executor, setup: PdfSetup, work: Iterable[tuple[str, str, str]]
) -> Iterator[tuple[str, float, list[str]]]:
    """Results in the order they finish, with no more than a few documents queued per worker,
    so that a pool shared with other tasks is not blocked behind all of them."""
    pending = iter(work)
    running: set[Future[tuple[str, float, list[str]]]] = set()
    limit = 2 * (getattr(pool, "_max_workers", None) or os.cpu_count() or 1)
    while True:
        for data, target, template in pending:
            running.add(pool.submit(lay_out, setup, data, target, template))
            if len(running) >= limit:
                break
        if not running:
            return
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()


def write_pdfs(
    models: Mapping[str, dict[str, Any]],
    out_dir: Path,
    *,
    cache_dir: Path,
    jobs: int | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    sources: Sequence[Path] = (),
) -> list[Path]:
    """Lay out the print models of one language (path relative to pdf/ -> model, which carries the
    date) into `out_dir`/pdf/; returns their paths in document order."""
    batch = PdfBatch(cache_dir, templates_dir, sources)
    paths = batch.add({rel: as_json(model) for rel, model in models.items()}, out_dir / PDF_DIR)
    batch.run(jobs)
    return paths


def pdf_support() -> str | None:
    """Why PDFs cannot be made here (Typst or pikepdf missing from an old venv, or no Chinese
    font), or None."""
    try:
        import pikepdf  # noqa: F401 - dependencies: missing only in a venv made before them
        import typst  # noqa: F401
    except ImportError as exc:
        return _("缺少 Python 包 {name}：请运行 make site，或 .venv/bin/pip install -e .").format(name=exc.name)
    try:
        find_cjk_font()
    except FontNotFound as exc:
        return str(exc)
    return None
