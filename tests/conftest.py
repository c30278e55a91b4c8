"""Shared fixtures: a small project of its own (tests/fixtures/project), copied per test so a
test can break a file without touching the others."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURE, http_get, until

from generator.config import Project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


# Fixtures that build a whole site, start a server or a browser: a test using one is slow, and
# `pytest -m "not slow"` (the inner loop) leaves it out. Tests that build by themselves carry
# @pytest.mark.slow.
SLOW_FIXTURES = {
    "built",
    "built_once",
    "real_site",
    "escaped_site",
    "preview_server",
    "browser",
    "page",
    "served_site",
    "pdfs_built",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or "browser" in item.path.parts:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return Project(root)


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once for the whole run, every language, with PDFs: for tests
    that only read the site."""
    from generator.cli import main

    tmp = tmp_path_factory.mktemp("built")
    shutil.copytree(FIXTURE, tmp / "project")
    assert main(["--root", str(tmp / "project"), "build", "--out", str(tmp / "site")]) == 0
    return tmp / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once, every language with its offline zip (a copy, so the
    repository's build/ stays as it is)."""
    from generator.build import build
    from generator.config import REPO_ROOT, BuildOptions

    tmp = tmp_path_factory.mktemp("real")
    for part in ("content", "data"):
        shutil.copytree(REPO_ROOT / part, tmp / "project" / part)
    # PDFs are checked on the fixture project and, for the shipped text, by the font coverage
    # test (tests/test_content.py): laying out ~1,100 PDFs here would triple the suite's time.
    build(Project(tmp / "project"), tmp / "site", BuildOptions(pdfs=False))
    return tmp / "site"


@pytest.fixture
def built(project: Project, tmp_path: Path) -> Path:
    """The test's own copy of the fixture project, built without PDFs: for tests that change it."""
    from generator.cli import main

    out = tmp_path / "site"
    assert main(["--root", str(project.root), "build", "--no-pdf", "--out", str(out)]) == 0
    return out


# --- guidesite serve ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def preview_server(project, tmp_path):
    """`guidesite serve` on the test's copy of the fixture project, with `.url`, `.log` (its
    output) and `.site()` (the folder MkDocs serves from, put under tmp_path through TMPDIR so
    that a test can look at the built files)."""
    port = _free_port()
    served_tmp = tmp_path / "tmp"
    served_tmp.mkdir()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(served_tmp), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("guidesite")),
            "--root",
            str(project.root),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    proc.url = f"http://127.0.0.1:{port}/"  # type: ignore[attr-defined]
    proc.log = log  # type: ignore[attr-defined]
    proc.site = lambda: next(served_tmp.glob("mkdocs_*"))  # type: ignore[attr-defined]
    try:
        until(lambda: "湖南" in http_get(proc.url + "guides/alpha/hunan/"), "first page", proc)  # type: ignore[attr-defined]
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
