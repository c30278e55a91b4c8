"""`guidesite serve`: MkDocs' development server on one language, in dirty mode, with the
guidesite-preview plugin (plugin.py) bringing the pages up to date before every rebuild."""

from __future__ import annotations

import logging
import sys

from ..config import Project
from ..i18n.messages import _
from ..outputs.mkdocs_site import mkdocs_config, search_words, segment_with


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns on every dirty build that links may be stale, and strict mode (mkdocs.yml)
    turns that warning into an abort. Every page has the same navigation and a changed page is
    still checked in full, so the warning is dropped here, and here only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def serve(project: Project, dev_addr: str, language: str) -> None:
    """Serve `language` at `dev_addr` until interrupted. Invalid data at the start raises its
    GuidesiteError (ValidationFailed, ...) before the server starts."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    chosen = next(lang for lang in project.languages if lang.code == language)
    project.docs_dir(chosen.code).mkdir(parents=True, exist_ok=True)  # MkDocs checks it exists
    config = mkdocs_config(project, chosen, project.build_dir / "serve", preview=True)
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())
    # MkDocs' own warnings and errors (a broken link, a failed rebuild) and the preview's errors
    # reach the terminal; progress messages do not, and jieba's dictionary loading stays quiet.
    for name, form in (("mkdocs", "%(levelname)s: %(message)s"), ("generator.preview", "%(message)s")):
        shown = logging.StreamHandler(sys.stderr)
        shown.setLevel(logging.WARNING)
        shown.setFormatter(logging.Formatter(form))
        logging.getLogger(name).addHandler(shown)
        logging.getLogger(name).propagate = False
    segment_with(search_words(project))  # once: the preview's rebuilds all segment alike
    print(
        _("预览地址：http://{address}/ （保存文件后页面自动刷新；按 Ctrl+C 停止）").format(address=dev_addr), flush=True
    )
    mkdocs_serve(
        config_file=str(config),
        watch=[
            str(project.content_dir),
            str(project.provinces_dir),
            str(project.templates_dir),
            str(project.locales_dir),
        ],
        dev_addr=dev_addr,
        livereload=True,
        build_type="dirty",  # only the pages whose Markdown changed are built again
    )
