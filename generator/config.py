"""Configuration in one place: where things live, what the site is built with, and the options
of one build (`BuildOptions`), so that no phase reads or writes the environment itself."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# The repository holding templates, catalogs and mkdocs.yml (the package is used from a checkout).
REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO_ROOT / "templates"
THEME_DIR = TEMPLATES_DIR / "theme"  # overrides of Material's templates (language switcher, hreflang)
LOCALES_DIR = REPO_ROOT / "locales"
MKDOCS_YML = REPO_ROOT / "mkdocs.yml"

SOURCE_LANGUAGE = "zh-Hans"
# The JSON Schema of each kind of data file, for editors' autocompletion: schema/<kind>.schema.json.
SCHEMA_DIR = "schema"
# Each language's offline bundle (a zip of the site that browses from file://), relative to its home page,
# and each province's (its pages and PDFs with the national pages), linked from the province's page.
OFFLINE_BUNDLE = "downloads/guidesite-{language}-offline.zip"
PROVINCE_BUNDLE = "downloads/guidesite-{language}-{province}-offline.zip"


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47: the URL prefix and the lang attribute
    theme: str  # Material's theme.language (its interface strings)
    search: str  # Material's search plugin language ("zh" segments with jieba)
    # Whom the language mostly serves (model.Holder values): their documents are listed first.
    readers: tuple[str, ...] = ()

    @property
    def prefix(self) -> str:
        """Folder of this language in the site: the source language at the root."""
        return "" if self.code == SOURCE_LANGUAGE else self.code


# Adding a language: its catalogs in locales/ (make messages) and one line here.
LANGUAGES: tuple[Language, ...] = (
    Language("zh-Hans", theme="zh-Hans", search="zh", readers=("mainland",)),
    Language("en", theme="en", search="en", readers=("foreign",)),  # mostly foreigners employed in China
    Language("zh-Hant", theme="zh-Hant", search="zh", readers=("hong-kong-macao", "taiwan")),
)

# Where the official text of a law may be linked from (law `url`s and links on law pages):
# https only, a host equal to one of these or ending in "." + one of them (tests/test_links.py).
# Every Chinese government site ends in gov.cn; the others name the usual issuers.
OFFICIAL_LAW_DOMAINS: tuple[str, ...] = (
    "gov.cn",  # www.gov.cn (State Council), provincial governments
    "npc.gov.cn",  # National People's Congress; flk.npc.gov.cn, the national law database
    "mohrss.gov.cn",  # Ministry of Human Resources and Social Security
    "nhsa.gov.cn",  # National Healthcare Security Administration
)

# Where the site is published, in one place: feeds, open data, schema.org JSON-LD and
# a sitemap need absolute addresses. A deployment elsewhere sets GUIDESITE_SITE_URL instead (the
# publishing workflow passes GitHub Pages' address); same commit and same address, same bytes.
SITE_URL = "https://guidesite.github.io/guidesite/"
SITE_URL_VARIABLE = "GUIDESITE_SITE_URL"
# The repository the site is made from, beside it: every page links to the file it is made from
# (to edit it) and to the repository's issue form (to report a problem). A fork or a mirror sets
# GUIDESITE_REPOSITORY_URL and GUIDESITE_REPOSITORY_BRANCH (the publishing workflow passes its own).
# The links follow GitHub's addresses (blob/, edit/, issues/new?template=).
REPOSITORY_URL = "https://github.com/guidesite/guidesite/"
REPOSITORY_BRANCH = "main"
REPOSITORY_URL_VARIABLE = "GUIDESITE_REPOSITORY_URL"
REPOSITORY_BRANCH_VARIABLE = "GUIDESITE_REPOSITORY_BRANCH"
# The issue form readers report a problem with (.github/ISSUE_TEMPLATE/<this>).
REPORT_FORM = "report-a-problem.yml"


def site_url(language: Language | None = None) -> str:
    """The absolute address of the site's root, or of `language`'s home page, ending in /."""
    base = os.environ.get(SITE_URL_VARIABLE) or SITE_URL
    base = base if base.endswith("/") else base + "/"
    return base + (language.prefix + "/" if language and language.prefix else "")


def repository_url() -> str:
    """The repository's address, ending in /."""
    base = os.environ.get(REPOSITORY_URL_VARIABLE) or REPOSITORY_URL
    return base if base.endswith("/") else base + "/"


def repository_branch() -> str:
    return os.environ.get(REPOSITORY_BRANCH_VARIABLE) or REPOSITORY_BRANCH


# The national social insurance hotline, printed wherever a local fact is unknown.
HOTLINE = "12333"
# The national medical insurance hotline.
MEDICAL_HOTLINE = "12393"


@dataclass(frozen=True)
class Project:
    """The data a site is built from: `content/` and `data/provinces/` under `root`."""

    root: Path
    languages: tuple[Language, ...] = LANGUAGES
    locales_dir: Path = LOCALES_DIR
    templates_dir: Path = field(default=TEMPLATES_DIR)

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project at `root`, with its own catalogs if it has a locales/ folder (else the
        repository's, which hold the interface's messages and the shipped content's)."""
        own = root / "locales"
        return cls(root, locales_dir=own) if own.is_dir() or own.is_symlink() else cls(root)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def provinces_dir(self) -> Path:
        return self.root / "data" / "provinces"

    @property
    def build_dir(self) -> Path:
        """Generated Markdown and MkDocs configs: build output, git-ignored, never edited by hand."""
        return self.root / "build"

    def docs_dir(self, language: str) -> Path:
        return self.build_dir / "docs" / language

    @property
    def site_dir(self) -> Path:
        return self.root / "site"


# PDFs and zips carry this date when nothing else gives one (1980-01-01, the zip format's minimum).
ZIP_EPOCH = 315532800


@dataclass(frozen=True)
class BuildOptions:
    """What one build does, decided once by its caller (the command line, a test)."""

    pdfs: bool = True  # write the PDFs (and link them from the pages)
    require_pdfs: bool = False  # a machine that cannot make PDFs fails the build instead of skipping them
    source_date: int | None = None  # seconds since 1970 (reproducible-builds.org's SOURCE_DATE_EPOCH)
    # The date PDFs carry: SOURCE_DATE_EPOCH only, never the last commit's, which would change every
    # PDF (and miss its cache) at each commit; without it a PDF carries no date.
    pdf_date: int | None = None
    jobs: int | None = None  # worker processes; None: one per core
    cache_dir: Path | None = None  # subset fonts and PDFs kept between builds; None: <project>/build/cache

    def cache_for(self, project: Project) -> Path:
        return self.cache_dir or project.build_dir / "cache"

    @classmethod
    def from_environment(cls, project: Project, *, pdfs: bool = True, jobs: int | None = None) -> BuildOptions:
        """Options as the command line sets them: `SOURCE_DATE_EPOCH`, or else the last commit's
        date (so that rebuilding the same commit gives the same bytes); `CI` requires PDFs."""
        source_date = source_date_of(project.root)
        return cls(
            pdfs=pdfs,
            require_pdfs=bool(os.environ.get("CI")),
            source_date=source_date,
            pdf_date=source_date if "SOURCE_DATE_EPOCH" in os.environ else None,
            jobs=jobs,
        )


class SourceDateError(ValueError):
    pass


def source_date_of(root: Path) -> int | None:
    """SOURCE_DATE_EPOCH if set (it must be an integer), else the last commit's date, else None."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.strip().isdigit():
            raise SourceDateError(value)
        return int(value)
    try:
        run = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = run.stdout.strip()
    return int(out) if run.returncode == 0 and out.isdigit() else None
