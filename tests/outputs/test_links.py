"""Links, beyond tests/test_build.py::test_internal_links_and_anchors_resolve (which walks
every page of the served site): each language's pages stay in that language except for the
language switcher, the offline bundles resolve every link and #anchor from file://, and every
link to the text of a law is https to an official domain (config.OFFICIAL_LAW_DOMAINS)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from helpers import site_of

from generator.config import LANGUAGES, OFFICIAL_LAW_DOMAINS, REPO_ROOT, Project, repository_url, site_url
from generator.core.load import load_file
from generator.outputs.documents import Doc
from generator.outputs.pages import environment

PREFIXES = {lang.prefix for lang in LANGUAGES if lang.prefix}


def is_official_law_url(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return (
        parts.scheme == "https"
        and not parts.username
        and not parts.password
        and any(host == d or host.endswith("." + d) for d in OFFICIAL_LAW_DOMAINS)
    )


class _Page(HTMLParser):
    """Links (with whether they are a language alternate), ids, and the links inside <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool]] = []
        self.ids: set[str] = set()
        self.article_links: list[str] = []
        self._article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self._article += 1
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for name in ("href", "src"):
            if a.get(name):
                self.links.append((a[name], "hreflang" in a))
                if self._article and tag == "a":
                    self.article_links.append(a[name])

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _internal(link: str) -> bool:
    parts = urlsplit(link)
    return not parts.scheme and not link.startswith("//")


def _language_of(rel: Path) -> str:
    return rel.parts[0] if rel.parts and rel.parts[0] in PREFIXES else ""


# --- the served site ----------------------------------------------------------------------------


def test_each_language_links_within_itself_except_the_switcher(built_once):
    checked: Counter[str] = Counter()
    for page in sorted(built_once.rglob("*.html")):
        rel = page.relative_to(built_once)
        if page.name == "404.html":
            continue
        here = _language_of(rel)
        for link, alternate in _parse(page.read_text(encoding="utf-8")).links:
            path = urlsplit(link).path
            if not _internal(link) or not path:
                continue
            target = Path(posixpath.normpath(posixpath.join(rel.parent.as_posix(), unquote(path))))
            assert not target.as_posix().startswith(".."), f"{rel}: {link} leaves the site"
            if not alternate:
                assert _language_of(target) == here, f"{rel} ({here or 'zh-Hans'}) links into another language: {link}"
            checked[here] += 1
    for lang in LANGUAGES:
        assert checked[lang.prefix] > 100, (lang.code, checked)


# --- the offline bundles --------------------------------------------------------------------------


def _bundles(site: Path) -> list[Path]:
    """Every offline zip of the site: each language's, and each province's in each language."""
    found = sorted(site.glob("**/downloads/*.zip"))
    assert len(found) == len(LANGUAGES) * 3, found  # the fixture has two provinces
    return found


def test_every_link_of_every_offline_bundle_opens_a_file_in_it_or_the_site_online(built_once):
    """From file:// a folder does not open its index.html and / is the disk's root: each link
    names a file of the zip (its #anchor there), or is the page's address online."""
    for bundle in _bundles(built_once):
        language = next(lang for lang in LANGUAGES if f"guidesite-{lang.code}-" in bundle.name)
        online = site_url(language)
        with zipfile.ZipFile(bundle) as archive:
            names = set(archive.namelist())
            pages = {name: archive.read(name).decode("utf-8") for name in names if name.endswith(".html")}
        parsed = {name: _parse(html) for name, html in pages.items()}
        checked = anchors = 0
        away: set[str] = set()
        for name, page in parsed.items():
            for link, _alternate in page.links:
                parts = urlsplit(link)
                if link.startswith(online):
                    away.add(link.removeprefix(online))
                    continue
                if not _internal(link):
                    continue
                assert not link.startswith("/"), f"{bundle.name} {name}: {link} starts from the disk's root"
                target = (
                    posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
                    if parts.path
                    else name
                )
                assert target in names, f"{bundle.name} {name}: {link} -> {target} is not in the zip"
                if parts.fragment and target in parsed:
                    assert parts.fragment in parsed[target].ids, (
                        f"{bundle.name} {name}: no #{parts.fragment} in {target}"
                    )
                    anchors += 1
                checked += 1
        assert checked > 200 and anchors > 10, (bundle.name, checked, anchors)
        # the language's bundle holds every page (online: the PDFs of single guides, which it
        # leaves out, the feed and the open data); a province's leads online to the other
        # province's pages
        pages_away = {link for link in away if not posixpath.splitext(urlsplit(link).path)[1]}  # not a file
        if bundle.name.endswith(("hunan-offline.zip", "guangdong-offline.zip")):
            other = "guangdong" if "hunan" in bundle.name else "hunan"
            assert f"provinces/{other}/" in pages_away, (bundle.name, sorted(pages_away))
        else:
            assert pages_away == set() and away, (bundle.name, sorted(away))


def test_offline_home_page_does_not_link_a_zip_it_does_not_contain(built_once):
    for bundle in _bundles(built_once):
        with zipfile.ZipFile(bundle) as archive:
            home = archive.read(f"{bundle.stem}/index.html").decode("utf-8")
            provinces = [n for n in archive.namelist() if re.fullmatch(r"[^/]+/provinces/(hunan|guangdong)\.html", n)]
            assert ".zip" not in home and provinces, bundle.name
            for province in provinces:
                assert ".zip" not in archive.read(province).decode("utf-8"), (bundle.name, province)


# --- official sources of the laws -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, official",
    [
        ("https://www.gov.cn/zhengce/content/2009-12/29/content_1499072.htm", True),
        ("https://flk.npc.gov.cn/detail2.html?abc", True),
        ("https://www.mohrss.gov.cn/", True),
        ("https://gov.cn/", True),
        ("http://www.gov.cn/", False),  # not https
        ("https://www.gov.cn.evil.example/", False),  # gov.cn is not the end of the host
        ("https://evilgov.cn/", False),  # nor a whole label of it
        ("https://www.gov.cn@evil.example/", False),  # the host is evil.example
        ("https://baike.baidu.com/item/社会保险法", False),
        ("javascript:alert(1)//https://www.gov.cn/", False),
    ],
)
def test_the_allowlist_matches_whole_domains_over_https(url, official):
    assert is_official_law_url(url) is official


def _law_files() -> list[Path]:
    files = sorted((REPO_ROOT / "content" / "laws").glob("*.yaml"))
    assert files, "no content/laws/*.yaml"
    return files


@pytest.mark.parametrize("path", _law_files(), ids=lambda p: p.stem)
def test_every_law_url_is_official(path):
    doc, problems = load_file(path, REPO_ROOT)
    assert doc is not None, problems
    if "url" not in doc.data:  # not known yet: the page says the official text is still to be linked
        assert doc.data.get("checked") is None, (
            f"{path.name}: a checked text needs the official page it was checked against"
        )
        return
    url = doc.data["url"]
    mark = doc.mark(("url",))
    assert is_official_law_url(url), (
        f"content/laws/{path.name}:{mark.line}:{mark.col}: {url} is not https on an "
        f"official domain ({', '.join(OFFICIAL_LAW_DOMAINS)}): link the official text"
    )


def test_every_link_on_the_real_law_pages_is_official_or_internal():
    names = ["admonition", "attr_list", "tables", "toc"]
    configs: dict[str, dict] = {}
    external: list[str] = []
    for language in LANGUAGES:
        env = environment(language.code)
        site = site_of(Project(REPO_ROOT), language.code)
        template = env.get_template("law.md.j2")
        for law in site.laws.values():
            text = template.render(doc=Doc.law(law.id), site=site, pdfs=False, law=law)
            html = markdown.Markdown(extensions=names, extension_configs=configs).convert(text)
            links = [link for link, _alternate in _parse(html).links]
            if law.url:
                assert law.url in links, f"{language.code} laws/{law.id}: the official text is not linked"
            else:
                assert "官方原文链接待补充" in text or language.code != "zh-Hans", (
                    f"laws/{law.id}: a missing source is not said"
                )
            # the page's own source and issue form, in the repository (source_links.py): not the law's text
            external += [
                f"{language.code} laws/{law.id}: {link}"
                for link in links
                if not _internal(link) and not link.startswith(repository_url())
            ]
    unofficial = [entry for entry in external if not is_official_law_url(entry.split(": ", 1)[1])]
    assert external and unofficial == []


def test_links_inside_the_built_law_pages_are_official_or_internal(built_once):
    seen = 0
    for language in LANGUAGES:
        for page in sorted((built_once / language.prefix / "laws").glob("*/index.html")):
            for link in _parse(page.read_text(encoding="utf-8")).article_links:
                if not _internal(link) and not link.startswith(repository_url()):
                    assert is_official_law_url(link), f"{page.relative_to(built_once)}: {link}"
                    seen += 1
    assert seen >= len(LANGUAGES)


# --- the links to the page's source and to the report form ----------------------------------------

_SOURCE_PARAGRAPH = re.compile(r'<p class="page-source"[^>]*>(.*?)</p>', re.S)
# What each language's page says about those links: they open on GitHub, online.
_SAYS_ONLINE = {"zh-Hans": "需要联网", "en": "internet connection", "zh-Hant": "需要聯網"}


def test_offline_bundles_link_the_source_and_the_report_form_online_and_say_so(built_once):
    """From file:// the edit and report links still work (absolute addresses of the repository's
    host, untouched by the bundle's relinking) and say that they go online."""
    for bundle in _bundles(built_once):
        language = next(lang for lang in LANGUAGES if f"guidesite-{lang.code}-" in bundle.name)
        with zipfile.ZipFile(bundle) as archive:
            pages = {
                name: archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".html") and not name.endswith("404.html")
            }
            index = next(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith("search_index.js"))
        assert len(pages) > 10, bundle.name
        # the links are left out of search: every page would answer "edit" or "report"
        assert "page-source" not in index and "source-link" not in index, bundle.name
        assert not any(words in index for words in ("修改此页", "Edit this page", "修改此頁")), bundle.name
        for name, html in pages.items():
            found = _SOURCE_PARAGRAPH.search(html)
            assert found, f"{bundle.name} {name}: no links to the page's source"
            links = [link for link, _alternate in _parse(found.group(1)).links]
            assert len(links) >= 2 and all(link.startswith(repository_url()) for link in links), (name, links)
            assert any("/issues/new?" in link for link in links) and any("/edit/" in link for link in links)
            assert _SAYS_ONLINE[language.code] in found.group(1), (bundle.name, name)
