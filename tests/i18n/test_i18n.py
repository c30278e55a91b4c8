"""Languages: pages in every language, the switcher, catalogs, pending translations, RTL."""

import dataclasses
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from helpers import edit, printed, site_of

from generator.build import build
from generator.config import LANGUAGES, LOCALES_DIR, BuildOptions, Language, site_url
from generator.errors import GuidesiteError
from generator.i18n.catalogs import AUTO_FLAG, CONVERTED, FUZZY, MISSING, save, status, update
from generator.outputs.pages import render_pages

HREFLANG = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)"[^>]*class="md-select__link"')


def _catalog(path: Path):
    with path.open("rb") as fp:
        return read_po(fp)


def _save(path: Path, catalog) -> None:
    save(path, catalog)


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
            # no <link rel="alternate"> in the head: Material's script fetches a sitemap.xml beside
            # each (three failed requests per page); the alternates are in the root sitemap
            assert '<link rel="alternate"' not in html


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(built_once):
    import xml.etree.ElementTree as ET

    from generator.config import site_url

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(built_once / "sitemap.xml").getroot().findall("s:url", ns)
    pages = sorted(
        p.relative_to(built_once).parent.as_posix().removeprefix(".")
        for p in built_once.glob("**/index.html")
        if p.relative_to(built_once).parts[0] not in ("en", "zh-Hant")
    )
    expected = {site_url(lang) + (page + "/" if page else "") for lang in LANGUAGES for page in pages}
    assert {u.findtext("s:loc", namespaces=ns) for u in urls} == expected
    for url in urls:
        loc = url.findtext("s:loc", namespaces=ns)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(alternates) == {lang.code for lang in LANGUAGES} | {"x-default"}
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates["zh-Hans"]
    # one sitemap, at the root, for all languages
    assert not (built_once / "en/sitemap.xml").exists() and not (built_once / "zh-Hant/sitemap.xml").exists()


def test_translated_page_uses_the_catalogs_and_the_readers_locale(with_catalogs):
    pages = render_pages(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)
    page = pages["guides/beta/hunan.md"]
    # (the fake translations keep the Chinese: marked as Chinese for screen readers)
    assert '# EN\\[<span lang="zh-Hans">乙事项</span>\\] · EN\\[<span lang="zh-Hans">湖南省</span>\\]' in page
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
    assert [(e.msgid, e.state) for e in counts[("en", "content")].pending] == [("乙事项的新说明。", FUZZY)]
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
    [pending] = counts[("en", "content")].pending
    assert (pending.msgid, pending.state) == ("申请表", MISSING)
    [(path, line)] = pending.locations
    assert path == "content/materials.yaml" and line


def _catalog_files(project):
    return {p: p.read_bytes() for p in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po"))}


def test_catalogs_do_not_change_when_strings_only_move(with_catalogs):
    """A pull request's catalog diff shows real changes only: no line numbers to churn."""
    update(with_catalogs)
    before = _catalog_files(with_catalogs)
    for rel in ("content/guides/beta.yaml", "data/provinces/guangdong.yaml"):
        path = with_catalogs.root / rel
        path.write_text("# 一行注释，后面的内容都下移一行\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    update(with_catalogs)
    assert _catalog_files(with_catalogs) == before
    text = (with_catalogs.locales_dir / "en/LC_MESSAGES/content.po").read_text(encoding="utf-8")
    assert "#: content/guides/beta.yaml\n" in text and "#: content/guides/beta.yaml:" not in text


def test_previous_source_is_shown_while_fuzzy_and_removed_once_translated(with_catalogs):
    path = with_catalogs.locales_dir / "en/LC_MESSAGES/content.po"
    edit(with_catalogs, "content/guides/beta.yaml", "summary: 乙事项的说明。", "summary: 乙事项的新说明。")
    update(with_catalogs)
    update(with_catalogs)  # Babel reads `#|` back as a comment: it must not pile up
    text = path.read_text(encoding="utf-8")
    assert text.count('#| msgid "乙事项的说明。"') == 1 and "# |" not in text
    catalog = _catalog(path)
    entry = catalog.get("乙事项的新说明。")
    entry.string = "EN[new summary]"
    entry.flags.discard("fuzzy")
    _save(path, catalog)
    update(with_catalogs)
    text = path.read_text(encoding="utf-8")
    assert "乙事项的说明。" not in text and "#|" not in text and "# |" not in text


def test_a_pull_request_adding_province_text_is_reported_not_blocked(with_catalogs, capsys, tmp_path, monkeypatch):
    """An editor changes a province note and runs nothing else: English shows the Chinese and says
    so, zh-Hant shows the conversion at once, and i18n-status lists the string with its place."""
    from generator.cli import main

    edit(with_catalogs, "data/provinces/guangdong.yaml", "note: 本省可当场办结。", "note: 本省可当场办结，需带复印件。")
    counts = {(s.language, s.domain): s for s in status(with_catalogs)}
    [en] = counts[("en", "content")].pending
    [hant] = counts[("zh-Hant", "content")].pending
    assert (en.msgid, en.state, hant.state) == ("本省可当场办结，需带复印件。", MISSING, CONVERTED)
    line = next(
        n
        for n, text in enumerate((with_catalogs.root / "data/provinces/guangdong.yaml").read_text().splitlines(), 1)
        if "需带复印件" in text
    )
    assert en.locations == (("data/provinces/guangdong.yaml", line),)
    assert counts[("en", "content")].missing == 1 and counts[("zh-Hant", "content")].missing == 0

    en_page = render_pages(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)
    assert (
        '<span lang="zh-Hans" class="untranslated">本省可当场办结，需带复印件。</span>'
        in en_page["guides/alpha/guangdong.md"]
    )
    hant_page = render_pages(site_of(with_catalogs, "zh-Hant"), "zh-Hant", locales_dir=with_catalogs.locales_dir)
    assert "本省可當場辦結，需帶複印件。" in hant_page["guides/alpha/guangdong.md"]
    assert 'class="untranslated"' not in hant_page["guides/alpha/guangdong.md"]

    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    # (the command reads the repository's catalogs, which lack the fixture's strings: all listed)
    assert main(["--root", str(with_catalogs.root), "i18n-status", "--list", "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert f"data/provinces/guangdong.yaml:{line} (variations.0.note): 缺少译文: 本省可当场办结，需带复印件。" in out
    assert (
        f"data/provinces/guangdong.yaml:{line} (variations.0.note): 构建时自动转换，待校对: 本省可当场办结，需带复印件。"
        in out
    )
    markdown = summary.read_text(encoding="utf-8")
    assert (
        f"| data/provinces/guangdong.yaml:{line} (variations.0.note) | 缺少译文 | 本省可当场办结，需带复印件。 |"
        in markdown
    )


def test_i18n_status_speaks_the_requested_language(project, capsys):
    from generator.cli import main

    assert main(["--root", str(project.root), "i18n-status", "--list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Language\tCatalog\tTranslated\tConverted\tOutdated\tMissing\tDone")
    assert "missing translation" in out and "缺少译文" not in out


@pytest.mark.slow
def test_right_to_left_language_builds_with_rtl_direction(project, tmp_path):
    rtl = dataclasses.replace(
        project, languages=(LANGUAGES[0], Language("ar", theme="ar", search="ar")), locales_dir=tmp_path / "locales"
    )
    update(rtl)  # empty Arabic catalogs: every string pending, shown in Chinese with the notice
    out = tmp_path / "site"
    # The pages only: PDFs need a font for the language's script (the next test).
    build(rtl, out, BuildOptions(pdfs=False))
    html = (out / "ar/guides/alpha/hunan/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar"' in html and '<body dir="rtl"' in html
    assert 'lang="zh-Hans" class="untranslated"' in html
    assert 'dir="ltr"' in (out / "guides/alpha/hunan/index.html").read_text(encoding="utf-8")


def test_a_language_whose_script_the_pdf_font_lacks_fails_the_build_naming_the_characters(project, tmp_path):
    """Arabic letters are not in Noto Sans CJK: the PDFs are not made with blank glyphs; the
    build stops, names each character and its PDF, and leaves no site behind."""
    rtl = dataclasses.replace(
        project, languages=(LANGUAGES[0], Language("ar", theme="ar", search="ar")), locales_dir=tmp_path / "locales"
    )
    update(rtl)
    out = tmp_path / "site"
    with pytest.raises(GuidesiteError) as failed:
        build(rtl, out, BuildOptions(jobs=1))
    message = str(failed.value)
    assert "ar/pdf/guides/" in message and "U+0627" in message and "Noto Sans CJK" in message
    assert not out.exists()


def test_validate_speaks_the_editors_language(project, capsys):
    from generator.cli import main

    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Validation passed: 2 guide(s)")
    edit(project, "data/provinces/hunan.yaml", "short_name:", "shortname:")
    assert main(["--root", str(project.root), "validate", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "data/provinces/hunan.yaml:" in err and "unknown field" in err and "未知字段" not in err


def test_a_translation_keeping_a_chinese_name_marks_it_as_chinese(with_catalogs):
    """A name kept for the counter ("Provincial app (本省App)") is read as Chinese by screen
    readers, on the page and in print; Chinese pages need no such mark."""
    path = with_catalogs.locales_dir / "en/LC_MESSAGES/content.po"
    catalog = _catalog(path)
    catalog.get("本省App").string = "Provincial app (本省App)"
    _save(path, catalog)
    page = render_pages(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)[
        "guides/alpha/guangdong.md"
    ]
    assert '**Provincial app \\(<span lang="zh-Hans">本省</span>App\\)**' in page
    prints = printed(site_of(with_catalogs, "en"), "en", locales_dir=with_catalogs.locales_dir)
    assert any('Provincial app (<span lang="zh-Hans">本省</span>App)' in html for html in prints.values())
    hant = render_pages(site_of(with_catalogs, "zh-Hant"), "zh-Hant", locales_dir=with_catalogs.locales_dir)
    assert '<span lang="zh-Hans">' not in hant["guides/alpha/guangdong.md"]


def test_the_404_page_and_the_footer_speak_each_language(built_once):
    en = (built_once / "en/404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in en and "404 · Page not found" in en and "404 - Not found" not in en
    assert f'href="{urlsplit(site_url(LANGUAGES[1])).path}">Go to the home page</a>' in en
    root = (built_once / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in root and "404 · 找不到这个页面" in root
    # a static host answers /en/missing with the root's page: it carries the other languages' text
    hant_root = urlsplit(site_url(LANGUAGES[2])).path
    assert '"lang": "en"' in root and '"title": "Page not found"' in root and f'"root": "{hant_root}"' in root
    hant = (built_once / "zh-Hant/404.html").read_text(encoding="utf-8")
    assert "404 · 找不到這個頁面" in hant
    assert "Made with" not in (built_once / "index.html").read_text(encoding="utf-8")
    assert "本站由" in (built_once / "index.html").read_text(encoding="utf-8")
    assert "Made with" in (built_once / "en/index.html").read_text(encoding="utf-8")
