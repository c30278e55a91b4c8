"""Reproducible builds: the same sources and the same SOURCE_DATE_EPOCH give the same bytes,
whatever the folder, the time of day and the time zone of the build, and whichever worker
process builds which language: pages, search indexes, sitemaps, PDFs and offline zips."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from helpers import FIXTURE

from generator.build import build
from generator.cli import main
from generator.config import REPO_ROOT, BuildOptions, Project
from generator.outputs.pdf import pdf_support

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def _files(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _build(folder: Path, tz: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    shutil.copytree(FIXTURE, folder / "project")
    assert main(["--root", str(folder / "project"), "build", "--out", str(folder / "site")]) == 0
    return _files(folder / "site")


@pytest.mark.slow
def test_two_builds_give_byte_identical_sites(tmp_path, monkeypatch):
    missing = pdf_support()
    if missing and not os.environ.get("CI"):
        pytest.skip(f"PDFs cannot be made here: {missing}")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        first = _build(tmp_path / "first", "UTC", monkeypatch)
        time.sleep(1.1)  # a second later at least, in another folder and another time zone
        second = _build(tmp_path / "elsewhere" / "second", "Asia/Shanghai", monkeypatch)
    finally:
        monkeypatch.undo()
        time.tzset()

    kinds = {Path(name).suffix for name in first}
    assert {".html", ".pdf", ".zip", ".json", ".gz"} <= kinds, kinds  # the test saw every kind of output
    assert sorted(first) == sorted(second), "the builds wrote different files"
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], "files whose bytes differ between two builds: " + ", ".join(differ)


@pytest.mark.slow
def test_two_builds_of_the_shipped_content_give_byte_identical_sites(tmp_path):
    """The shipped content (its Chinese is what jieba segments for search), without PDFs: once in
    one process for every language, once in two worker processes. Material's search used to
    extend jieba's dictionary on every zh build, so the index depended on what the process that
    built it had built before (企业职工 / 企业 职工)."""
    sites = []
    for name, jobs in (("one-process", 1), ("two-processes", 2)):
        root = tmp_path / name / "project"
        for part in ("content", "data"):
            shutil.copytree(REPO_ROOT / part, root / part)
        build(Project.at(root), tmp_path / name / "site", BuildOptions(pdfs=False, source_date=int(EPOCH), jobs=jobs))
        sites.append(_files(tmp_path / name / "site"))
    first, second = sites
    assert "search/search_index.json" in first and "en/downloads/guidesite-en-offline.zip" in first
    assert sorted(first) == sorted(second), "the builds wrote different files"
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], "files whose bytes differ between two builds: " + ", ".join(differ)
