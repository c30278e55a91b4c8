"""Shared fixtures: a small project of its own (tests/fixtures/project), copied per test so a
test can break a file without touching the others."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import Project

FIXTURE = Path(__file__).parent / "fixtures" / "project"
REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


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


@pytest.fixture
def built(project: Project, tmp_path: Path) -> Path:
    """The test's own copy of the fixture project, built without PDFs: for tests that change it."""
    from generator.cli import main

    out = tmp_path / "site"
    assert main(["--root", str(project.root), "build", "--no-pdf", "--out", str(out)]) == 0
    return out


def edit(project: Project, rel: str, old: str, new: str) -> Path:
    """Replace `old` (which must be present) with `new` in a file of the copied project."""
    path = project.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
