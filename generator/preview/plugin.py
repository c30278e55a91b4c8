"""The live preview as a MkDocs plugin (`guidesite-preview`, registered by this package): it holds
the preview's state across MkDocs' rebuilds. Before every rebuild it brings the Markdown up to date
from the YAML, templates and catalogs (incremental.py: only the pages a change can reach), and
MkDocs' dirty build turns only the changed Markdown into HTML, so that an editor sees a saved
change within seconds. A save with errors leaves the last good pages, the errors shown over them."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.utils import write_file

from ..config import LANGUAGES, Project
from ..errors import GuidesiteError
from ..outputs.mkdocs_site import write_docs
from ..outputs.templates import CompiledTemplates
from ..printable import lines
from .incremental import Preview, touch

logger = logging.getLogger(__name__)

# Written beside the pages after every build: the errors of the last save, which the preview's
# pages show over themselves (templates/theme/main.html); an empty list once the files are fine.
ERRORS_FILE = "preview-errors.json"


class PreviewConfig(Config):
    root = c.Type(str)
    language = c.Type(str)
    templates_dir = c.Type(str)
    locales_dir = c.Type(str)


class PreviewPlugin(BasePlugin[PreviewConfig]):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per `guidesite serve` (its presence keeps this object across rebuilds)."""
        self.preview: Preview | None = None
        self.errors: list[str] = []
        self.search = _DirtySearchIndex()

    def _start(self) -> Preview:
        cfg = self.config
        project = Project(Path(cfg.root), templates_dir=Path(cfg.templates_dir), locales_dir=Path(cfg.locales_dir))
        language = next(lang for lang in LANGUAGES if lang.code == cfg.language)
        return Preview(project, language)

    def on_pre_build(self, *, config: Any) -> None:
        """Bring the docs up to date. On bad input record the errors and leave the docs as they
        were: the build then changes nothing and the last good pages stay up."""
        first = self.preview is None
        preview = self.preview = self.preview or self._start()
        before = set(preview.last.pages) if preview.last else set()
        self.search.before_build(config)
        try:
            pages, restyled = preview.update()
        except GuidesiteError as exc:
            if first:
                raise  # before the server starts: `guidesite serve` reports it and stops
            self.errors = [str(d) for d in getattr(exc, "diagnostics", [])] or lines(exc)
        else:
            self.errors = []
            docs_dir = Path(config.docs_dir)
            write_docs(pages, docs_dir)
            if restyled:
                touch(docs_dir)
            # Pages gone with a removed or renamed file: their HTML, which a dirty build leaves, goes too.
            for rel in before - set(pages):
                gone = File(rel, str(docs_dir), config.site_dir, config.use_directory_urls)
                Path(gone.abs_dest_path).unlink(missing_ok=True)
                self.search.dropped.add(gone.url)
        for line in self.errors:
            logger.error(line)

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        """MkDocs makes a new theme environment for every rebuild; keep the compiled theme templates."""
        env.bytecode_cache = CompiledTemplates("mkdocs theme")
        return env

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.search.rebuilt.add(page.url)
        return context

    def on_post_build(self, *, config: Any) -> None:
        self.search.after_build(config)
        write_file(json.dumps(self.errors, ensure_ascii=False).encode("utf-8"), str(Path(config.site_dir, ERRORS_FILE)))

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """The docs folder is generated from the watched sources; watching it too would rebuild a
        second time after every change."""
        server.unwatch(config.docs_dir)
        return server


class _DirtySearchIndex:
    """Material's search index across dirty rebuilds. Material keeps the previous index and drops
    from it the entries of the first rebuilt page only (all entries, when that page is the home
    page, whose address is empty); here exactly the rebuilt pages' entries are replaced."""

    def __init__(self) -> None:
        self.kept: list[dict[str, Any]] | None = None
        self.rebuilt: set[str] = set()  # addresses of the pages built in this round
        self.dropped: set[str] = set()  # and of those removed

    @staticmethod
    def _plugin(config: Any) -> Any:
        return next((p for p in config.plugins.values() if hasattr(p, "search_index_prev")), None)

    def before_build(self, config: Any) -> None:
        plugin = self._plugin(config)
        previous = getattr(plugin, "search_index_prev", None)
        self.kept = list(previous.entries) if previous else None
        self.rebuilt, self.dropped = set(), set()
        if previous:
            plugin.search_index_prev = None  # Material then writes this build's entries only

    def after_build(self, config: Any) -> None:
        plugin = self._plugin(config)
        if plugin is None or self.kept is None:
            return
        index = plugin.search_index  # Material keeps it as the next build's previous index
        replaced = self.rebuilt | self.dropped
        index.entries[:0] = [e for e in self.kept if e["location"].split("#")[0] not in replaced]
        write_file(
            index.generate_search_index(None).encode("utf-8"),
            str(Path(config.site_dir, "search", "search_index.json")),
        )
