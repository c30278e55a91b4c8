"""The second engine (generator/outputs/engines.py): Zensical builds the fixture site from the same
generated docs, config and theme as MkDocs + Material, and a reader gets the same pages: titles,
heading ids, language links, canonical links, sitemap, JSON-LD, the 404 page, PDFs, open data and
offline zips. Where Zensical is not installed the comparison says so and skips, except on CI."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE

from generator.cli import main
from generator.config import LANGUAGES, Project
from generator.outputs import engines
from generator.outputs.engines import ENGINES, zensical_config
from generator.outputs.mkdocs_site import mkdocs_config
from generator.outputs.search_index import ZENSICAL_INDEX, read_index, serialize

ZENSICAL = ENGINES["zensical"]
ENGLISH = next(lang for lang in LANGUAGES if lang.code == "en")


def test_zensical_gets_the_mkdocs_config_with_its_folders_inside_its_root(project):
    project.docs_dir("en").mkdir(parents=True)
    mkdocs_file = mkdocs_config(project, ENGLISH, project.root / "somewhere" / "else", offline=True)
    config = yaml.safe_load(zensical_config(mkdocs_file, project.build_dir / "zensical" / "en").read_text())
    assert "INHERIT" not in config
    # relative, inside the config's folder, as Zensical requires
    assert config["docs_dir"] == "docs"
    assert config["site_dir"] == "site"
    # mkdocs.yml's settings merged in, the language's own kept
    assert config["markdown_extensions"][0] == "admonition"
    assert config["theme"]["language"] == "en"
    assert config["theme"]["features"] == ["navigation.top", "search.suggest"]
    assert config["theme"]["variant"] == "classic"  # Material's look
    assert config["extra"]["engine"] == "zensical"
    assert "offline" in config["plugins"]
    assert "site_url" not in config  # offline pages are files: no canonical links


def test_a_missing_engine_is_one_line_and_exit_1(project, monkeypatch, capsys):
    find_spec = engines.importlib.util.find_spec
    monkeypatch.setattr(
        engines.importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else find_spec(name, *a)
    )
    out = project.root / "site"
    assert main(["--root", str(project.root), "build", "--no-pdf", "--engine", "zensical", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "zensical==0.0.73" in err
    assert not out.exists()


def test_zensical_index_is_read_and_written_under_its_own_key(tmp_path):
    entries = [
        {"location": "", "title": "首页", "text": "<p>x</p>", "tags": []},
        {"location": "provinces/zhejiang/", "title": "浙江省", "text": "<p>转移</p>", "tags": ["浙江", "浙江省"]},
    ]
    (tmp_path / "search.json").write_text(json.dumps({"config": {"lang": ["zh-Hans"]}, "items": entries}))
    index = read_index(tmp_path, ZENSICAL_INDEX)
    assert index["docs"] == entries
    written = json.loads(serialize(index, layout=ZENSICAL_INDEX))
    assert set(written) == {"config", "items"}
    # Zensical opens a tag filter panel once an entry has tags: the names go into the text
    province = written["items"][1]
    assert province["tags"] == []
    assert "浙江省" in province["text"] and "转移" in province["text"]
    assert serialize(index, offline=True, layout=ZENSICAL_INDEX).startswith("var __index = {")


# --- the fixture site built by both engines -------------------------------------------------------


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = ZENSICAL.missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must compare the engines: {missing}")
        pytest.skip(missing)
    tmp = tmp_path_factory.mktemp("zensical")
    shutil.copytree(FIXTURE, tmp / "project")
    assert main(["--root", str(tmp / "project"), "build", "--engine", "zensical", "--out", str(tmp / "site")]) == 0
    return tmp / "site"


class _Page(HTMLParser):
    """What a reader and a search engine get from a page, whichever engine wrote it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.canonical: list[str] = []
        self.hreflang: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.json_ld: list[object] = []
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")
        elif tag == "a" and a.get("hreflang"):
            self.hreflang.append((a["hreflang"], a.get("href") or ""))
        elif re.fullmatch(r"h[1-6]", tag) and a.get("id"):
            self.headings.append(a["id"])
        elif tag == "title" or (tag == "script" and a.get("type") == "application/ld+json"):
            self._in, self._text = tag, ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in == "title":
            self.title = self._text.strip()
        elif tag == self._in == "script":
            self.json_ld.append(json.loads(self._text))
        if tag == self._in:
            self._in = None

    def facts(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("lang", "title", "canonical", "hreflang", "headings", "json_ld")}


def _page(path: Path) -> dict[str, object]:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.facts()


# Where each engine puts what only it has: its scripts and styles, and its search index.
_OWN = re.compile(r"(.*/)?(assets/.*|search/search_index\.json|search\.json)")


def _files(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not _OWN.fullmatch(str(p.relative_to(site)))
    }


def test_zensical_builds_the_same_files_pdfs_and_open_data(built_once, zensical_site):
    assert _files(zensical_site) == _files(built_once)
    assert [p for p in _files(built_once) if p.endswith(".pdf")]
    for rel in _files(built_once):
        if "/data/" in f"/{rel}" or rel.endswith((".pdf", "feed.xml")):
            assert (zensical_site / rel).read_bytes() == (built_once / rel).read_bytes(), rel


def test_zensical_pages_have_the_same_titles_ids_language_links_canonical_and_json_ld(built_once, zensical_site):
    pages = sorted(p for p in _files(built_once) if p.endswith(".html"))
    assert len(pages) > 50
    differ = {rel: (_page(built_once / rel), _page(zensical_site / rel)) for rel in pages}
    differ = {rel: pair for rel, pair in differ.items() if pair[0] != pair[1]}
    assert differ == {}
    home = _page(zensical_site / "index.html")
    assert home["title"] == "跨省社保办事指南"  # the home page's title is the site's name (page.is_homepage)
    assert home["canonical"] == ["https://guidesite.github.io/guidesite/"]
    assert "offline" in home["headings"]  # type: ignore[operator]  # the offline zip's link, on the home page only


def _sitemap(site: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return sorted(
        (
            url.findtext("s:loc", namespaces=ns) or "",
            sorted((link.get("hreflang") or "", link.get("href") or "") for link in url.findall("x:link", ns)),
        )
        for url in root.findall("s:url", ns)
    )


def test_zensical_sitemap_lists_every_page_in_every_language(built_once, zensical_site):
    urls = _sitemap(zensical_site)
    assert len(urls) > 50
    assert urls == _sitemap(built_once)
    assert not (zensical_site / "en" / "sitemap.xml").exists()


class _NotFound(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag, attrs):
        if (dict(attrs).get("id") or "").startswith("not-found"):
            self.parts.append((tag, sorted(attrs), ""))

    def handle_data(self, data):
        if self.parts and not self.parts[-1][2]:
            self.parts[-1] = (*self.parts[-1][:2], data.strip())


def _not_found(html: str) -> list[tuple[str, list[tuple[str, str | None]], str]]:
    parser = _NotFound()
    parser.feed(html)
    return parser.parts


def test_zensical_404_page_is_ours_in_each_language(built_once, zensical_site):
    for folder in ("", "en/"):
        ours = (zensical_site / folder / "404.html").read_text(encoding="utf-8")
        theirs = (built_once / folder / "404.html").read_text(encoding="utf-8")
        # as a browser reads them (MiniJinja's escaping writes "/" as &#x2f;)
        assert _not_found(ours) == _not_found(theirs)
        assert len(_not_found(ours)) == 7  # title, text, two links, the search form
    assert "var others" in (zensical_site / "404.html").read_text(encoding="utf-8")


def test_zensical_lists_the_materials_page_once(built_once, zensical_site):
    # Zensical shows each section as a result of its own: the materials' would crowd out the guides
    items = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"]
    assert [i["location"] for i in items if i["location"].startswith("materials/")] == ["materials/"]
    ours = json.loads((built_once / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert len([d for d in ours if d["location"].startswith("materials/")]) > 1  # Material groups them itself
    assert not any(i["tags"] for i in items)  # no tag filter panel


def _pages_indexed(site: Path, layout_file: str, key: str, prefix: str) -> set[str]:
    index = json.loads((site / prefix / layout_file).read_text(encoding="utf-8"))
    return {entry["location"].split("#")[0] for entry in index[key]}


def test_zensical_search_index_holds_the_pages_ours_does(built_once, zensical_site):
    for prefix in ("", "en", "zh-Hant"):
        assert _pages_indexed(zensical_site, "search.json", "items", prefix) == _pages_indexed(
            built_once, "search/search_index.json", "docs", prefix
        )


def test_zensical_offline_zips_hold_the_same_pages(built_once, zensical_site):
    zips = sorted(p.relative_to(built_once).as_posix() for p in built_once.rglob("*.zip"))
    assert zips
    for rel in zips:
        with zipfile.ZipFile(built_once / rel) as ours, zipfile.ZipFile(zensical_site / rel) as theirs:
            pages = {n for n in ours.namelist() if n.endswith((".html", ".pdf"))}
            assert pages == {n for n in theirs.namelist() if n.endswith((".html", ".pdf"))}
            index = next(n for n in theirs.namelist() if n.endswith("/search.js"))
            assert theirs.read(index).startswith(b"var __index = {")


def test_every_language_of_the_project_is_compared():
    assert {lang.code for lang in Project(FIXTURE).languages} == {"zh-Hans", "en", "zh-Hant"}
