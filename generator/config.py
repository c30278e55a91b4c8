"""Configuration in one place: where things live and what the site is built with."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The repository holding templates, catalogs and mkdocs.yml (the package is used from a checkout).
REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO_ROOT / "templates"
LOCALES_DIR = REPO_ROOT / "locales"
MKDOCS_YML = REPO_ROOT / "mkdocs.yml"

SOURCE_LANGUAGE = "zh-Hans"
LANGUAGES = ["zh-Hans"]

# The national social insurance hotline, printed wherever a local fact is unknown.
HOTLINE = "12333"
# The national medical insurance hotline.
MEDICAL_HOTLINE = "12393"


@dataclass(frozen=True)
class Project:
    """The data a site is built from: `content/` and `data/provinces/` under `root`."""

    root: Path

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def provinces_dir(self) -> Path:
        return self.root / "data" / "provinces"

    @property
    def docs_dir(self) -> Path:
        """Generated Markdown: build output, git-ignored, never edited by hand."""
        return self.root / "build" / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"
