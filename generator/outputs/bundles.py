"""Offline bundles: zips a reader keeps on a phone or computer, unzips and opens from file://
(`index.html`), navigation and search working with no network.

One MkDocs build per language makes the offline site (Material's offline plugin: no directory
URLs, the search index as a script): every page once. Each bundle is a part of it:

- the language's bundle: every page, and each province's book of all its guides (a PDF per
  province; the ~400 PDFs of single guides would make it ~60 MB);
- a province's bundle: that province's pages and PDFs, and the national pages (guides, journeys,
  laws, materials and the lists), which is what a mover needs for each of their two provinces;
  not the plan page, which needs every province's data (it opens online).

Every link in a bundle opens a file inside it or, for a page or PDF it does not hold (another
province's page), the same page on the site online (`config.site_url`). Each bundle's
search index holds its own pages (search_index.indexed). Source maps, the sitemap, the JSON
copy of the index and the search languages the language does not use are left out.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..config import OFFLINE_BUNDLE, PROVINCE_BUNDLE
from .documents import PDF_DIR, Doc, Kind
from .publish import zip_entries
from .search_index import MATERIAL_INDEX, IndexLayout, read_index, select, serialize

# Files of the offline build no bundle needs.
_UNUSED = (
    re.compile(r".*\.map"),  # source maps (1 MB): for a developer's tools only
    re.compile(r"sitemap\.xml(\.gz)?"),  # for search engines
    re.compile(r"assets/javascripts/lunr/(tinyseg|wordcut)\.js"),  # Japanese, Thai and Hindi segmenters
)
_LUNR_LANGUAGE = re.compile(r"assets/javascripts/lunr/min/lunr\.([\w-]+)\.min\.js")
PLAN_DATA_DIR = posixpath.dirname(Doc.plan_data().path) + "/"  # the plan page's data scripts
_LINK = re.compile(r'(\s(?:href|src|action)=")([^"]*)(")')
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


@dataclass(frozen=True)
class Bundle:
    """One zip: the pages and PDFs it holds."""

    archive: str  # where the zip is published, relative to the language's root
    province: str | None  # the province whose bundle it is; None: the language's
    docs: frozenset[Doc]
    pdfs: frozenset[str]  # PDF paths, relative to the language's root

    @property
    def folder(self) -> str:
        """The folder the zip unpacks into: its own name, so that two provinces' bundles unzipped
        side by side do not mix."""
        return posixpath.basename(self.archive).removesuffix(".zip")


def offline_bundles(language: str, docs: Iterable[Doc], provinces: Iterable[str], pdfs: bool) -> list[Bundle]:
    """The language's bundle, then each province's."""
    docs = list(docs)
    printed = [d for d in docs if d.printed] if pdfs else []
    # The plan page composes steps of any two provinces: it belongs to the language's bundle; a
    # province's leads to it online.
    national = frozenset(d for d in docs if d.province is None and d.kind is not Kind.PLAN)
    out = [
        Bundle(
            OFFLINE_BUNDLE.format(language=language),
            None,
            frozenset(docs),
            frozenset(d.pdf_path for d in printed if d.kind is Kind.PROVINCE),
        )
    ]
    for slug in provinces:
        out.append(
            Bundle(
                PROVINCE_BUNDLE.format(language=language, province=slug),
                slug,
                national | {d for d in docs if d.province == slug},
                frozenset(d.pdf_path for d in printed if d.province == slug),
            )
        )
    return out


@dataclass(frozen=True)
class OfflineSite:
    """A language's offline build, and what its bundles are made from."""

    folder: Path
    search: str  # the language's search language (Material's lunr.<search>.min.js)
    online: str  # the language's site online, ending in "/"; "" when not configured
    docs: tuple[Doc, ...]
    index: IndexLayout = MATERIAL_INDEX  # where the engine put the search index (each bundle gets its own)

    @cached_property
    def addresses(self) -> dict[str, str]:
        """Each page's file in the offline build -> its address on the site (guides/x/)."""
        return {doc.file_url: doc.url for doc in self.docs}

    def files(self) -> list[str]:
        """Every file of the build, relative to it, that some bundle may need."""
        keep = ("stemmer.support", "multi", self.search)
        out = []
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            rel = path.relative_to(self.folder).as_posix()
            lunr = _LUNR_LANGUAGE.fullmatch(rel)
            if (
                any(rule.fullmatch(rel) for rule in _UNUSED)
                or rel in (self.index.json, self.index.js)
                or (lunr and lunr.group(1) not in keep)
            ):
                continue
            out.append(rel)
        return out


def contents(site: OfflineSite, bundle: Bundle, files: list[str]) -> list[str]:
    """The files of `bundle`: the pages and PDFs it holds, and everything that is neither
    (assets, the 404 page)."""
    pages = {d.file_url for d in site.docs}
    held = {d.file_url for d in bundle.docs}

    def wanted(rel: str) -> bool:
        if rel in pages:
            return rel in held
        if rel.startswith(PDF_DIR + "/"):
            return rel in bundle.pdfs
        if rel.startswith(PLAN_DATA_DIR):
            return Doc.plan() in bundle.docs
        return True

    return [rel for rel in files if wanted(rel)]


def _online(site: OfflineSite, target: str) -> str | None:
    """The address online of a page or PDF of the offline build (guides/x/hunan.html ->
    <site>/guides/x/hunan/), or None where no site address is configured."""
    if not site.online:
        return None
    return site.online + site.addresses.get(target, target)


def relink(html: str, here: str, held: set[str], site: OfflineSite, known: set[str]) -> str:
    """`html` (the file `here` of a bundle) with each link to a file the bundle lacks leading to
    the same page online, and links from the site's root ("/assets/..", in the 404 page, which
    MkDocs writes for any depth) made relative, so that they work from file://."""
    folder = posixpath.dirname(here)

    def replace(match: re.Match[str]) -> str:
        value = match.group(2)
        if not value or _EXTERNAL.match(value):
            return match.group(0)
        parts = urlsplit(value)
        path = unquote(parts.path)
        if not path:
            return match.group(0)
        target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
        # a folder's address (guides/, ..) is its index.html, as a server would answer
        target = next((t for t in (target, posixpath.normpath(target + "/index.html")) if t in known), target)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        if target in held:
            new = posixpath.relpath(target, folder or ".")
        elif target in known and (online := _online(site, target)):
            new = online
        else:
            return match.group(0)
        return f"{match.group(1)}{new}{suffix}{match.group(3)}"

    return _LINK.sub(replace, html)


def bundle_entries(
    site: OfflineSite, bundle: Bundle, files: list[str], index: dict[str, Any]
) -> Iterator[tuple[str, bytes]]:
    """(path in the zip, bytes) of every file of `bundle`, with its part of the offline build's
    search `index`."""
    held = contents(site, bundle, files)
    known = set(files) | {d.file_url for d in site.docs}
    names = set(held)
    for rel in sorted(held):
        data = (site.folder / rel).read_bytes()
        if rel.endswith(".html"):
            data = relink(data.decode("utf-8"), rel, names, site, known).encode("utf-8")
        yield f"{bundle.folder}/{rel}", data
    own = select(
        index,
        site.docs,
        directory_urls=False,
        province=bundle.province,
        merged=site.index.merged,
        other_forms=site.index.other_forms,
    )
    yield f"{bundle.folder}/{site.index.js}", serialize(own, offline=True, layout=site.index).encode("utf-8")


def write_bundles(site: OfflineSite, wanted: list[Bundle], out: Path, source_date: int | None) -> dict[str | None, int]:
    """Zip each bundle into `out` (at its `archive` path); returns each zip's size in bytes, by
    province (None: the language's)."""
    files = site.files()
    index = read_index(site.folder, site.index)
    sizes: dict[str | None, int] = {}
    for bundle in wanted:
        target = out / bundle.archive
        zip_entries(bundle_entries(site, bundle, files, index), target, source_date)
        sizes[bundle.province] = target.stat().st_size
    return sizes
