# mypy: disable-error-code="union-attr, arg-type"
"""The live preview's incremental rendering (generator/preview.py): after a save it renders only
the pages the change can reach, and what it serves is always what a full render would give."""

import dataclasses
import shutil

import pytest
from helpers import edit, site_of

from generator.config import Project
from generator.core.diagnostics import ValidationFailed
from generator.outputs.pages import render_pages
from generator.outputs.plan_data import render_plan_data
from generator.preview.incremental import Change, Preview, changes

HUNAN = "data/provinces/hunan.yaml"
GUANGDONG = "data/provinces/guangdong.yaml"
BETA = "content/guides/beta.yaml"


def _change(provinces=(), guides=()) -> Change:
    return Change(frozenset(provinces), frozenset(guides))


# (what an editor changes, file, old text, new text, what the preview sees as changed; None:
#  every page is rendered again)
EDITS = [
    ("a department's name", HUNAN, "湖南省医保局（测试）", "湖南省医疗保障局（改）", _change({"hunan"})),
    ("the date last checked", HUNAN, "checked: 2026-03-01", "checked: 2026-03-09", _change({"hunan"})),
    ("a variation's note", GUANGDONG, "本省可当场办结。", "本省当场办结，无需再跑。", _change({"guangdong"})),
    ("an office's hours", GUANGDONG, "周一至周五 9:00-17:00", "周一至周六 9:00-12:00", _change({"guangdong"})),
    ("a step the province adds", GUANGDONG, "现场核验。", "现场核验身份证原件。", _change({"guangdong"})),
    ("a comment only", HUNAN, "# 测试用：湖南省", "# 测试用：湖南省（注释）", _change()),
    (
        "a guide's title, shown on lists and journeys",
        "content/guides/alpha.yaml",
        "title: 甲事项",
        "title: 甲事项（新）",
        _change(guides={"alpha"}),
    ),
    ("a guide's summary", BETA, "summary: 乙事项的说明。", "summary: 乙事项的新说明。", _change(guides={"beta"})),
    ("a short name, shown on every province's pages", HUNAN, "short_name: 湖南", "short_name: 湘", None),
    ("a law's article", "content/laws/test-law.yaml", "text: 只有一款。", "text: 只有一款（修订）。", None),
]


def _full_render(project: Project, language) -> dict[str, str]:
    """What a full build writes into the docs folder: the pages and the plan page's data."""
    site = site_of(project, language.code)
    pages = render_pages(site, language.code, project.templates_dir, project.locales_dir)
    return pages | render_plan_data(site, language.code, project.templates_dir, project.locales_dir)


@pytest.mark.parametrize("what, rel, old, new, expected", EDITS, ids=[e[0] for e in EDITS])
@pytest.mark.parametrize("code", ["zh-Hans", "en"])
def test_after_an_edit_the_preview_shows_what_a_full_build_would(project, code, what, rel, old, new, expected):
    language = next(lang for lang in project.languages if lang.code == code)
    preview = Preview(project, language)
    _pages, restyled = preview.update()
    before = preview.last.content
    assert not restyled

    edit(project, rel, old, new)
    pages, restyled = preview.update()

    assert changes(before, preview.last.content) == expected
    assert not restyled
    assert pages == _full_render(project, language)


@pytest.mark.parametrize(
    "rel, old, new, rendered_again, kept",
    [
        (
            HUNAN,
            "湖南省医保局（测试）",
            "湖南省医疗保障局（改）",
            {
                "guides/alpha/hunan.md",
                "guides/beta/hunan.md",
                "provinces/hunan.md",
                "guides/alpha/index.md",
                "freshness.md",
            },
            {"guides/alpha/guangdong.md", "provinces/guangdong.md"},
        ),
        (
            BETA,
            "summary: 乙事项的说明。",
            "summary: 乙事项的新说明。",
            {
                "guides/beta/hunan.md",
                "guides/beta/guangdong.md",
                "guides/beta/index.md",
                "provinces/hunan.md",
                "index.md",
            },
            {"guides/alpha/hunan.md", "guides/alpha/guangdong.md", "guides/alpha/index.md"},
        ),
    ],
    ids=["province file", "guide file"],
)
def test_only_the_pages_a_change_reaches_are_rendered_again(project, monkeypatch, rel, old, new, rendered_again, kept):
    import generator.preview.incremental as preview_module

    preview = Preview(project, project.languages[0])
    all_pages, _ = preview.update()
    rendered: list[str] = []
    real = preview_module.render_pages

    def spy(site, *args, select=None, **kw):
        pages = real(site, *args, select=select, **kw)
        rendered.extend(pages)
        return pages

    monkeypatch.setattr(preview_module, "render_pages", spy)
    edit(project, rel, old, new)
    preview.update()

    assert rendered_again <= set(rendered)
    assert not kept & set(rendered), "pages the change cannot reach were rendered again"
    assert len(rendered) < len(all_pages)


def test_a_template_change_renders_every_page_and_says_so(project, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(project.templates_dir, templates)
    project = dataclasses.replace(project, templates_dir=templates)
    language = project.languages[0]
    preview = Preview(project, language)
    preview.update()

    page = templates / "guide_province.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n模板新增的一行\n", encoding="utf-8")
    pages, restyled = preview.update()

    assert restyled, "MkDocs would keep the old HTML of pages whose Markdown did not change"
    assert pages == _full_render(project, language)
    assert "模板新增的一行" in pages["guides/alpha/guangdong.md"]


def test_a_stylesheet_change_needs_no_page_built_again(project, tmp_path):
    """MkDocs' dirty build copies a changed stylesheet by itself; no page's HTML depends on it."""
    templates = tmp_path / "templates"
    shutil.copytree(project.templates_dir, templates)
    project = dataclasses.replace(project, templates_dir=templates)
    preview = Preview(project, project.languages[0])
    before, _ = preview.update()

    css = templates / "theme/assets/stylesheets/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.md-typeset h1 { color: #333; }\n", encoding="utf-8")
    pages, restyled = preview.update()

    assert not restyled
    assert pages == before


def test_bad_yaml_keeps_the_last_good_pages_and_recovers(project):
    preview = Preview(project, project.languages[0])
    good, _ = preview.update()
    path = edit(project, HUNAN, 'code: "430000"', 'code: "439999"')

    with pytest.raises(ValidationFailed) as failure:
        preview.update()
    assert any(d.path.endswith("hunan.yaml") and d.line == 3 for d in failure.value.diagnostics)
    assert preview.last.pages == good

    path.write_text(path.read_text(encoding="utf-8").replace('"439999"', '"430000"'), encoding="utf-8")
    edit(project, HUNAN, "湖南省医保局（测试）", "湖南省医疗保障局（改）")
    pages, _ = preview.update()
    assert pages == _full_render(project, project.languages[0])
