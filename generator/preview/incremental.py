"""What the live preview renders again after a save: only the pages the change can reach.

`guidesite serve` keeps, per language, the content and pages it rendered last. When only province
or guide files changed, only the documents that show a changed province or guide
(Doc.shows_province, Doc.shows_guide) and the documents about all of them are rendered again;
the others keep their Markdown, and MkDocs, in its dirty mode, builds only the Markdown files that
changed. Anything else (laws, materials, channels, journeys, templates, catalogs) renders every
page again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import Language, Project
from ..core.sources import Content
from ..core.validate import validate_project
from ..outputs.documents import Doc
from ..outputs.pages import render_pages
from ..outputs.plan_data import render_plan_data

# What a page of one province shows of the others (guide_province.md.j2 links to them by short
# name): a change to one of these reaches every province's pages.
SHOWN_OF_OTHERS = ("slug", "short_name")
# Shown on many pages without a province or guide of their own: a change renders all.
NATIONAL = ("laws", "materials", "channels", "journeys", "plan")


@dataclass
class Rendered:
    inputs: tuple[tuple[str, int, int], ...]  # the templates and catalogs they were rendered with
    content: Content
    pages: dict[str, str]


@dataclass(frozen=True)
class Change:
    """The provinces and guides whose data changed between two loads of the project."""

    provinces: frozenset[str]
    guides: frozenset[str]

    def reaches(self, doc: Doc) -> bool:
        """Whether `doc` shows anything that changed: its own province or guide, or, for a
        document about all provinces (or all guides), any of them."""
        by_province = doc.shows_province in self.provinces if doc.shows_province else bool(self.provinces)
        by_guide = doc.shows_guide in self.guides if doc.shows_guide else bool(self.guides)
        return by_province or by_guide


def changes(old: Content, new: Content) -> Change | None:
    """What changed from `old` to `new`, or None when every page must be rendered again."""
    if (
        any(getattr(old, part) != getattr(new, part) for part in NATIONAL)
        or list(old.provinces) != list(new.provinces)
        or list(old.guides) != list(new.guides)
    ):
        return None
    provinces = {slug for slug, province in new.provinces.items() if province != old.provinces[slug]}
    for slug in provinces:
        if any(getattr(old.provinces[slug], f) != getattr(new.provinces[slug], f) for f in SHOWN_OF_OTHERS):
            return None
    guides = {gid for gid, guide in new.guides.items() if guide != old.guides[gid]}
    return Change(frozenset(provinces), frozenset(guides))


def render_inputs(project: Project) -> tuple[tuple[str, int, int], ...]:
    """Every file of templates/ and locales/ with its size and mtime: a change to any of them
    may change every page (and, for the theme, every page's HTML). The theme's static assets
    (stylesheets, scripts) are not among them: MkDocs' dirty build copies a changed one itself."""
    assets = project.templates_dir / "theme" / "assets"
    files = []
    for folder in (project.templates_dir, project.locales_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_relative_to(assets):
                stat = path.stat()
                files.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


class Preview:
    """The pages of one language as last rendered, brought up to date by `update`."""

    def __init__(self, project: Project, language: Language) -> None:
        self.project = project
        self.language = language
        self.last: Rendered | None = None

    def render(self, content: Content, change: Change | None = None) -> dict[str, str]:
        """The pages of `content` (only those `change` reaches, when given)."""
        from ..build import site_in

        site = site_in(content, self.project, self.language)
        pages = render_pages(
            site,
            self.language.code,
            self.project.templates_dir,
            self.project.locales_dir,
            select=change.reaches if change else None,
        )
        # The plan page's data: all of it when guides changed, else the changed provinces'.
        provinces = change.provinces if change and not change.guides else None
        pages.update(
            render_plan_data(
                site, self.language.code, self.project.templates_dir, self.project.locales_dir, provinces=provinces
            )
        )
        return pages

    def update(self) -> tuple[dict[str, str], bool]:
        """Load and validate the project and render what may have changed. Returns every page
        (docs-relative path -> Markdown) and whether the templates or catalogs changed since the
        last update (then every page's HTML may differ, even where its Markdown does not).
        Raises a GuidesiteError (ValidationFailed, TemplateError, ...), keeping the last pages."""
        content = validate_project(self.project).content
        inputs = render_inputs(self.project)
        last = self.last
        restyled = last is not None and last.inputs != inputs
        change = changes(last.content, content) if last and not restyled else None
        if last is None or change is None:
            pages = self.render(content)
        else:
            pages = dict(last.pages)
            pages.update(self.render(content, change))
        self.last = Rendered(inputs, content, pages)
        return pages, restyled


def touch(docs_dir: Path) -> None:
    """Mark every page as changed, so that MkDocs' dirty build builds them all (after a change to
    the theme, which its dirty mode does not notice)."""
    for path in docs_dir.rglob("*.md"):
        os.utime(path)
