"""`guidesite serve`: MkDocs' live preview of one language, regenerating the Markdown from the
YAML, templates and catalogs before every rebuild (the hook below), so an editor sees a change
on save."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .config import Project
from .diagnostics import ValidationFailed

ROOT_VARIABLE = "GUIDESITE_ROOT"
LANGUAGE_VARIABLE = "GUIDESITE_SERVE_LANGUAGE"


def on_pre_build(config, **kwargs) -> None:  # noqa: ANN001 - MkDocs hook signature
    """Regenerate build/docs; on bad input print the errors and keep serving the last good pages."""
    from mkdocs.exceptions import Abort

    from .build import BuildFailed, generate_docs

    project = Project(Path(os.environ[ROOT_VARIABLE]))
    served = tuple(lang for lang in project.languages if lang.code == os.environ[LANGUAGE_VARIABLE])
    try:
        generate_docs(project, languages=served)  # only the language on screen: a quicker preview
    except ValidationFailed as failure:
        for d in failure.diagnostics:
            print(d, file=sys.stderr)
        raise Abort(f"{len(failure.diagnostics)} error(s) in the YAML") from None
    except BuildFailed as exc:
        raise Abort(str(exc)) from None


def serve(project: Project, dev_addr: str, language: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import generate_docs, mkdocs_config

    chosen = next(lang for lang in project.languages if lang.code == language)
    generate_docs(project)  # fail early, with diagnostics, before the server starts
    os.environ[ROOT_VARIABLE] = str(project.root)
    os.environ[LANGUAGE_VARIABLE] = chosen.code
    config = mkdocs_config(project, chosen, project.build_dir / "serve")
    mkdocs_serve(
        config_file=str(config),
        hooks=[str(Path(__file__).with_name("preview_hook.py"))],
        watch=[str(project.content_dir), str(project.provinces_dir), str(project.templates_dir), str(project.locales_dir)],
        dev_addr=dev_addr,
        livereload=True,
    )
