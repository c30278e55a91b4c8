"""End to end: the fixture project through `guidesite build` into a real MkDocs site."""
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.cli import main

from conftest import edit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
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


@pytest.fixture
def built(project, tmp_path):
    out = tmp_path / "site"
    assert main(["--root", str(project.root), "build", "--out", str(out)]) == 0
    return out


def test_every_page_is_built(built):
    for page in ["index.html", "guides/index.html", "provinces/index.html", "laws/index.html", "materials/index.html",
                 "laws/test-law/index.html", "provinces/guangdong/index.html", "provinces/hunan/index.html"]:
        assert (built / page).is_file(), page
    for guide in ("alpha", "beta"):
        assert (built / "guides" / guide / "index.html").is_file()
        for slug in ("guangdong", "hunan"):
            assert (built / "guides" / guide / slug / "index.html").is_file()
            assert (built / "journeys" / "alpha-then-beta" / slug / "index.html").is_file()


def test_internal_links_and_anchors_resolve(built):
    checked = 0
    for page in built.rglob("*.html"):
        if page.name == "404.html":  # Material writes site-absolute links there, by design
            continue
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(built)} links to missing {link}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in _parse(target).ids, f"{page.relative_to(built)}: no #{parts.fragment} in {link}"
            checked += 1
    assert checked > 100


def test_province_page_shows_offices_materials_and_legal_links(built):
    html = (built / "guides/alpha/guangdong/index.html").read_text(encoding="utf-8")
    assert "某路1号" in html and "020-12345678" in html and "周一至周五 9:00-17:00" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **服务大厅** [x](javascript:y)" in html
    assert "<script>alert(1)" not in html
    assert 'type="checkbox"' in html and "本地证明" in html and "复印件 1 份" in html
    assert re.search(r'href="\.\./\.\./\.\./laws/test-law/#article-2"', html)
    assert "2026年1月10日" in html


def test_law_page_quotes_articles_and_lists_citing_guides(built):
    html = (built / "laws/test-law/index.html").read_text(encoding="utf-8")
    assert 'id="article-1"' in html and "第一款文字。" in html and "第二款文字。" in html
    assert "<blockquote>" in html
    assert "甲事项" in html and "乙事项" in html
    assert "测发〔2020〕1号" in html


def test_pages_do_not_carry_the_whole_navigation(built):
    # every page used to carry links to every other page; the nav stays the five sections
    html = (built / "guides/alpha/hunan/index.html").read_text(encoding="utf-8")
    assert html.count('class="md-nav__link') < 40


def test_broken_yaml_reports_errors_and_leaves_the_site_untouched(project, built, capsys):
    before = _tree_digest(built)
    edit(project, "data/provinces/guangdong.yaml", "offices:", "ofices:")
    edit(project, "content/guides/alpha.yaml", "place: old", "place: olde")
    capsys.readouterr()
    assert main(["--root", str(project.root), "build", "--out", str(built)]) == 1
    err = capsys.readouterr().err
    assert "data/provinces/guangdong.yaml:21:1: error: 未知字段 'ofices'" in err
    assert "content/guides/alpha.yaml:21:12: error: 取值 'olde' 不允许" in err
    assert "Traceback" not in err
    assert _tree_digest(built) == before
    assert [p.name for p in built.parent.iterdir() if p.name.startswith(".")] == []


def test_failed_mkdocs_build_leaves_the_site_untouched(project, built, capsys, monkeypatch):
    before = _tree_digest(built)
    # a template linking to a page that does not exist: MkDocs strict mode must refuse it
    templates = project.root / "templates"
    import shutil

    from generator import config, render
    shutil.copytree(config.TEMPLATES_DIR, templates)
    (templates / "laws_index.md.j2").write_text("# x\n\n[missing](nowhere.md)\n", encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATES_DIR", templates)
    monkeypatch.setattr(render.render_pages, "__defaults__", (config.SOURCE_LANGUAGE, templates))
    assert main(["--root", str(project.root), "build", "--out", str(built)]) == 1
    err = capsys.readouterr().err
    assert "nowhere.md" in err and "构建失败" in err
    assert _tree_digest(built) == before
    assert [p.name for p in built.parent.iterdir() if p.name.startswith(".")] == []


def test_validate_prints_a_summary(project, capsys):
    assert main(["--root", str(project.root), "validate"]) == 0
    assert capsys.readouterr().out.strip() == "校验通过：2 个指南、1 个组合流程、2 个省份、1 部法规、3 种材料。"
