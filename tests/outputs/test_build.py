"""End to end: the fixture project through `guidesite build` into a real MkDocs site."""

import dataclasses
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import edit

from generator import config
from generator.build import BuildFailed, build
from generator.cli import main
from generator.config import BuildOptions


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def test_every_page_is_built(built_once):
    for page in [
        "index.html",
        "guides/index.html",
        "provinces/index.html",
        "laws/index.html",
        "materials/index.html",
        "laws/test-law/index.html",
        "provinces/guangdong/index.html",
        "provinces/hunan/index.html",
    ]:
        assert (built_once / page).is_file(), page
    for guide in ("alpha", "beta"):
        assert (built_once / "guides" / guide / "index.html").is_file()
        for slug in ("guangdong", "hunan"):
            assert (built_once / "guides" / guide / slug / "index.html").is_file()
            assert (built_once / "journeys" / "alpha-then-beta" / slug / "index.html").is_file()


def test_internal_links_and_anchors_resolve(built_once):
    checked = 0
    for page in built_once.rglob("*.html"):
        if page.name == "404.html":  # Material writes site-absolute links there, by design
            continue
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(built_once)} links to missing {link}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in _parse(target).ids, (
                    f"{page.relative_to(built_once)}: no #{parts.fragment} in {link}"
                )
            checked += 1
    assert checked > 100


def test_province_page_shows_offices_materials_and_legal_links(built_once):
    html = (built_once / "guides/alpha/guangdong/index.html").read_text(encoding="utf-8")
    assert "某路1号" in html and "020-12345678" in html and "周一至周五 9:00-17:00" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **服务大厅** [x](javascript:y)" in html
    assert "<script>alert(1)" not in html
    assert 'type="checkbox"' in html and "本地证明" in html and "复印件 1 份" in html
    assert re.search(r'href="\.\./\.\./\.\./laws/test-law/#article-2"', html)
    assert "2026年1月10日" in html


def test_law_page_quotes_articles_and_lists_citing_guides(built_once):
    html = (built_once / "laws/test-law/index.html").read_text(encoding="utf-8")
    assert 'id="article-1"' in html and "第一款文字。" in html and "第二款文字。" in html
    assert "<blockquote>" in html
    assert "甲事项" in html and "乙事项" in html
    assert "测发〔2020〕1号" in html


def test_pages_do_not_carry_the_whole_navigation(built_once):
    # every page used to carry links to every other page; the nav stays the five sections
    html = (built_once / "guides/alpha/hunan/index.html").read_text(encoding="utf-8")
    assert html.count('class="md-nav__link') < 40


def test_broken_yaml_reports_errors_and_leaves_the_site_untouched(project, built, capsys):
    before = _tree_digest(built)
    edit(project, "data/provinces/guangdong.yaml", "offices:", "ofices:")
    edit(project, "content/guides/alpha.yaml", "place: left", "place: lefft")
    capsys.readouterr()
    assert main(["--root", str(project.root), "build", "--out", str(built)]) == 1
    err = capsys.readouterr().err
    assert "data/provinces/guangdong.yaml:22:1: error: 未知字段 'ofices'" in err
    assert "content/guides/alpha.yaml:21:12: error: 取值 'lefft' 不允许" in err
    assert "Traceback" not in err
    assert _tree_digest(built) == before
    assert [p.name for p in built.parent.iterdir() if p.name.startswith(".")] == []


def test_failed_mkdocs_build_leaves_the_site_untouched(project, built):
    before = _tree_digest(built)
    # a template linking to a page that does not exist: MkDocs strict mode must refuse it
    templates = project.root / "templates"
    shutil.copytree(config.TEMPLATES_DIR, templates)
    (templates / "laws_index.md.j2").write_text("# x\n\n[missing](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="nowhere.md"):
        build(dataclasses.replace(project, templates_dir=templates), built, BuildOptions(pdfs=False))
    assert _tree_digest(built) == before
    assert [p.name for p in built.parent.iterdir() if p.name.startswith(".")] == []


def test_validate_prints_a_summary(project, capsys):
    assert main(["--root", str(project.root), "validate"]) == 0
    assert capsys.readouterr().out.strip() == "校验通过：2 个指南、1 个组合流程、2 个省份、1 部法规、3 种材料。"


def test_offline_bundle_per_language_browses_from_disk(built_once):
    import zipfile

    from generator.config import LANGUAGES, OFFLINE_BUNDLE

    for language in LANGUAGES:
        home = built_once / language.prefix / "index.html"
        bundle = OFFLINE_BUNDLE.format(language=language.code)
        assert f'href="{bundle}"' in home.read_text(encoding="utf-8")
        top = Path(bundle).stem  # the folder it unzips into: its own name
        with zipfile.ZipFile(home.parent / bundle) as archive:
            names = set(archive.namelist())
            assert {
                f"{top}/index.html",
                f"{top}/search/search_index.js",
                f"{top}/guides/alpha/hunan.html",
                f"{top}/assets/javascripts/iframe-worker-shim.js",
            } <= names
            page = archive.read(f"{top}/guides/alpha/hunan.html").decode("utf-8")
            assert 'href="../../provinces/hunan.html"' in page  # file:// needs explicit files
            assert "unpkg.com" not in page and "hreflang" not in page  # nothing from the network or outside the zip


def test_home_page_says_how_big_the_offline_zip_is(built_once):
    """Readers on metered phone plans see the download's size, in their language's format."""
    from generator.config import OFFLINE_BUNDLE

    expected = {
        "zh-Hans": "下载本站离线版（zip，{size} MB）",
        "en": "Download the offline version of this site (zip, {size} MB)",
        "zh-Hant": "下載本站離線版（zip，{size} MB）",
    }
    for code, prefix in (("zh-Hans", ""), ("en", "en/"), ("zh-Hant", "zh-Hant/")):
        zip_path = built_once / prefix / OFFLINE_BUNDLE.format(language=code)
        size = f"{round(zip_path.stat().st_size / 1_000_000, 1):g}"
        assert expected[code].format(size=size) in (built_once / prefix / "index.html").read_text(encoding="utf-8"), (
            code
        )


def test_each_province_page_links_its_own_offline_bundle_with_its_size(built_once):
    """A mover keeps the two provinces they deal with, not 31: each province's page offers its zip."""
    from generator.config import PROVINCE_BUNDLE

    expected = {
        "zh-Hans": "下载本省离线版（zip，{size} MB）",
        "en": "Download this province's offline version (zip, {size} MB)",
        "zh-Hant": "下載本省離線版（zip，{size} MB）",
    }
    for code, prefix in (("zh-Hans", ""), ("en", "en/"), ("zh-Hant", "zh-Hant/")):
        for province in ("hunan", "guangdong"):
            zip_path = built_once / prefix / PROVINCE_BUNDLE.format(language=code, province=province)
            size = f"{round(zip_path.stat().st_size / 1_000_000, 1):g}"
            html = (built_once / prefix / "provinces" / province / "index.html").read_text(encoding="utf-8")
            link = f'href="../../{PROVINCE_BUNDLE.format(language=code, province=province)}" download>'
            assert link + expected[code].format(size=size) in html, (code, province)
        assert "offline.zip" not in (built_once / prefix / "guides/alpha/hunan/index.html").read_text(encoding="utf-8")


def test_pages_carry_the_print_stylesheet_and_link_their_pdfs(built_once):
    html = (built_once / "en/guides/alpha/guangdong/index.html").read_text(encoding="utf-8")
    assert 'href="../../../assets/stylesheets/print.css"' in html
    assert (built_once / "en/assets/stylesheets/print.css").is_file()
    assert 'href="../../../pdf/guides/alpha/guangdong.pdf"' in html
    assert (built_once / "en/pdf/guides/alpha/guangdong.pdf").read_bytes().startswith(b"%PDF")
    journey = (built_once / "journeys/alpha-then-beta/hunan/index.html").read_text(encoding="utf-8")
    assert 'href="../../../pdf/journeys/alpha-then-beta/hunan.pdf"' in journey
    assert (built_once / "pdf/provinces/hunan.pdf").is_file()


def test_rebuild_after_one_province_changes_touches_only_what_changed(project, built):
    import os

    law = built / "laws/test-law/index.html"
    changed = built / "guides/alpha/guangdong/index.html"
    old_time = os.stat(law).st_mtime_ns - 10**9  # mark the first build's files as older
    for page in (law, changed):
        os.utime(page, ns=(old_time, old_time))
    edit(project, "data/provinces/guangdong.yaml", "周一至周五 9:00-17:00", "周一至周五 8:30-17:30")
    assert main(["--root", str(project.root), "build", "--no-pdf", "--out", str(built)]) == 0
    assert os.stat(law).st_mtime_ns == old_time  # same bytes: same file, untouched
    assert os.stat(changed).st_mtime_ns != old_time and "8:30-17:30" in changed.read_text(encoding="utf-8")
