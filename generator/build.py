"""The driver: `build()` runs the phases in order, each one visible call on typed values.

    load + validate   validate_project(project)        -> Sources (positions kept for errors)
    localize          localize(content, language)      -> Content, one per language
    resolve           resolve(content)                 -> Site
    render            render_pages / print_models      -> Markdown pages, print models (data)
    write             build_pdfs, an engine (outputs/engines.py: MkDocs + Material, or Zensical),
                      write_bundles, open data -> a staging folder, swapped in at the end

Languages are built in parallel processes, each receiving the validated content (workers never
read the tree again). A failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import SOURCE_LANGUAGE, BuildOptions, Language, Project, site_url
from .core.history import ContentChange, content_history
from .core.resolve import Site, resolve
from .core.sources import Content
from .core.validate import validate_project
from .errors import BuildError, GuidesiteError
from .i18n.localize import localize
from .i18n.messages import _, load_translations
from .outputs.bundles import OfflineSite, offline_bundles, write_bundles
from .outputs.documents import PDF_DIR, Doc, documents
from .outputs.engines import DEFAULT_ENGINE, ENGINES, Engine
from .outputs.feed import FEED_FILE, render_feed
from .outputs.mkdocs_site import write_docs
from .outputs.open_data import render_open_data, write_files
from .outputs.pages import render_pages
from .outputs.pdf import PdfBatch, pdf_support
from .outputs.plan_data import render_plan_data
from .outputs.print_model import as_json, print_models
from .outputs.publish import as_worker, staging_folder, swap
from .outputs.search_index import read_index, select, write_index
from .progress import Progress, Stage

logger = logging.getLogger(__name__)


class BuildFailed(BuildError):
    pass


def site_in(content: Content, project: Project, language: Language) -> Site:
    """Phases 3 and 4 for one language: the content localized, then resolved."""
    return resolve(localize(content, language.code, project.locales_dir))


def build(
    project: Project,
    out: Path,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
    engine: Engine = ENGINES[DEFAULT_ENGINE],
) -> int:
    """Build the whole site, every language, with its PDFs and offline bundles, into `out`;
    returns the number of pages. Without PDF support (no Typst package, no Chinese font) the site is
    built without PDFs and says why, unless the options require them. `progress` shows the
    stages as they go (nothing by default); `engine` makes the HTML (outputs/engines.py)."""
    options = options or BuildOptions()
    progress = progress or Progress.quiet()
    missing_engine = engine.missing()
    if missing_engine:
        raise BuildFailed(missing_engine)
    # Not a stage: it takes a fraction of a second, and an editor's errors stand alone on stderr.
    sources = validate_project(project)  # the editor's errors, all of them, before any work
    content = sources.content
    missing = pdf_support() if options.pdfs else None
    if missing and options.require_pdfs:
        raise BuildFailed(_("无法生成 PDF：{reason}").format(reason=missing))
    if missing:
        logger.warning(_("警告：本次不生成 PDF，页面上也不显示下载链接。原因：{reason}").format(reason=missing))
    pdfs = options.pdfs and not missing
    if pdfs:
        build_pdfs(project, content, options, progress)
    with staging_folder(out) as staging:
        site, pages = build_html(project, content, staging, options, pdfs=pdfs, progress=progress, engine=engine)
        swap(site, out, staging)
    return pages


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of build workers. Stopped (Ctrl+C, SIGTERM) or failed, its workers are ended: none
    may go on writing into the staging folder once it is removed, nor keep the build waiting."""
    others = set(multiprocessing.active_children())
    with ProcessPoolExecutor(max_workers=workers, initializer=as_worker) as pool:
        try:
            yield pool
        except BaseException:
            for worker in set(multiprocessing.active_children()) - others:
                worker.terminate()
            raise


# --- every language's PDFs, in one pool ---------------------------------------------------------


@dataclass(frozen=True)
class PrintTask:
    """One language's print models (PDF path -> model as JSON), made in a worker."""

    project: Project
    content: Content
    language: Language
    source_date: int | None
    only: frozenset[str] | None = None

    def run(self) -> dict[str, str]:
        models = print_models(
            site_in(self.content, self.project, self.language),
            self.language.code,
            self.project.locales_dir,
            source_date=self.source_date,
            only=self.only,
        )
        return {rel: as_json(model) for rel, model in models.items()}


def build_pdfs(
    project: Project,
    content: Content,
    options: BuildOptions,
    progress: Progress,
    *,
    out: Callable[[Language], Path] | None = None,
    only: Callable[[Language], frozenset[str] | None] = lambda _language: None,
) -> PdfBatch:
    """Every language's PDFs (or `only` those of each language) into `out(language)` (default:
    its docs folder's pdf/, which the site and the offline bundle copy): the print models of the
    languages, then every PDF the cache lacks, all in one pool of processes. A whole build
    (`only` not given) clears the folders first and leaves only the cache entries it used."""
    whole = out is None
    target = out or (lambda language: project.docs_dir(language.code) / PDF_DIR)
    # Where a character no font has is looked for, to name its file, line and column.
    sources = (project.content_dir, project.provinces_dir, project.locales_dir)
    batch = PdfBatch(options.cache_for(project), project.templates_dir, sources)
    languages = [lang for lang in project.languages if only(lang) is None or only(lang)]
    workers = max(1, options.jobs or os.cpu_count() or 1)
    with worker_pool(workers) as pool:
        printing = progress.stage(_("PDF：整理排版数据"), len(languages))
        tasks = {lang.code: PrintTask(project, content, lang, options.pdf_date, only(lang)) for lang in languages}
        futures = {code: pool.submit(task.run) for code, task in tasks.items()}
        for lang in languages:  # in language order, so that the jobs are too
            if whole:
                shutil.rmtree(target(lang), ignore_errors=True)
            batch.add(futures[lang.code].result(), target(lang))
            printing.advance()
        printing.finish()
        stage = progress.stage(_("PDF：排版"), len(batch.jobs))
        batch.run(workers, stage, pool=pool)
        stage.finish(_("另有 {n} 个未改动，取自缓存").format(n=batch.from_cache))
    if whole:
        batch.prune()
    return batch


# --- published beside the pages: open data and the feed ---------------------------------------


def write_published(site: Site, task: PagesTask, folder: Path) -> None:
    """One language's open data (data/) and Atom feed (feed.xml) into `folder`, which build_html
    puts beside its pages once MkDocs has built them."""
    language = task.language
    files = render_open_data(site, language, pdfs=task.pdfs, with_schemas=language.code == SOURCE_LANGUAGE)
    ui = load_translations(language.code, "messages", task.project.locales_dir)
    files[FEED_FILE] = render_feed(site, language, task.history, ui, task.source_date)
    write_files(files, folder)


def _add_published(staging: Path, site: Path, languages: tuple[Language, ...]) -> None:
    for lang in languages:
        source = staging / "published" / lang.code
        if source.is_dir():
            shutil.copytree(source, site / lang.prefix, dirs_exist_ok=True)


# --- one language's HTML, in a worker process -----------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a task reports back: pages rendered, the documents (for the search index) and the
    offline zips' sizes by province (None: the language's), or what went wrong."""

    pages: int = 0
    docs: tuple[Doc, ...] = ()
    bundle_sizes: dict[str | None, int] | None = None
    problem: str | None = None


def build_site(
    project: Project,
    language: Language,
    site_dir: Path,
    docs: tuple[Doc, ...],
    engine: Engine,
    bundle_sizes: dict[str | None, int] | None = None,
) -> str | None:
    """The engine builds one language's site; its search index then keeps the results a reader
    should get (search_index.select). Returns the problems, or None."""
    problem = engine.build(project, language, site_dir, bundle_sizes=bundle_sizes)
    if problem is None:
        index = select(
            read_index(site_dir, engine.index), docs, merged=engine.index.merged, other_forms=engine.index.other_forms
        )
        write_index(index, site_dir, engine.index)
    return problem


@dataclass(frozen=True)
class PagesTask:
    """Render one language's pages into its docs folder; then build its offline site and zip its
    bundles into `bundles` (the language's and each province's), or build its site directly (no
    bundles)."""

    project: Project
    content: Content
    language: Language
    pdfs: bool
    site_dir: Path
    bundles: tuple[Path, Path] | None  # (the offline build's folder, where the zips go)
    source_date: int | None
    published: Path | None = None  # where to write the open data and the feed (not in the bundle)
    history: tuple[ContentChange, ...] = ()
    engine: Engine = ENGINES[DEFAULT_ENGINE]

    def run(self) -> Outcome:
        try:
            site = site_in(self.content, self.project, self.language)
            pages = render_pages(
                site, self.language.code, self.project.templates_dir, self.project.locales_dir, pdfs=self.pdfs
            )
            # The plan page's data, beside it (in the offline bundle too).
            pages.update(
                render_plan_data(site, self.language.code, self.project.templates_dir, self.project.locales_dir)
            )
            if self.published is not None:
                write_published(site, self, self.published)
        except GuidesiteError as exc:
            return Outcome(problem=str(exc))
        docs = tuple(documents(site))
        write_docs(pages, self.project.docs_dir(self.language.code), keep=PDF_DIR if self.pdfs else None)
        if self.bundles is None:
            return Outcome(
                len(pages), docs, problem=build_site(self.project, self.language, self.site_dir, docs, self.engine)
            )
        folder, downloads = self.bundles
        problem = self.engine.build(self.project, self.language, folder, offline=True)
        if problem:
            return Outcome(problem=f"offline: {problem}")
        offline = OfflineSite(folder, self.language.search, site_url(self.language), docs, self.engine.index)
        sizes = write_bundles(
            offline, offline_bundles(self.language.code, docs, site.provinces, self.pdfs), downloads, self.source_date
        )
        return Outcome(len(pages), docs, bundle_sizes=sizes)


@dataclass(frozen=True)
class SiteTask:
    """Build one language's site from the pages its PagesTask rendered; its home page and province
    pages give the offline zips' sizes."""

    project: Project
    language: Language
    site_dir: Path
    docs: tuple[Doc, ...]
    bundle_sizes: dict[str | None, int]
    engine: Engine

    def run(self) -> Outcome:
        return Outcome(
            problem=build_site(
                self.project, self.language, self.site_dir, self.docs, self.engine, bundle_sizes=self.bundle_sizes
            )
        )


@dataclass
class _Schedule:
    """Per language, a PagesTask and (after a bundle) a SiteTask; while one language's SiteTask
    runs, another's PagesTask can use the other core."""

    parts: dict[str, Path]
    failed: list[str] = field(default_factory=list)
    pages: int = 0

    def next_after(self, task: PagesTask | SiteTask, outcome: Outcome) -> SiteTask | None:
        if outcome.problem:
            self.failed.append(f"[{task.language.code}] {outcome.problem}")
            return None
        self.pages += outcome.pages
        if isinstance(task, PagesTask) and outcome.bundle_sizes is not None:
            return SiteTask(
                task.project,
                task.language,
                self.parts[task.language.code],
                outcome.docs,
                outcome.bundle_sizes,
                task.engine,
            )
        return None


def build_html(
    project: Project,
    content: Content,
    staging: Path,
    options: BuildOptions,
    *,
    pdfs: bool = False,
    offline: bool = True,
    progress: Progress | None = None,
    engine: Engine = ENGINES[DEFAULT_ENGINE],
) -> tuple[Path, int]:
    """Render and build every language, with its offline bundle, in parallel processes; assemble
    the languages into staging/site. Returns it and the number of pages."""
    codes = [lang.code for lang in project.languages]
    history = content_history(project.root)
    schedule = _Schedule({code: staging / "parts" / code for code in codes})
    zips = {code: staging / "zips" / code for code in codes}  # each holding downloads/*.zip
    first = [
        PagesTask(
            project,
            content,
            lang,
            pdfs,
            schedule.parts[lang.code],
            (staging / "offline" / lang.code, zips[lang.code]) if offline else None,
            options.source_date,
            staging / "published" / lang.code,
            history,
            engine,
        )
        for lang in project.languages
    ]
    workers = max(1, min(len(first), options.jobs or os.cpu_count() or 1))
    stage = (progress or Progress.quiet()).stage(_("网页和离线包"), len(first) * (2 if offline else 1))
    if workers == 1:
        for pages_task in first:
            follow = _advanced(stage, pages_task, schedule.next_after(pages_task, pages_task.run()))
            if follow:
                _advanced(stage, follow, schedule.next_after(follow, follow.run()))
    else:
        with worker_pool(workers) as pool:
            running: dict[Future[Outcome], PagesTask | SiteTask] = {pool.submit(t.run): t for t in first}
            while running:
                done, _pending = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    follow = _advanced(stage, task, schedule.next_after(task, future.result()))
                    if follow:
                        running[pool.submit(follow.run)] = follow
    stage.finish()
    if schedule.failed:
        raise BuildFailed("\n".join(schedule.failed))
    site = staging / "site"
    schedule.parts[SOURCE_LANGUAGE].rename(site)
    for lang in project.languages:
        if lang.code != SOURCE_LANGUAGE:
            schedule.parts[lang.code].rename(site / lang.prefix)
        if offline:
            for archive in sorted(zips[lang.code].rglob("*.zip")):
                target = site / lang.prefix / archive.relative_to(zips[lang.code])
                target.parent.mkdir(parents=True, exist_ok=True)
                archive.rename(target)
    _add_published(staging, site, project.languages)
    return site, schedule.pages


def _advanced(stage: Stage, task: PagesTask | SiteTask, follow: SiteTask | None) -> SiteTask | None:
    """A task of build_html done: a step of its stage, two for a PagesTask that was to have a
    SiteTask after it and has none (it failed)."""
    stage.advance(2 if isinstance(task, PagesTask) and task.bundles is not None and follow is None else 1)
    return follow
