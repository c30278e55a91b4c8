"""Stage 6: write the rendered Markdown of every language and build each with MkDocs + Material.

Each language is its own MkDocs build (a small config INHERITing mkdocs.yml), run in parallel
processes, with its own search index. Everything is built into a staging folder beside the
output and swapped in only when all of it succeeded, so a failed build leaves the previous
site as it was.
"""
from __future__ import annotations

import logging
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable

import yaml

from .config import MKDOCS_YML, OFFLINE_BUNDLE, SOURCE_LANGUAGE, Language, Project
from .diagnostics import LogCollector, ValidationFailed, template_location
from .render import Page, render_pages
from .resolve import Site
from .translate import N_, CatalogMissing, Formatter, _, language_name, load_translations, text_direction
from .validate import load_project

# The navigation shown on every page: the five sections only (the rest is reached by links;
# a full tree would add hundreds of links to each page for readers on slow connections).
NAV = (
    (N_("首页"), "index.md"),
    (N_("办事指南"), "guides/index.md"),
    (N_("按省份"), "provinces/index.md"),
    (N_("法律依据"), "laws/index.md"),
    (N_("材料说明"), "materials.md"),
)
# mkdocs.yml's site_name and site_description, marked here for the catalogs (a test keeps them equal).
SITE_NAME = N_("跨省社保办事指南")
SITE_DESCRIPTION = N_("跨省转移社会保险、申领社会保障卡的分步办事指南，按省份列出办事窗口、材料、时限和法律依据。")


OFFLINE_TITLE = N_("离线使用")
OFFLINE_LINK = N_("下载本站离线版（zip，{size}）")
OFFLINE_HINT = N_("解压后打开其中的 index.html，不联网也能浏览和搜索。")
# Shown by the live preview over the last good page while a saved file has errors.
PREVIEW_ERRORS = N_("刚保存的文件有错误，本页仍是上次成功生成的版本。请按下面的提示修改：")


class BuildFailed(Exception):
    pass


def write_docs(pages: dict[str, str], docs_dir: Path, keep: str | None = None) -> None:
    """Make `docs_dir` hold exactly `pages` (and the folder `keep`); files whose text is
    unchanged are not touched (the live preview's dirty builds rebuild only the pages whose
    Markdown is newer than their HTML)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    for rel, text in pages.items():
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    wanted = {docs_dir / rel for rel in pages}
    for path in sorted(docs_dir.rglob("*"), reverse=True):
        if keep and path.relative_to(docs_dir).parts[0] == keep:
            continue
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def generate_docs(project: Project, *, pdfs: bool = False,
                  languages: tuple[Language, ...] | None = None) -> tuple[Site, dict[str, dict[str, str]]]:
    """load -> validate -> resolve -> translate -> render -> write, for every language.
    `pdfs`: the pages link to their PDFs (which `build` then writes beside them).
    Raises ValidationFailed (the editor's data) or BuildFailed (templates, catalogs)."""
    site = load_project(project)
    pages: dict[str, dict[str, str]] = {}
    for language in languages or project.languages:
        pages[language.code] = render_language(site, project, language, pdfs=pdfs)
        write_docs(pages[language.code], project.docs_dir(language.code), keep=PDF_DIR if pdfs else None)
    return site, pages


def render_language(site: Site, project: Project, language: Language, *, pdfs: bool = False,
                    select: Callable[[Page], bool] | None = None) -> dict[str, str]:
    """`render_pages` for one language, a template's or catalog's failure raised as BuildFailed."""
    try:
        return render_pages(site, language.code, project.templates_dir, project.locales_dir, pdfs=pdfs, select=select)
    except CatalogMissing as exc:
        raise BuildFailed(str(exc)) from None
    except Exception as exc:  # a template bug, not an editor's: say where, without a traceback
        raise BuildFailed(f"{template_location(exc)}{type(exc).__name__}: {exc}") from None


PDF_DIR = "pdf"  # in each language's docs: the PDFs, made before MkDocs so that it checks the links


def pdf_support() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint's system libraries or a Chinese font missing), or None."""
    from .fonts import FontNotFound, find_cjk_font

    try:
        import weasyprint  # noqa: F401 - loads Pango through cffi
    except OSError as exc:
        return _("WeasyPrint 无法加载系统库（{reason}）：请安装 Pango，例如 apt-get install libpango-1.0-0 libpangoft2-1.0-0").format(reason=exc)
    try:
        find_cjk_font()
    except FontNotFound as exc:
        return str(exc)
    return None


def _default_source_date(root: Path) -> None:
    """Without SOURCE_DATE_EPOCH, date the build by the last commit (reproducible-builds.org's
    convention), so that rebuilding the same commit gives the same bytes and cached PDFs stay valid."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        run = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return
    if run.returncode == 0 and run.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = run.stdout.strip()


def _write_pdfs(project: Project, site: Site, jobs: int | None) -> None:
    from .pdf import PdfError, build_pdfs

    for language in project.languages:
        docs = project.docs_dir(language.code)
        shutil.rmtree(docs / PDF_DIR, ignore_errors=True)
        try:
            build_pdfs(site, language.code, docs, jobs, cache_dir=project.build_dir / "cache",
                       templates_dir=project.templates_dir, locales_dir=project.locales_dir)
        except PdfError as exc:
            raise BuildFailed(str(exc)) from None


def mkdocs_config(project: Project, language: Language, site_dir: Path, *, offline: bool = False,
                  preview: bool = False, bundle_size: int | None = None) -> Path:
    """Write build/mkdocs.<language>.yml: mkdocs.yml plus what differs per language.
    `offline`: the bundle that browses from file:// (Material's offline plugin, one language).
    `preview`: `guidesite serve`'s, whose pages show the errors of the last save.
    `bundle_size`: the offline zip's size in bytes, for the home page's link to it (no link without)."""
    ui = load_translations(language.code, "messages", project.locales_dir)
    here = "/" + language.prefix

    def root_of(other: Language) -> str:
        rel = posixpath.relpath("/" + other.prefix, here)
        return "" if rel == "." else rel + "/"

    config = {
        "INHERIT": str(MKDOCS_YML),
        "docs_dir": str(project.docs_dir(language.code)),
        "site_dir": str(site_dir),
        "site_name": str(ui.gettext(SITE_NAME)),
        "site_description": str(ui.gettext(SITE_DESCRIPTION)),
        "theme": {"language": language.theme, "direction": text_direction(language.code),
                  "custom_dir": str(project.templates_dir / "theme")},
        "plugins": [{"search": _search_options(project, language)}],
        "nav": [{str(ui.gettext(label)): path} for label, path in NAV],
        "extra": {
            "alternate": [
                {"name": language_name(other.code), "lang": other.code, "link": "/" + other.prefix, "root": root_of(other)}
                for other in project.languages
            ],
        },
    }
    if bundle_size is not None:
        # Shown on the home page by templates/theme/main.html (not in the bundle itself).
        config["extra"]["offline_bundle"] = {
            "href": OFFLINE_BUNDLE.format(language=language.code),
            "title": str(ui.gettext(OFFLINE_TITLE)),
            "link": str(ui.gettext(OFFLINE_LINK)).format(size=Formatter(language.code).file_size(bundle_size)),
            "hint": str(ui.gettext(OFFLINE_HINT)),
        }
    if preview:
        config["extra"]["preview"] = {"title": str(ui.gettext(PREVIEW_ERRORS))}
    if offline:
        config["plugins"].append("offline")
        # The bundle holds one language: no switcher to pages it does not contain, and the
        # file:// worker shim from the theme instead of the plugin's CDN copy.
        config["extra"] = {"polyfills": ["assets/javascripts/iframe-worker-shim.js"]}
    variant = ".offline" if offline else ".preview" if preview else ""
    path = project.build_dir / f"mkdocs.{language.code}{variant}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _search_options(project: Project, language: Language) -> dict:
    options: dict = {"lang": language.search}
    user_dict = project.locales_dir / "jieba_user_dict.txt"
    if language.search == "zh" and user_dict.is_file():
        # Words jieba would split (社会保障卡 -> 社会保障 + 卡), in both scripts.
        options["jieba_dict_user"] = str(user_dict)
    return options


def quiet_jieba() -> None:
    """Material's search segments Chinese with jieba, which logs its dictionary loading at
    DEBUG level to stderr on every build; only its warnings are worth an editor's attention."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - a dependency; search then falls back to no segmentation
        return
    jieba.setLogLevel(logging.WARNING)


def run_mkdocs(config_file: Path) -> str | None:
    """One MkDocs build in strict mode: any warning (a broken link or anchor) fails it.
    Returns the problems as text, or None (it runs in a worker process)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    quiet_jieba()
    logger = logging.getLogger("mkdocs")
    collect = LogCollector()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        mkdocs_build(load_config(config_file=str(config_file), strict=True))
    except MkDocsException as exc:
        return "\n".join(collect.messages + [str(exc)])
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    # strict mode should have aborted already; never ship a build that warned
    return "\n".join(collect.messages) or None


def build(project: Project, out: Path, jobs: int | None = None, *, pdfs: bool = True) -> int:
    """Build the whole site, every language, with its PDFs and offline bundles, into `out`;
    returns the number of pages. Without PDF support (no Pango, no Chinese font) the site is
    built without PDFs and says why, except on CI, where that fails the build."""
    _default_source_date(project.root)
    missing = pdf_support() if pdfs else _("按要求跳过（--no-pdf）")
    if missing and pdfs and os.environ.get("CI"):
        raise BuildFailed(_("无法生成 PDF：{reason}").format(reason=missing))
    if missing and pdfs:
        print(_("警告：本次不生成 PDF，页面上也不显示下载链接。原因：{reason}").format(reason=missing), file=sys.stderr)
    site_model = load_project(project)  # the editor's errors, all of them, before any work
    if not missing:
        _write_pdfs(project, site_model, jobs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        site, pages = build_html(project, staging, jobs, pdfs=not missing)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(site, out)
    shutil.rmtree(staging, ignore_errors=True)
    return pages


def _render_language(project: Project, language: Language, pdfs: bool) -> tuple[int, str | None]:
    """Render one language's pages into its docs folder. Returns (pages, problems or None)."""
    try:
        _site, pages = generate_docs(project, pdfs=pdfs, languages=(language,))
    except ValidationFailed as failure:  # the data changed since it was validated
        return 0, "\n".join(map(str, failure.diagnostics))
    except BuildFailed as exc:
        return 0, str(exc)
    return len(pages[language.code]), None


def _bundle_first(project: Project, language: Language, pdfs: bool, bundle_dir: Path, archive: Path) -> tuple[int, int | str]:
    """In a worker: render one language, build its offline bundle from those pages and zip it,
    before its site, so that the site's home page can say how big the download is.
    Returns (pages, the zip's size in bytes) or (0, problems)."""
    pages, problem = _render_language(project, language, pdfs)
    if problem:
        return 0, problem
    problem = run_mkdocs(mkdocs_config(project, language, bundle_dir, offline=True))
    if problem:
        return 0, f"offline: {problem}"
    _zip(bundle_dir, archive)
    return pages, archive.stat().st_size


def _site_only(project: Project, language: Language, pdfs: bool, site_dir: Path) -> tuple[int, str | None]:
    """In a worker: render one language and build its site (no offline bundle)."""
    pages, problem = _render_language(project, language, pdfs)
    if problem:
        return 0, problem
    return pages, run_mkdocs(mkdocs_config(project, language, site_dir))


def _site_after_bundle(project: Project, language: Language, site_dir: Path, bundle_size: int) -> tuple[int, str | None]:
    """In a worker: build one language's site from the pages rendered for its bundle."""
    return 0, run_mkdocs(mkdocs_config(project, language, site_dir, bundle_size=bundle_size))


def build_html(project: Project, staging: Path, jobs: int | None = None, *, pdfs: bool = False,
               offline: bool = True) -> tuple[Path, int]:
    """Render and build every language, with its offline bundle, in parallel processes; assemble
    the languages into staging/site. Returns it and the number of pages.
    Per language, one task renders the pages and (with `offline`) builds and zips the bundle, a
    second builds the site, whose home page gives the zip's size; while one language's second
    task runs, another's first can use the other core."""
    parts = {lang.code: staging / "parts" / lang.code for lang in project.languages}
    bundles = {lang.code: staging / "offline" / lang.code for lang in project.languages}
    archives = {lang.code: staging / "zips" / f"{lang.code}.zip" for lang in project.languages}
    workers = max(1, min(len(project.languages), jobs or os.cpu_count() or 1))
    failed: list[str] = []
    pages = 0

    def first(lang: Language) -> tuple:
        if offline:
            return _bundle_first, project, lang, pdfs, bundles[lang.code], archives[lang.code]
        return _site_only, project, lang, pdfs, parts[lang.code]

    def finished(lang: Language, result: tuple[int, int | str | None]) -> tuple | None:
        """Record a finished task; returns the task to run next for `lang`, if any."""
        nonlocal pages
        count, outcome = result
        if isinstance(outcome, str):
            failed.append(f"[{lang.code}] {outcome}")
            return None
        pages += count
        if isinstance(outcome, int):  # the bundle's size: its site comes next
            return _site_after_bundle, project, lang, parts[lang.code], outcome
        return None

    if workers == 1:
        for lang in project.languages:
            task = first(lang)
            while task:
                task = finished(lang, task[0](*task[1:]))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            running = {pool.submit(*first(lang)): lang for lang in project.languages}
            while running:
                done, _pending = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    lang = running.pop(future)
                    task = finished(lang, future.result())
                    if task:
                        running[pool.submit(*task)] = lang
    if failed:
        raise BuildFailed("\n".join(failed))
    site = staging / "site"
    parts[SOURCE_LANGUAGE].rename(site)
    for lang in project.languages:
        if lang.code != SOURCE_LANGUAGE:
            parts[lang.code].rename(site / lang.prefix)
        if offline:
            target = site / lang.prefix / OFFLINE_BUNDLE.format(language=lang.code)
            target.parent.mkdir(parents=True, exist_ok=True)
            archives[lang.code].rename(target)
    return site, pages


def _zip(folder: Path, target: Path) -> None:
    """Zip `folder` with fixed timestamps and order, so the same site gives the same bytes."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, the zip minimum
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(Path("guidesite") / path.relative_to(folder)), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def _keep_unchanged_mtimes(new: Path, out: Path) -> None:
    """Files whose bytes did not change keep the mtime they had in `out`, so that a rebuild
    after one province file changed touches only the files that really changed (rsync,
    web servers and browsers' caches see the rest as unchanged)."""
    if not out.is_dir():
        return
    for path in new.rglob("*"):
        before = out / path.relative_to(new)
        if path.is_file() and before.is_file():
            stat = before.stat()
            if stat.st_size == path.stat().st_size and before.read_bytes() == path.read_bytes():
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _swap(new: Path, out: Path) -> None:
    _keep_unchanged_mtimes(new, out)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        out.rename(old / "site")
    new.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
