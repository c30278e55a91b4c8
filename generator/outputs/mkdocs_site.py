"""Phase 6, write (HTML): the rendered Markdown of one language into its docs folder, and MkDocs
with Material building it, as the site or as the offline bundle. One small MkDocs config per
language INHERITs mkdocs.yml and sets what differs: language, folders, translated navigation,
the language switcher."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Any

import yaml

from ..config import MKDOCS_YML, OFFLINE_BUNDLE, Language, Project
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
# Shown by the live preview over the last good page while a saved file has errors.
PREVIEW_ERRORS = N_("刚保存的文件有错误，本页仍是上次成功生成的版本。请按下面的提示修改：")
# Material writes these in English whatever the page's language (templates/theme/404.html and
# partials/copyright.html show them instead).
NOT_FOUND_TITLE = N_("找不到这个页面")
NOT_FOUND_TEXT = N_("网址可能有误，或者这个页面已经移动或删除。")
NOT_FOUND_HOME = N_("返回首页")
# TRANSLATORS: {material} is the name "Material for MkDocs", shown as a link.
MADE_WITH = N_("本站由 {material} 生成")


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
    bundle_size: int | None = None,
) -> Path:
    """Write build/mkdocs.<language>.yml: mkdocs.yml plus what differs per language.
    `offline`: the bundle that browses from file:// (Material's offline plugin, one language).
    `preview`: `guidesite serve`'s, whose pages show the errors of the last save.
    `bundle_size`: the offline zip's size in bytes, for the home page's link to it (no link without)."""
    ui = load_translations(language.code, "messages", project.locales_dir)
    here = "/" + language.prefix

    def root_of(other: Language) -> str:
        rel = posixpath.relpath("/" + other.prefix, here)
        return "" if rel == "." else rel + "/"

    plugins: list[Any] = [{"search": _search_options(project, language)}]
    extra: dict[str, Any] = {
        "alternate": [
            {"name": language_name(other.code), "lang": other.code, "link": "/" + other.prefix, "root": root_of(other)}
            for other in project.languages
        ],
    }
    before, _sep, after = str(ui.gettext(MADE_WITH)).partition("{material}")
    extra["made_with"] = {"before": before, "after": after}
    extra["not_found"] = _not_found(project, language)
    config: dict[str, Any] = {
        "INHERIT": str(MKDOCS_YML),
        "docs_dir": str(project.docs_dir(language.code)),
        "site_dir": str(site_dir),
        "site_name": str(ui.gettext(SITE_NAME)),
        "site_description": str(ui.gettext(SITE_DESCRIPTION)),
        "theme": {
            "language": language.theme,
            "direction": text_direction(language.code),
            "custom_dir": str(project.templates_dir / "theme"),
        },
        "plugins": plugins,
        "nav": [{str(ui.gettext(label)): path} for label, path in NAV],
        "extra": extra,
    }
    if bundle_size is not None:
        # Shown on the home page by templates/theme/main.html (not in the bundle itself).
        extra["offline_bundle"] = {
            "href": OFFLINE_BUNDLE.format(language=language.code),
            "title": str(ui.gettext(OFFLINE_TITLE)),
            "link": str(ui.gettext(OFFLINE_LINK)).format(size=Formatter(language.code).file_size(bundle_size)),
            "hint": str(ui.gettext(OFFLINE_HINT)),
        }
    if preview:
        extra["preview"] = {"title": str(ui.gettext(PREVIEW_ERRORS))}
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
            "not_found": {k: v for k, v in extra["not_found"].items() if k != "others"},
        }
    variant = ".offline" if offline else ".preview" if preview else ""
    path = project.build_dir / f"mkdocs.{language.code}{variant}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _not_found(project: Project, language: Language) -> dict[str, Any]:
    """The 404 page's text in `language`. Static hosts answer every missing address with the
    site's root 404.html, so the source language's also carries the others', and picks the one
    whose folder the missing address is in (templates/theme/404.html)."""

    def texts(other: Language) -> dict[str, Any]:
        ui = load_translations(other.code, "messages", project.locales_dir)
        return {
            "lang": other.code,
            "dir": text_direction(other.code),
            "prefix": other.prefix,
            "title": str(ui.gettext(NOT_FOUND_TITLE)),
            "text": str(ui.gettext(NOT_FOUND_TEXT)),
            "home": str(ui.gettext(NOT_FOUND_HOME)),
        }

    own = texts(language)
    if language.prefix == "":
        own["others"] = [texts(other) for other in project.languages if other.prefix]
    return own


def _search_options(project: Project, language: Language) -> dict[str, Any]:
    options: dict[str, Any] = {"lang": language.search}
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
        return "\n".join([*collect.messages, str(exc)])
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    # strict mode should have aborted already; never ship a build that warned
    return "\n".join(collect.messages) or None
