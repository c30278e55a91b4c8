"""`guidesite serve`: MkDocs' live preview of one language. Before every rebuild the hooks below
bring the Markdown up to date from the YAML, templates and catalogs (generator/preview.py:
only the pages a change can reach), and MkDocs' dirty build turns only the changed Markdown
into HTML, so that an editor sees a saved change within seconds."""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import write_file

from .build import BuildFailed, mkdocs_config, quiet_jieba, write_docs
from .config import Project
from .diagnostics import ValidationFailed
from .preview import Preview, touch
from .render import CompiledTemplates
from .translate import _

HOOKS = Path(__file__).with_name("preview_hook.py")

# The language being served and its pages, kept across rebuilds: MkDocs runs the hooks in this
# process, and they import this module, so `serve` hands it to them here.
_preview: Preview | None = None


# Written beside the pages after every build: the errors of the last save, which the preview's
# pages show over themselves (templates/theme/main.html); an empty list once the files are fine.
ERRORS_FILE = "preview-errors.json"
_errors: list[str] = []


def on_pre_build(config, **kwargs) -> None:  # noqa: ANN001 - MkDocs hook signature
    """Bring the docs up to date. On bad input print the errors and leave the docs as they were:
    the build then changes nothing and the last good pages stay up, the errors shown over them."""
    before = set(_preview.last.pages)  # serve() rendered them before the server started
    _search_index.before_build(config)
    try:
        pages, restyled = _preview.update()
    except ValidationFailed as failure:
        _errors[:] = [str(d) for d in failure.diagnostics]
    except BuildFailed as exc:
        _errors[:] = str(exc).splitlines()
    else:
        _errors.clear()
        docs_dir = _preview.project.docs_dir(_preview.language.code)
        write_docs(pages, docs_dir)
        if restyled:
            touch(docs_dir)
        # Pages gone with a removed or renamed file: their HTML, which a dirty build leaves, goes too.
        for rel in before - set(pages):
            gone = File(rel, str(docs_dir), config.site_dir, config.use_directory_urls)
            Path(gone.abs_dest_path).unlink(missing_ok=True)
            _search_index.dropped.add(gone.url)
    for line in _errors:
        print(line, file=sys.stderr)


def on_env(env, config, files):  # noqa: ANN001 - MkDocs hook signature
    """MkDocs makes a new theme environment for every rebuild; keep the compiled theme templates."""
    env.bytecode_cache = CompiledTemplates("mkdocs theme")
    return env


def on_page_context(context, page, config, nav):  # noqa: ANN001 - MkDocs hook signature
    _search_index.rebuilt.add(page.url)
    return context


def on_post_build(config, **kwargs) -> None:  # noqa: ANN001 - MkDocs hook signature
    _search_index.after_build(config)
    write_file(json.dumps(_errors, ensure_ascii=False).encode("utf-8"), os.path.join(config.site_dir, ERRORS_FILE))


def on_serve(server, config, builder):  # noqa: ANN001 - MkDocs hook signature
    """The docs folder is generated from the watched sources; watching it too would rebuild a
    second time after every change."""
    server.unwatch(config.docs_dir)
    return server


class _DirtySearchIndex:
    """Material's search index across dirty rebuilds. Material keeps the previous index and drops
    from it the entries of the first rebuilt page only (all entries, when that page is the home
    page, whose address is empty); here exactly the rebuilt pages' entries are replaced."""

    def __init__(self) -> None:
        self.kept: list[dict] | None = None
        self.rebuilt: set[str] = set()  # addresses of the pages built in this round
        self.dropped: set[str] = set()  # and of those removed

    @staticmethod
    def _plugin(config):  # noqa: ANN001, ANN205
        return next((p for p in config.plugins.values() if hasattr(p, "search_index_prev")), None)

    def before_build(self, config) -> None:  # noqa: ANN001
        plugin = self._plugin(config)
        previous = getattr(plugin, "search_index_prev", None)
        self.kept = list(previous.entries) if previous else None
        self.rebuilt, self.dropped = set(), set()
        if previous:
            plugin.search_index_prev = None  # Material then writes this build's entries only

    def after_build(self, config) -> None:  # noqa: ANN001
        plugin = self._plugin(config)
        if plugin is None or self.kept is None:
            return
        index = plugin.search_index  # Material keeps it as the next build's previous index
        replaced = self.rebuilt | self.dropped
        index.entries[:0] = [e for e in self.kept if e["location"].split("#")[0] not in replaced]
        write_file(index.generate_search_index(None).encode("utf-8"),
                   os.path.join(config.site_dir, "search", "search_index.json"))


_search_index = _DirtySearchIndex()


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns on every dirty build that links may be stale, and strict mode (mkdocs.yml)
    turns that warning into an abort. Every page has the same navigation and a changed page is
    still checked in full, so the warning is dropped here, and here only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def serve(project: Project, dev_addr: str, language: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    global _preview
    chosen = next(lang for lang in project.languages if lang.code == language)
    _preview = Preview(project, chosen)
    pages, _restyled = _preview.update()  # fail early, with diagnostics, before the server starts
    write_docs(pages, project.docs_dir(chosen.code))
    config = mkdocs_config(project, chosen, project.build_dir / "serve", preview=True)
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())
    # MkDocs' own warnings and errors (a broken link, a failed rebuild) reach the terminal; its
    # progress messages do not, and jieba's dictionary loading stays quiet.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.WARNING)
    shown.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logging.getLogger("mkdocs").addHandler(shown)
    quiet_jieba()
    print(_("预览地址：http://{address}/ （保存文件后页面自动刷新；按 Ctrl+C 停止）").format(address=dev_addr), flush=True)
    mkdocs_serve(
        config_file=str(config),
        hooks=[str(HOOKS)],
        watch=[str(project.content_dir), str(project.provinces_dir), str(project.templates_dir), str(project.locales_dir)],
        dev_addr=dev_addr,
        livereload=True,
        build_type="dirty",  # only the pages whose Markdown changed are built again
    )
