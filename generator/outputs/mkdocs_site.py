"""Phase 6, write (HTML): the rendered Markdown of one language into its docs folder, and MkDocs
with Material building it, as the site or as the offline bundle. One small MkDocs config per
language INHERITs mkdocs.yml and sets what differs: language, folders, translated navigation,
the language switcher."""

from __future__ import annotations

import html
import logging
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..config import MKDOCS_YML, OFFLINE_BUNDLE, PROVINCE_BUNDLE, Language, Project, site_url
from ..i18n.locale import Formatter, language_name, text_direction
from ..i18n.messages import N_, load_translations
from .library_logs import LogCollector

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
# A province's page: its own bundle (its guides and PDFs, with the national pages).
PROVINCE_OFFLINE_LINK = N_("下载本省离线版（zip，{size}）")
PROVINCE_OFFLINE_HINT = N_("本省的指南和 PDF，加上全国通用的说明和法律依据；解压后打开 index.html 即可离线浏览和搜索。")
# Shown by the live preview over the last good page while a saved file has errors.
PREVIEW_ERRORS = N_("刚保存的文件有错误，本页仍是上次成功生成的版本。请按下面的提示修改：")
# Material writes these in English whatever the page's language (templates/theme/404.html and
# partials/copyright.html show them instead).
NOT_FOUND_TITLE = N_("找不到这个页面")
NOT_FOUND_TEXT = N_("网址可能有误，或者这个页面已经移动或删除。")
NOT_FOUND_HOME = N_("返回首页")
NOT_FOUND_GUIDES = N_("查看全部办事指南")
NOT_FOUND_SEARCH = N_("搜索本站")
# Under the search dialog's "no results" line (templates/theme/partials/search.html).
SEARCH_NONE_HELP = N_("换个说法或少用几个词再试，也可以从这里找：")
SEARCH_NONE_PLAN = N_("列出我的办事清单")
# TRANSLATORS: {material} is the name "Material for MkDocs", shown as a link.
MADE_WITH = N_("本站由 {material} 生成")


def theme_text(text: str) -> str:
    """`text` (a translator's string, a language's name) as a value of the MkDocs config that
    Material prints into its pages as HTML, unescaped, mostly (site name, description, navigation
    labels): escaped here, so that it shows as text. Not `'`: Material's attributes are in double
    quotes, and in the few places it escapes a value itself an apostrophe would then show as &#39;."""
    return html.escape(text, quote=False).replace('"', "&quot;")


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


def mkdocs_config(
    project: Project,
    language: Language,
    site_dir: Path,
    *,
    offline: bool = False,
    preview: bool = False,
    bundle_sizes: dict[str | None, int] | None = None,
) -> Path:
    """Write build/mkdocs.<language>.yml: mkdocs.yml plus what differs per language.
    `offline`: the build the offline bundles are made of (Material's offline plugin, one language).
    `preview`: `guidesite serve`'s, whose pages show the errors of the last save.
    `bundle_sizes`: the offline zips' sizes in bytes, by province (None: the language's), for the
    home page's and the province pages' links to them (no link without)."""
    ui = load_translations(language.code, "messages", project.locales_dir)
    here = "/" + language.prefix

    def root_of(other: Language) -> str:
        rel = posixpath.relpath("/" + other.prefix, here)
        return "" if rel == "." else rel + "/"

    online = not (offline or preview)  # the site itself
    plugins: list[Any] = [{"search": _search_options(project, language)}]
    extra: dict[str, Any] = {
        "alternate": [
            {
                "name": theme_text(language_name(other.code)),
                "lang": other.code,
                "link": "/" + other.prefix,
                "root": root_of(other),
            }
            for other in project.languages
        ],
    }
    before, _sep, after = str(ui.gettext(MADE_WITH)).partition("{material}")
    extra["made_with"] = {"before": before, "after": after}
    extra["not_found"] = _not_found(project, language, online=online)
    extra["search_help"] = {
        "text": str(ui.gettext(SEARCH_NONE_HELP)),
        "guides": str(ui.gettext(NOT_FOUND_GUIDES)),
        # the plan page is not in a province's bundle (built from the language's offline build)
        "plan": "" if offline else str(ui.gettext(SEARCH_NONE_PLAN)),
    }
    config: dict[str, Any] = {
        "INHERIT": str(MKDOCS_YML),
        "docs_dir": str(project.docs_dir(language.code)),
        "site_dir": str(site_dir),
        # MkDocs makes canonical links from it (the bundles' pages have none: their addresses are
        # files); `mkdocs serve` would serve under its path
        "site_url": site_url(language) if online else None,
        "site_name": theme_text(ui.gettext(SITE_NAME)),
        "site_description": theme_text(ui.gettext(SITE_DESCRIPTION)),
        "theme": {
            "language": language.theme,
            "direction": text_direction(language.code),
            "custom_dir": str(project.templates_dir / "theme"),
        },
        "plugins": plugins,
        "nav": [{theme_text(ui.gettext(label)): path} for label, path in NAV],
        "extra": extra,
    }
    if online and not language.prefix:
        # The sitemap of every page in every language (templates/theme/sitemap.xml), at the root.
        extra["sitemap"] = {
            "languages": [{"lang": other.code, "url": site_url(other)} for other in project.languages],
            "default": site_url(language),
        }
    sizes = bundle_sizes or {}
    formatter = Formatter(language.code)
    if None in sizes:
        # Shown on the home page by templates/theme/main.html (not in the bundle itself).
        extra["offline_bundle"] = {
            "href": OFFLINE_BUNDLE.format(language=language.code),
            "title": theme_text(ui.gettext(OFFLINE_TITLE)),
            "link": theme_text(ui.gettext(OFFLINE_LINK).format(size=formatter.file_size(sizes[None]))),
            "hint": theme_text(ui.gettext(OFFLINE_HINT)),
        }
    extra["province_bundles"] = {
        province: {
            "href": PROVINCE_BUNDLE.format(language=language.code, province=province),
            "title": theme_text(ui.gettext(OFFLINE_TITLE)),
            "link": theme_text(ui.gettext(PROVINCE_OFFLINE_LINK).format(size=formatter.file_size(size))),
            "hint": theme_text(ui.gettext(PROVINCE_OFFLINE_HINT)),
        }
        for province, size in sizes.items()
        if province is not None
    }
    if preview:
        extra["preview"] = {"title": str(ui.gettext(PREVIEW_ERRORS))}  # printed | tojson, into a script
        plugins.append(
            {
                "guidesite-preview": {
                    "root": str(project.root),
                    "language": language.code,
                    "templates_dir": str(project.templates_dir),
                    "locales_dir": str(project.locales_dir),
                }
            }
        )
    if offline:
        plugins.append("offline")
        # The bundle holds one language: no switcher to pages it does not contain, and the
        # file:// worker shim from the theme instead of the plugin's CDN copy.
        config["extra"] = {
            "polyfills": ["assets/javascripts/iframe-worker-shim.js"],
            "made_with": extra["made_with"],
            "not_found": extra["not_found"],
            "search_help": extra["search_help"],
        }
    variant = ".offline" if offline else ".preview" if preview else ""
    path = project.build_dir / f"mkdocs.{language.code}{variant}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _not_found(project: Project, language: Language, *, online: bool) -> dict[str, Any]:
    """The 404 page's text in `language` and the path of each language's home page from the
    host's root (a 404 page is served at any depth: its links cannot be relative). Static hosts
    answer every missing address with the site's root 404.html, so the source language's also
    carries the others', and picks the one whose folder the missing address is in
    (templates/theme/404.html). Offline and in the preview, the language is at the root."""

    def texts(other: Language) -> dict[str, Any]:
        ui = load_translations(other.code, "messages", project.locales_dir)
        root = urlsplit(site_url(other)).path if online else "/" + other.prefix
        return {
            "lang": other.code,
            "dir": text_direction(other.code),
            "root": root.rstrip("/") + "/" if online else "/",
            "title": str(ui.gettext(NOT_FOUND_TITLE)),
            "text": str(ui.gettext(NOT_FOUND_TEXT)),
            "home": str(ui.gettext(NOT_FOUND_HOME)),
            "guides": str(ui.gettext(NOT_FOUND_GUIDES)),
            "search": str(ui.gettext(NOT_FOUND_SEARCH)),
        }

    own = texts(language)
    if online and language.prefix == "":
        own["others"] = [texts(other) for other in project.languages if other.prefix]
    return own


def _search_options(project: Project, language: Language) -> dict[str, Any]:
    # No `jieba_dict_user`: the words are given to jieba once per process (segment_with).
    return {"lang": language.search}


def search_words(project: Project) -> Path | None:
    """Words jieba would split (社会保障卡 -> 社会保障 + 卡), in both scripts, for the search index."""
    path = project.locales_dir / "jieba_user_dict.txt"
    return path if path.is_file() else None


def quiet_jieba() -> None:
    """Material's search segments Chinese with jieba, which logs its dictionary loading at
    DEBUG level to stderr on every build; only its warnings are worth an editor's attention."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - a dependency; search then falls back to no segmentation
        return
    jieba.setLogLevel(logging.WARNING)


# What jieba's dictionary holds in this process once segment_with has set it: the words' file (path,
# mtime; None for none) and the dictionary's total count then (anything added since changes it).
_segmenting: tuple[tuple[str, int] | None, int] | None = None


def segment_with(words: Path | None) -> None:
    """Make jieba's dictionary, in this process, jieba's own plus the words of `words`: the same in
    every process, whatever it built before, so that the search index is the same from build to build.

    Material's search segments the Chinese of every page, in every language, with jieba's one global
    dictionary. Its `jieba_dict_user` option would add the words on every build of a zh site, and
    each addition raises the dictionary's total count, which shifts how later text is cut
    (企业职工 / 企业 职工); a worker that had built a zh site before an English one would cut the
    English pages' Chinese with the words, another without. Hence: once, here, before any build."""
    global _segmenting
    try:
        import jieba
    except ImportError:  # pragma: no cover - a dependency; search then falls back to no segmentation
        return
    quiet_jieba()
    wanted = None if words is None else (str(words), words.stat().st_mtime_ns)
    if jieba.dt.initialized and _segmenting == (wanted, jieba.dt.total):
        return
    if jieba.dt.initialized:
        jieba.dt.__init__(jieba.dt.dictionary)  # back to jieba's own dictionary, as first loaded
    jieba.dt.initialize()
    if words is not None:
        jieba.dt.load_userdict(str(words))
    _segmenting = (wanted, jieba.dt.total)


def run_mkdocs(config_file: Path, words: Path | None) -> str | None:
    """One MkDocs build in strict mode: any warning (a broken link or anchor) fails it; Chinese is
    segmented for search with jieba's dictionary and `words` (segment_with). Returns the problems
    as text, or None (it runs in a worker process)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    segment_with(words)
    logger = logging.getLogger("mkdocs")
    collect = LogCollector()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        mkdocs_build(load_config(config_file=str(config_file), strict=True))
    except MkDocsException as exc:
        return "\n".join([*collect.messages, str(exc)])
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    # strict mode should have aborted already; never ship a build that warned
    return "\n".join(collect.messages) or None
