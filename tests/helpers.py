"""What several test files share: the fixture project, editing a file of a test's copy of it,
the site of a project in one language, a print model shown as tags, and waiting on the live
preview's server."""

from __future__ import annotations

import functools
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.config import SOURCE_LANGUAGE, Project
from generator.core.resolve import Site, resolve
from generator.core.validate import validate_project
from generator.i18n.localize import localize

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "project"
REPO = TESTS.parent


def edit(project: Project, rel: str, old: str, new: str) -> Path:
    """Replace `old` (which must be present) with `new` in a file of the copied project."""
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def printed(site: Site, language: str = SOURCE_LANGUAGE, **options: Any) -> dict[str, str]:
    """The print models of `site` (print_model.print_models, same options), each shown as tags
    (`<p class="meta">依据：…</p>`, one block a line): what tests search for text and styles."""
    from generator.outputs.print_model import print_models

    return {rel: shown(model["body"]) for rel, model in print_models(site, language, **options).items()}


def shown(node: Any) -> str:
    """A print model's node as tags, its text as it is (nothing escaped: only tests read it)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(shown(child) for child in node)
    attrs = "".join(f' {key}="{value}"' for key, value in node.get("a", {}).items())
    if node["t"] == "br":
        return "<br>"
    end = "\n" if node["t"] in ("p", "li", "tr", "h1", "h2", "h3", "h4", "div", "dt", "dd") else ""
    return f"<{node['t']}{attrs}>{shown(node['c'])}</{node['t']}>{end}"


def site_of(project: Project, language: str = SOURCE_LANGUAGE) -> Site:
    """Load, validate, localize and resolve `project`: the site its pages are rendered from."""
    return resolve(localize(validate_project(project).content, language, project.locales_dir))


# --- guidesite serve ----------------------------------------------------------------------------

SERVE_WAIT = 120  # seconds before a step counts as failed: a hang guard, not a speed requirement


def http_get(url: str) -> str:
    """The body at `url`, or "" while the server cannot answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def until(condition: Callable[[], bool], what: str, server: subprocess.Popen) -> None:
    """Wait for `condition`; fail if the server stops or SERVE_WAIT passes."""
    deadline = time.monotonic() + SERVE_WAIT
    while not condition():
        if server.poll() is not None:
            pytest.fail(f"the server stopped while waiting for {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {SERVE_WAIT} s")
        time.sleep(0.2)


class StaticHost(SimpleHTTPRequestHandler):
    """A static host (GitHub Pages, a plain web server): the site's files under `base` as they are,
    and the site's root 404.html, with status 404, for any missing address."""

    base = "/"

    def log_message(self, format, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.base):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path.removeprefix(self.base))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


def serve_static(folder: Path, base: str = "/") -> tuple[ThreadingHTTPServer, str]:
    """`folder` served by a StaticHost at http://127.0.0.1:<port><base> (in a thread); the server
    and that address."""
    host = type("Host", (StaticHost,), {"base": base})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(host, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{base}"
