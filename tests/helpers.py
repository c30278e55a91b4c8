"""What several test files share: the fixture project, editing a file of a test's copy of it,
the site of a project in one language, and waiting on the live preview's server."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

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
