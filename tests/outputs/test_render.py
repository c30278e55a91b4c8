"""Golden files for rendered Markdown pages (the source language and English, whose fixture text
is pending and whose interface comes from the catalogs) and for the print models (the data the
Typst templates lay out), as indented JSON. After an intended
template change, regenerate with `make golden` (pytest tests/test_render.py --update-golden)
and review the diff."""

from pathlib import Path

import pytest
from helpers import TESTS, site_of

from generator.outputs.pages import escape_text, render_pages

GOLDEN = TESTS / "golden"
PAGES = [
    "index.md",
    "guides/alpha/index.md",
    "guides/alpha/guangdong.md",
    "guides/beta/hunan.md",
    "journeys/alpha-then-beta/guangdong.md",
    "provinces/guangdong.md",
    "laws/test-law.md",
    "materials.md",
]


EN_PAGES = ["guides/alpha/guangdong.md", "journeys/alpha-then-beta/hunan.md", "laws/test-law.md", "materials.md"]
PRINTED = [
    "guides/alpha/guangdong.pdf",
    "guides/beta/hunan.pdf",
    "journeys/alpha-then-beta/hunan.pdf",
    "provinces/guangdong.pdf",
]
EPOCH = 1767225600  # 2026-01-01T00:00:00Z, printed in the PDFs' metadata


def _matches_golden(text: str, golden: Path, update: bool) -> None:
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs from {golden}; see `make golden`"


@pytest.fixture
def rendered(project):
    return render_pages(site_of(project))


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden_file(rendered, page, update_golden):
    _matches_golden(rendered[page], GOLDEN / page.replace("/", "__"), update_golden)


@pytest.mark.parametrize("page", EN_PAGES)
def test_english_page_matches_golden_file(project, page, update_golden):
    rendered = render_pages(site_of(project, "en"), "en")
    _matches_golden(rendered[page], GOLDEN / "en" / page.replace("/", "__"), update_golden)


@pytest.mark.parametrize("language", ["zh-Hans", "en"])
def test_print_model_matches_golden_file(project, language, update_golden):
    import json

    from generator.outputs.print_model import print_models

    documents = print_models(site_of(project, language), language, source_date=EPOCH, only=PRINTED)
    for rel in PRINTED:
        name = rel.removesuffix(".pdf").replace("/", "__") + ".json"
        text = json.dumps(documents[rel], ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _matches_golden(text, GOLDEN / "print" / language / name, update_golden)


def test_every_guide_and_journey_has_a_page_per_province(rendered):
    for kind, ids in (("guides", ["alpha", "beta"]), ("journeys", ["alpha-then-beta"])):
        for i in ids:
            for slug in ("guangdong", "hunan"):
                assert f"{kind}/{i}/{slug}.md" in rendered


def test_editor_text_cannot_become_markup(rendered):
    page = rendered["guides/alpha/guangdong.md"]
    assert "<script>" not in page
    assert r"&lt;script&gt;alert\(1\)&lt;/script&gt; \*\*服务大厅\*\* \[x\]\(javascript:y\)" in page


def test_escape_text_neutralises_markdown_and_html():
    assert escape_text("1. a_b *c* <b> | `x`") == r"1\. a\_b \*c\* &lt;b&gt; \| \`x\`"


def test_local_steps_are_marked_and_numbered(rendered):
    page = rendered["guides/alpha/guangdong.md"]
    assert "### 第 2 步：本省核验" in page and "本省增加的步骤" in page
    assert "### 第 3 步：本省转出方式" in page and "本省规定" in page
    assert "领取结果" not in page  # removed by the province


def test_journey_numbers_steps_across_guides(rendered):
    page = rendered["journeys/alpha-then-beta/hunan.md"]
    assert "### 第 3 步：领取" in page and "### 第 4 步：唯一步骤" in page


def test_unknown_offices_send_the_reader_where_offices_are_listed(rendered):
    page = rendered["guides/alpha/hunan.md"]
    assert "本站还没有收录湖南省的办事窗口" in page
    assert "“城市区号 + 12333”" in page  # 12333 is a city number: dialled with the city's code
    assert '<a href="https://rst.example.gov.cn/">湖南省人社厅（测试）</a>' in page


def test_an_edited_template_is_compiled_again_not_served_from_the_cache(project, tmp_path):
    """The compiled-template cache kept across the live preview's rebuilds never serves a template
    as it was before an edit."""
    import shutil

    from generator.outputs.pages import environment
    from generator.outputs.templates import CompiledTemplates

    templates = tmp_path / "templates"
    shutil.copytree(project.templates_dir, templates)
    page = templates / "_pending_notice.md.j2"
    cached = len(CompiledTemplates._store)
    assert "译文待更新" in environment("zh-Hans", templates).get_template("_pending_notice.md.j2").render()
    assert len(CompiledTemplates._store) == cached + 1, "the compiled template was not kept"

    page.write_text("改过的模板\n", encoding="utf-8")
    assert environment("zh-Hans", templates).get_template("_pending_notice.md.j2").render() == "改过的模板\n"
