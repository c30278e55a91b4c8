"""Phase 6, write (HTML): the engine that turns one language's generated Markdown and its config
(mkdocs_site.mkdocs_config) into HTML. MkDocs with Material builds the site by default, and is the
only one `make site` and the live preview use; Zensical, Material's successor by the same authors,
builds the same docs with the same config and theme (`guidesite build --engine zensical`).

Zensical reads mkdocs.yml and Material's overrides, but wants the docs and site folders relative
and inside the config's folder: each language's config goes into a folder of its own,
build/zensical/<lang>/, with the docs (hard links) and the site in it, moved where the build wants it. It ignores MkDocs
plugins (the search options, jieba, the preview's plugin) and writes its own search index
(search.json, entries under "items"), which the build cuts as it cuts Material's.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..config import Language, Project
from ..i18n.messages import _
from .mkdocs_site import mkdocs_config, run_mkdocs, search_words
from .search_index import MATERIAL_INDEX, ZENSICAL_INDEX, IndexLayout

# The one release that installs from the registries today (0.1.x needs a zensical-ui release that is
# not published); templates/theme/partials/search.html copies its search partial.
ZENSICAL_REQUIREMENT = "zensical==0.0.73"


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def index(self) -> IndexLayout:
        """Where its search index is."""

    def missing(self) -> str | None:
        """Why the engine cannot run here (one line), or None."""

    def build(
        self,
        project: Project,
        language: Language,
        site_dir: Path,
        *,
        offline: bool = False,
        bundle_sizes: dict[str | None, int] | None = None,
    ) -> str | None:
        """Build `language`'s docs into `site_dir` (`offline`: the build the offline bundles are
        made of); returns the problems as text, or None."""


@dataclass(frozen=True)
class MkDocsEngine:
    name: str = "mkdocs"
    index: IndexLayout = MATERIAL_INDEX

    def missing(self) -> str | None:
        return None  # a dependency of the package

    def build(
        self,
        project: Project,
        language: Language,
        site_dir: Path,
        *,
        offline: bool = False,
        bundle_sizes: dict[str | None, int] | None = None,
    ) -> str | None:
        config = mkdocs_config(project, language, site_dir, offline=offline, bundle_sizes=bundle_sizes)
        return run_mkdocs(config, search_words(project))


@dataclass(frozen=True)
class ZensicalEngine:
    name: str = "zensical"
    index: IndexLayout = ZENSICAL_INDEX

    def missing(self) -> str | None:
        if importlib.util.find_spec("zensical") is None:
            message = _(
                "未安装 Zensical：请运行 pip install '{requirement}'（或在本项目中 pip install -e '.[zensical]'）"
            )
            return message.format(requirement=ZENSICAL_REQUIREMENT)
        return None

    def build(
        self,
        project: Project,
        language: Language,
        site_dir: Path,
        *,
        offline: bool = False,
        bundle_sizes: dict[str | None, int] | None = None,
    ) -> str | None:
        # A folder of its own per language and variant (Zensical keeps a .cache beside its config),
        # so that the languages build in parallel as with MkDocs; the docs in it are hard links.
        root = project.build_dir / "zensical" / (language.code + (".offline" if offline else ""))
        docs = project.docs_dir(language.code)
        shutil.rmtree(root / "docs", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.copytree(docs, root / "docs", copy_function=_link)
        config = zensical_config(
            mkdocs_config(project, language, site_dir, offline=offline, bundle_sizes=bundle_sizes), root
        )
        done = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:  # its last lines hold the error; a traceback can be long
            return (done.stderr.strip() or done.stdout.strip() or f"zensical exited with {done.returncode}")[-4000:]
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(root / "site", site_dir)
        shutil.rmtree(root / "docs", ignore_errors=True)
        _as_mkdocs_writes_the_sitemap(site_dir / "sitemap.xml")
        return None


def _as_mkdocs_writes_the_sitemap(sitemap: Path) -> None:
    """The sitemap as MkDocs leaves it: none where the template gave nothing (the other languages':
    templates/theme/sitemap.xml), else beside it a gzipped copy dated as MkDocs dates it
    (SOURCE_DATE_EPOCH, else now)."""
    if not sitemap.is_file():
        return
    text = sitemap.read_bytes()
    if not text.strip():
        sitemap.unlink()
        return
    date = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    with (
        sitemap.with_name(sitemap.name + ".gz").open("wb") as file,
        gzip.GzipFile(fileobj=file, filename=str(sitemap) + ".gz", mode="wb", mtime=date) as packed,
    ):
        packed.write(text)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def zensical_config(mkdocs_file: Path, root: Path) -> Path:
    """The MkDocs config `mkdocs_file` as Zensical takes it, written into `root`, whose docs/ holds
    the docs and site/ gets the site (relative paths inside the config's folder, as Zensical
    requires): mkdocs.yml merged in as MkDocs' INHERIT does (mappings merged, the rest replaced),
    Material's look (`variant: classic`) and `extra.engine` for the theme's few engine-specific
    branches."""
    child = yaml.safe_load(mkdocs_file.read_text(encoding="utf-8"))
    parent = yaml.safe_load(Path(child.pop("INHERIT")).read_text(encoding="utf-8"))
    config = _merged(parent, child)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["theme"]["variant"] = "classic"
    config["extra"]["engine"] = "zensical"
    if config.get("site_url") is None:
        config.pop("site_url", None)
    root.mkdir(parents=True, exist_ok=True)
    path = root / "zensical.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(parent)
    for key, value in child.items():
        old = parent.get(key)
        out[key] = _merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


ENGINES: dict[str, Engine] = {"mkdocs": MkDocsEngine(), "zensical": ZensicalEngine()}
DEFAULT_ENGINE = "mkdocs"
