"""Languages: pages in every language, the switcher, catalogs, pending translations, RTL."""

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from helpers import edit, site_of

from generator.build import build
from generator.config import LANGUAGES, LOCALES_DIR, Language
from generator.i18n.catalogs import AUTO_FLAG, status, update
from generator.outputs.pages import render_pages

HREFLANG = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)"[^>]*class="md-select__link"')


def _catalog(path: Path):
    with path.open("rb") as fp:
        return read_po(fp)


def _save(path: Path, catalog) -> None:
    with path.open("wb") as fp:
        write_po(fp, catalog, include_previous=True, sort_by_file=False, width=0)


@pytest.fixture
def with_catalogs(project, tmp_path):
    """The fixture project with catalogs of its own: the repository's interface catalogs and
    content catalogs extracted from the fixture's YAML, English filled in by the test."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("content.po"))
    project = dataclasses.replace(project, locales_dir=locales)
    update(project)
    content = locales / "en/LC_MESSAGES/content.po"
    catalog = _catalog(content)
    for message in catalog:
        if message.id:
            message.string = f"EN[{message.id}]"
    _save(content, catalog)
    return project


def test_every_page_exists_in_every_language_and_the_switcher_keeps_the_page(built_once):
    source_pages = sorted(
        p.relative_to(built_once)
        for p in built_once.glob("**/index.html")
        if p.relative_to(built_once).parts[0] not in ("en", "zh-Hant")
    )
    assert len(source_pages) > 15
    for language in LANGUAGES:
        for rel in source_pages:
            page = built_once / language.prefix / rel
            assert page.is_file(), page
            html = page.read_text(encoding="utf-8")
            assert f'<html lang="{language.code}"' in html
            links = dict((lang, href) for href, lang in HREFLANG.findall(html))
            assert set(links) == {lang.code for lang in LANGUAGES}
            for other in LANGUAGES:
                target = (page.parent / links[other.code] / "index.html").resolve()
                assert target == (built_once / other.prefix / rel).resolve(), (page, other.code)
            assert len(re.findall(r'<link rel="alternate" href="[^"]+" hreflang="', html)) == len(LANGUAGES)


def test_translated_page_uses_the_catalogs_and_the_readers_locale(with_catalogs):
    pages = render_pages(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)
    page = pages["guides/beta/hunan.md"]
    assert "# EN\\[乙事项\\] · EN\\[湖南省\\]" in page
    assert "CN¥25.50" in page  # Babel, English locale
    assert "March 1, 2026" in page  # the province's last_verified, English long date
    assert "译文待更新" not in page and "untranslated" not in page
    zh = render_pages(site_of(with_catalogs, "zh-Hans"), "zh-Hans", locales_dir=with_catalogs.locales_dir)[
        "guides/beta/hunan.md"
    ]
    assert "¥25.50" in zh and "2026年3月1日" in zh


def test_changed_source_string_shows_source_text_and_a_notice(with_catalogs):
    edit(with_catalogs, "content/guides/beta.yaml", "summary: 乙事项的说明。", "summary: 乙事项的新说明。")
    update(with_catalogs)
    entry = _catalog(with_catalogs.locales_dir / "en/LC_MESSAGES/content.po").get("乙事项的新说明。")
    assert entry is not None and entry.fuzzy  # Babel kept the old translation, marked outdated
    counts = {(s.language, s.domain): s for s in status(with_catalogs)}
    assert counts[("en", "content")].fuzzy == 1
    page = render_pages(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)[
        "guides/beta/hunan.md"
    ]
    assert '<span lang="zh-Hans" class="untranslated">乙事项的新说明。</span>' in page
    assert "EN[乙事项的说明。]" not in page  # the stale translation is not shown as current
    assert page.index('!!! warning "') < page.index("乙事项的新说明")
    other = render_pages(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)[
        "guides/alpha/hunan.md"
    ]
    assert 'class="untranslated"' not in other and "!!! warning" not in other


def test_zh_hant_is_converted_and_a_persons_correction_survives(with_catalogs):
    path = with_catalogs.locales_dir / "zh_Hant/LC_MESSAGES/content.po"
    catalog = _catalog(path)
    assert catalog.get("乙事项的说明。").string == "乙事項的說明。"
    assert AUTO_FLAG in catalog.get("乙事项的说明。").flags
    corrected = catalog.get("申请表")
    corrected.string = "申請書（人工校訂）"
    corrected.flags.discard(AUTO_FLAG)
    _save(path, catalog)
    edit(with_catalogs, "content/guides/beta.yaml", "summary: 乙事项的说明。", "summary: 乙事项的新说明。")
    update(with_catalogs)
    catalog = _catalog(path)
    assert catalog.get("申请表").string == "申請書（人工校訂）"
    fresh = catalog.get("乙事项的新说明。")
    assert fresh.string == "乙事項的新說明。" and not fresh.fuzzy  # the conversion follows the source


def test_status_counts_missing_translations(with_catalogs):
    path = with_catalogs.locales_dir / "en/LC_MESSAGES/content.po"
    catalog = _catalog(path)
    catalog.get("申请表").string = ""
    _save(path, catalog)
    counts = {(s.language, s.domain): s for s in status(with_catalogs)}
    assert counts[("en", "content")].missing == 1 and counts[("zh-Hant", "content")].ratio == 1.0


@pytest.mark.slow
def test_right_to_left_language_builds_with_rtl_direction(project, tmp_path):
    rtl = dataclasses.replace(
        project, languages=(LANGUAGES[0], Language("ar", theme="ar", search="ar")), locales_dir=tmp_path / "locales"
    )
    update(rtl)  # empty Arabic catalogs: every string pending, shown in Chinese with the notice
    out = tmp_path / "site"
    build(rtl, out)
    html = (out / "ar/guides/alpha/hunan/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar"' in html and '<body dir="rtl"' in html
    assert 'lang="zh-Hans" class="untranslated"' in html
    assert 'dir="ltr"' in (out / "guides/alpha/hunan/index.html").read_text(encoding="utf-8")


def test_validate_speaks_the_editors_language(project, capsys):
    from generator.cli import main

    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Validation passed: 2 guide(s)")
    edit(project, "data/provinces/hunan.yaml", "short_name:", "shortname:")
    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "data/provinces/hunan.yaml:" in err and "unknown field" in err and "未知字段" not in err
