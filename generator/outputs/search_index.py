"""The search index a reader's browser loads: Material's search plugin indexes every section of
every page; this keeps what a reader should get as results and writes it compactly.

Each guide, journey, law and the materials page answers once: the 31 copies of a guide by
province are near-identical (indexed, a query matched ~400 of ~430 pages and the index weighed
11 MB, which every page fetches). A province's page stands for its copies: it is one entry (its
sections merged, so that "浙江 转移" finds both words in it) titled with the province's name.
Pages that only list others (home, indexes, freshness) are not results. In a province's offline
bundle that province's guides and journeys stand in for the national ones.

A guide's page carries what readers call the procedure (its `search_terms`: 补卡, 社保卡丢了; lost
card, translated with the guide) as its tags, which Material weighs above title and text: the
guide answers first for them (templates/guide_national.md.j2).

Sections a template marks `data-search-exclude` (text repeated on every province's page) are
left out by Material itself. The Chinese query side, and the order of the results (a page named by
the query's province first, then by how much of the query a page's title and tags hold, guides
before laws), are in templates/theme/assets/javascripts/workers/search-queries.js; the index's
config carries what it needs to read a query typed in the other script (`han_forms`).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .documents import Doc, Kind

INDEX_JSON = "search/search_index.json"  # fetched by the site's pages
INDEX_JS = "search/search_index.js"  # loaded by a <script> in offline bundles (file:// cannot fetch)


@dataclass(frozen=True)
class IndexLayout:
    """Where an engine writes its search index and under which key its entries are. Each entry
    has the same fields in both engines (location, title, text, tags); `read_index` gives them
    under "docs", as Material names them, and `serialize` puts them back."""

    json: str  # fetched by the site's pages
    js: str  # loaded by a <script> in offline builds (file:// cannot fetch)
    key: str
    # Zensical opens a panel to filter results by tag once any entry has tags: a province's
    # names (its tags) go into its text instead, where they are still found.
    tags_as_text: bool = False
    # Pages whose sections are merged into one entry (`select`).
    merged: frozenset[Kind] = frozenset({Kind.PROVINCE})
    # The index's config carries the characters of the other script (`other_forms`), which the
    # site's search worker reads (search-queries.js); Zensical's search has no such worker.
    other_forms: bool = True


MATERIAL_INDEX = IndexLayout(INDEX_JSON, INDEX_JS, "docs")
# Zensical lists each section as a result of its own (Material groups them under their page): the
# materials page's many short sections, each titled with a material's name, came before the guide a
# query names (异地就医, 社会保障卡: benchmarks/RESULTS-engines.md). There it is one entry.
ZENSICAL_INDEX = IndexLayout(
    "search.json",
    "search.js",
    "items",
    tags_as_text=True,
    merged=frozenset({Kind.PROVINCE, Kind.MATERIALS}),
    other_forms=False,
)

# Pages that list other pages: a result there only repeats the pages' titles.
LISTS = frozenset({Kind.HOME, Kind.GUIDES, Kind.JOURNEYS, Kind.PROVINCES, Kind.LAWS, Kind.FRESHNESS})
# A province's page lists the titles of all guides, as the 30 others do: once below the guides
# themselves for a query about a guide (社保卡). Since guides carry what readers call them as tags
# (search_terms), weighed as a province's names are, the guide answers first by its tags, and a
# query naming a province (广东 社保卡) finds that province by its own: no lower weight (0.3 put the
# guide's colloquial names above the province a query names).
PROVINCE_BOOST = 1.0
HAN = re.compile(r"[\u3400-\u9fff]")
# The characters a reader may type in the other script (CJK Unified Ideographs): 電子社保卡 on a
# Simplified page, 养老金 on a Traditional one (`other_forms`).
TYPED = "".join(map(chr, range(0x4E00, 0xA000)))


def indexed(doc: Doc, province: str | None = None) -> bool:
    """Whether `doc`'s sections are search results: on the site and in a language's bundle
    (`province` None), or in `province`'s bundle."""
    if doc.kind in LISTS:
        return False
    if province is None:
        return doc.province is None or doc.kind is Kind.PROVINCE
    if doc.kind in (Kind.GUIDE, Kind.JOURNEY):
        return False  # the province's own copy answers instead
    if doc.kind is Kind.PLAN:
        return False  # not in a province's bundle (bundles.offline_bundles)
    return doc.province in (None, province)


def read_index(site_dir: Path, layout: IndexLayout = MATERIAL_INDEX) -> dict[str, Any]:
    """The index the engine's search wrote into a built site, its entries under "docs"."""
    index = json.loads((site_dir / layout.json).read_text(encoding="utf-8"))
    if layout.key != "docs":
        index = {("docs" if key == layout.key else key): value for key, value in index.items()}
    return index


def select(
    index: dict[str, Any],
    docs: Iterable[Doc],
    *,
    directory_urls: bool = True,
    province: str | None = None,
    merged: frozenset[Kind] = MATERIAL_INDEX.merged,
    other_forms: bool = MATERIAL_INDEX.other_forms,
) -> dict[str, Any]:
    """`index` with the entries of the pages `indexed` keeps, each page of a kind in `merged` (a
    province's) merged into one entry, and (`other_forms`) its config with `han_forms`. Entries of
    pages that are no document (none today) are kept as they are."""
    by_url = {doc.url if directory_urls else doc.file_url: doc for doc in docs}
    entries: list[dict[str, Any]] = []
    firsts: dict[str, dict[str, Any]] = {}  # a merged page's entry
    for entry in index["docs"]:
        page = entry["location"].split("#", 1)[0]
        doc = by_url.get(page)
        if doc is not None and not indexed(doc, province):
            continue
        if doc is not None and doc.kind in merged:
            first = firsts.get(page)
            if first is not None:
                first["text"] = " ".join(part for part in (first["text"], entry["title"], entry["text"]) if part)
                continue
            entry = firsts[page] = {**entry, "location": page}
            if doc.kind is Kind.PROVINCE:
                entry["boost"] = PROVINCE_BOOST
        elif doc is not None and doc.kind is Kind.GUIDE and entry.get("tags"):
            entry = {**entry, "tags": [_segmented(tag) for tag in entry["tags"]]}
        entries.append(entry)
    if other_forms and isinstance(index.get("config"), dict):
        return {**index, "config": {**index["config"], "han_forms": han_forms(entries)}, "docs": entries}
    return {**index, "docs": entries}


def han_forms(entries: Iterable[dict[str, Any]]) -> str:
    """Each character a reader may type that the index lacks, followed by its form in the other
    script that the index has (電电, on a Simplified page; 电電, on a Traditional one), as one string:
    a reader with the other script's input method (or a text copied from a Hong Kong or a mainland
    page) finds what the page's script writes, character by character as the site converts. The
    worker (search-queries.js) rewrites the query with it (the shipped content: ~380 pairs, 2 KB)."""
    held: set[str] = set()
    for entry in entries:
        for part in (entry.get("title", ""), entry.get("text", ""), *(entry.get("tags") or [])):
            held.update(HAN.findall(part))
    pairs: dict[str, str] = {}
    for forms in _other_forms():
        for typed, form in zip(TYPED, forms, strict=True):
            if typed != form and typed not in held and form in held:
                pairs.setdefault(typed, form)
    return "".join(typed + form for typed, form in sorted(pairs.items()))


@functools.cache
def _other_forms() -> tuple[str, str]:
    from ..i18n.hant import other_forms

    return other_forms(TYPED)


def _segmented(text: str) -> str:
    """`text` cut into words as Material's search plugin cuts a page's Chinese text (jieba, a zero
    width space between words; the index's separator): a guide's search term (社保卡丢了) is then
    found by the words a query is split into (社保卡, 丢), and adds no word the text lacks, which
    Material's "missing" line and the query's segmentation would read as one (社保卡丢了*)."""
    if not HAN.search(text):
        return text
    import jieba  # loaded by Material's search plugin in this process already

    return "\u200b".join(word for word in jieba.cut(text) if word.strip())


def serialize(index: dict[str, Any], *, offline: bool = False, layout: IndexLayout = MATERIAL_INDEX) -> str:
    """`index` as the site publishes it: JSON with UTF-8 as it is (escaped, Chinese text takes
    twice the bytes) or, offline, the script the engine loads from file:// (both name it __index)."""
    if layout.key != "docs":
        entries = [_without_tags(entry) for entry in index["docs"]] if layout.tags_as_text else index["docs"]
        index = {(layout.key if key == "docs" else key): value for key, value in index.items()}
        index[layout.key] = entries
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"var __index = {data}" if offline else data


def _without_tags(entry: dict[str, Any]) -> dict[str, Any]:
    tags = entry.get("tags") or []
    if not tags:
        return entry
    text = " ".join(part for part in (entry.get("text", ""), *tags) if part)
    return {**entry, "text": text, "tags": []}


def write_index(index: dict[str, Any], site_dir: Path, layout: IndexLayout = MATERIAL_INDEX) -> int:
    """Replace the index of the site at `site_dir` with `index`; returns its size in bytes."""
    path = site_dir / layout.json
    path.write_text(serialize(index, layout=layout), encoding="utf-8")
    return path.stat().st_size
