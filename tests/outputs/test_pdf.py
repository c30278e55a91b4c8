"""PDFs (generator/pdf.py, generator/fonts.py, templates/print/): a handful of documents of the
fixture project, built once for the module. Needs a CJK font (fonts-noto-cjk on CI)."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from helpers import FIXTURE, REPO, site_of

from generator.config import Project
from generator.outputs import fonts
from generator.outputs.documents import printed_documents
from generator.outputs.pdf import PdfBatch, PdfSetup, cache_key, write_pdfs
from generator.outputs.print_html import render_print

pypdf = pytest.importorskip("pypdf")
from fontTools.ttLib import TTFont  # noqa: E402

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
ONLY = [
    "guides/alpha/guangdong.pdf",
    "guides/beta/hunan.pdf",
    "journeys/alpha-then-beta/hunan.pdf",
    "provinces/guangdong.pdf",
]


def _font_or_skip() -> None:
    try:
        fonts.find_cjk_font()
    except fonts.FontNotFound as exc:
        if os.environ.get("CI"):
            raise  # CI installs fonts-noto-cjk (make fonts): a missing font there is a failure
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def site():
    return site_of(Project(FIXTURE))


@pytest.fixture(scope="module")
def built(site, tmp_path_factory):
    _font_or_skip()
    out = tmp_path_factory.mktemp("pdf")
    cache = tmp_path_factory.mktemp("cache")
    html = render_print(site, "zh-Hans", source_date=int(EPOCH), only=ONLY)
    paths = write_pdfs(html, out, jobs=2, cache_dir=cache)
    return out, cache, {str(p.relative_to(out / "pdf")): p for p in paths}


def _text(path: Path) -> str:
    """The PDF's text with all whitespace removed (extraction inserts line breaks)."""
    reader = pypdf.PdfReader(path)
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _embedded_fonts(path: Path) -> dict[str, tuple[TTFont, dict[int, str]]]:
    """BaseFont -> (the embedded font program, its ToUnicode map code -> text)."""
    out = {}
    for page in pypdf.PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            if name in out:
                continue
            assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H", name
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            assert program is not None, f"{name} is not embedded in {path}"
            tt = TTFont(io.BytesIO(program.get_object().get_data()))
            cmap_text = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            to_unicode = {}
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap_text, re.S):
                for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                    to_unicode[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be", "replace")
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap_text, re.S):
                for lo, hi, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    start = int(uni, 16)
                    for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                        to_unicode[code] = chr(start + i)
            out[name] = (tt, to_unicode)
    return out


def test_one_pdf_per_guide_journey_and_province(site):
    rels = [d.pdf_rel for d in printed_documents(site)]
    assert sorted(rels) == sorted(
        [
            "guides/alpha/guangdong.pdf",
            "guides/alpha/hunan.pdf",
            "guides/beta/guangdong.pdf",
            "guides/beta/hunan.pdf",
            "journeys/alpha-then-beta/guangdong.pdf",
            "journeys/alpha-then-beta/hunan.pdf",
            "provinces/guangdong.pdf",
            "provinces/hunan.pdf",
        ]
    )


def test_pdfs_are_written_where_the_site_links_them(built):
    out, _cache, paths = built
    assert sorted(paths) == sorted(ONLY)
    for path in paths.values():
        assert path.is_file() and path.read_bytes().startswith(b"%PDF-")
        assert path.stat().st_mode & 0o044 == 0o044, "a PDF the web server cannot read"
    assert not list((out / "pdf").rglob(".*")), "temporary files left behind"


def test_print_html_escapes_editor_text(site):
    html = render_print(site, "zh-Hans", only=["guides/alpha/guangdong.pdf"])["guides/alpha/guangdong.pdf"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **服务大厅** [x](javascript:y)" in html
    assert 'href="javascript' not in html


def test_every_character_is_real_text_in_an_embedded_font(built):
    _out, _cache, paths = built
    for rel, path in paths.items():
        embedded = _embedded_fonts(path)
        assert embedded and all("GuideSite-CJK" in name for name in embedded), (
            f"{rel}: fallback font used: {list(embedded)}"
        )
        covered = set()
        for name, (tt, to_unicode) in embedded.items():
            glyphs, order, cmap = tt.getGlyphSet(), tt.getGlyphOrder(), tt.getBestCmap()
            for code, char in to_unicode.items():
                assert code != 0, f"{rel}: {name} maps {char!r} to .notdef"
                assert code < len(order), f"{rel}: {name} has no glyph {code} for {char!r}"
                if not char.isspace():
                    # the glyph drawn for this code has an outline, and the font's own cmap agrees
                    from fontTools.pens.boundsPen import BoundsPen

                    pen = BoundsPen(glyphs)
                    glyphs[order[code]].draw(pen)
                    assert pen.bounds is not None, f"{rel}: {name}: empty glyph for {char!r}"
                    assert ord(char) in cmap, f"{rel}: {name}: {char!r} not in the font's cmap"
            covered |= set(to_unicode.values())
        missing = set(_text(path)) - covered
        assert not missing, f"{rel}: text not covered by embedded fonts: {sorted(missing)}"


def test_chinese_text_extracts_as_the_source_strings(built, site):
    _out, _cache, paths = built
    text = _text(paths["guides/alpha/guangdong.pdf"])
    office = next(o for o in site.provinces["guangdong"].offices if o.id == "guangdong-guangzhou-hall")
    for expected in [
        "甲事项·广东省",
        "甲事项的说明。",
        "居民身份证",
        "本地证明",
        "本省核验",
        "现场核验。",
        office.name,
        office.address,
        office.hours,
        office.phone,
        "https://www.example.gov.cn/test-law.html",
        "只有一款。",
        "含2项待核实的信息，办事前请先向当地确认",  # the footer: a channel and an office are not yet checked
        "第1页，共3页",
        "5个工作日",
        "免费",
        "广州市",  # the offices, by city
        "深圳市",
        "也可以网上办理：本省App",  # with the step it serves
        "本省规定",  # the province's fee and time limit
    ]:
        assert _plain(expected) in text, expected
    assert "领取结果" not in text  # removed by the province


def test_unknown_offices_send_the_reader_to_the_departments_and_city_hotlines(built):
    _out, _cache, paths = built
    text = _text(paths["guides/beta/hunan.pdf"])
    assert "本站还没有收录湖南省的办事窗口" in text and "城市区号+12333" in text
    assert "https://rst.example.gov.cn/" in text or "https://ybj.example.gov.cn/" in text
    assert "最后核实：2026年3月1日" in text  # every fact of Hunan shown is checked: the footer gives the oldest check


def test_province_book_holds_every_guide_and_journey_numbers_steps_on(built):
    _out, _cache, paths = built
    book = _text(paths["provinces/guangdong.pdf"])
    assert "广东省办事指南" in book and "甲事项·广东省" in book and "乙事项·广东省" in book
    journey = _text(paths["journeys/alpha-then-beta/hunan.pdf"])
    assert "先甲后乙·湖南省" in journey and "第4步" in journey


def test_metadata_language_tags_and_dates(built):
    _out, _cache, paths = built
    reader = pypdf.PdfReader(paths["guides/alpha/guangdong.pdf"])
    info = reader.metadata
    assert info.title == "甲事项 · 广东省"
    assert info.author == "广东省人社厅（测试）"
    assert info.subject == "甲事项的说明。"
    assert info["/CreationDate"].startswith("D:20260101000000") and info["/ModDate"] == info["/CreationDate"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-Hans"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_same_input_gives_the_same_bytes(built, site, tmp_path):
    _out, _cache, paths = built
    # Laid out again, in one process this time, with a cache of its own.
    html = render_print(site, "zh-Hans", source_date=int(EPOCH), only=ONLY)
    again = write_pdfs(html, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    for path in again:
        rel = str(path.relative_to(tmp_path / "out" / "pdf"))
        assert path.read_bytes() == paths[rel].read_bytes(), rel


def test_a_pdf_depends_on_its_own_document_only(built, site, tmp_path):
    """Each document is set in the font cut to its own characters: a new character in another
    document leaves its PDF, and its cache entry, as they were."""
    _out, cache, paths = built
    html = render_print(site, "zh-Hans", source_date=int(EPOCH), only=ONLY)
    rel = "guides/beta/hunan.pdf"
    html["guides/alpha/guangdong.pdf"] = html["guides/alpha/guangdong.pdf"].replace(
        "甲事项的说明。", "甲事项的说明（鑫）。"
    )
    assert "鑫" not in html[rel]
    batch = PdfBatch(cache)
    made = dict(zip(html, batch.add(html, tmp_path / "pdf")))
    assert [job.target for job in batch.jobs] == [made["guides/alpha/guangdong.pdf"]], "only the edited one is laid out"
    batch.run(1)
    assert made[rel].read_bytes() == paths[rel].read_bytes()
    assert "鑫" in _text(made["guides/alpha/guangdong.pdf"])


def test_the_cache_key_holds_no_path(tmp_path):
    """The same checkout in another folder finds its PDFs in the cache: the key is made of the
    document, the stylesheet and the fonts' contents, not of where the templates or fonts are."""
    _font_or_skip()
    setup = PdfSetup.find()

    def moved(face):
        if face is None:
            return None
        copy = tmp_path / "fonts" / face.origin.replace(" ", "_") / face.path.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(face.path, copy)
        return fonts.FontFace(copy, face.index, "elsewhere")

    elsewhere = dataclasses.replace(
        setup, regular=moved(setup.regular), bold=moved(setup.bold), base_url=tmp_path.as_uri() + "/templates/print/"
    )
    assert elsewhere.fingerprint() == setup.fingerprint()
    restyled = dataclasses.replace(setup, css=setup.css + "\nh1 { color: red; }")
    assert restyled.fingerprint() != setup.fingerprint()
    assert cache_key("<p>甲</p>", setup.fingerprint()) != cache_key("<p>乙</p>", setup.fingerprint())


def test_the_font_is_cut_to_the_document(tmp_path):
    _font_or_skip()
    face = fonts.find_cjk_font()
    small = TTFont(io.BytesIO(fonts.cut_font(face, fonts.document_characters("<p>社保卡</p>"))))
    cmap = small.getBestCmap()
    assert {ord(c) for c in "社保卡AZ09"} <= set(cmap) and ord("转") not in cmap
    assert len(small.getGlyphOrder()) < 400, "the cut keeps the font's 65,000 glyphs"
    assert fonts.face_identity(face) == fonts.face_identity(fonts.FontFace(face.path, face.index, "another origin"))


def test_weasyprint_cuts_each_pdfs_font_with_harfbuzz_from_the_wheel(built):
    """WeasyPrint's own per-PDF cut goes through uharfbuzz (no fontTools fallback, no warning
    per PDF, whatever the system has): the embedded font holds the glyphs used, not the cut's."""
    from weasyprint.pdf import fonts as weasy_fonts

    from generator.outputs import harfbuzz_subset

    assert harfbuzz_subset.install() is None
    assert weasy_fonts.Font.subset is harfbuzz_subset._subset
    _out, _cache, paths = built
    for rel, path in paths.items():
        for name, (tt, to_unicode) in _embedded_fonts(path).items():
            drawn = sum(1 for g in tt.getGlyphOrder() if _has_outline(tt, g))
            assert drawn <= len(to_unicode) + 1, f"{rel}: {name} embeds {drawn} glyphs for {len(to_unicode)} used"


def _has_outline(tt: TTFont, glyph: str) -> bool:
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(tt.getGlyphSet())
    tt.getGlyphSet()[glyph].draw(pen)
    return pen.bounds is not None


def test_font_from_environment_variable_picks_the_simplified_chinese_face(monkeypatch):
    _font_or_skip()
    system = fonts.find_cjk_font()
    monkeypatch.setenv(fonts.ENV_VAR, str(system.path))
    face = fonts.find_cjk_font()
    assert face.origin == fonts.ENV_VAR and face.path == system.path
    names = " ".join(str(n) for n in TTFont(face.path, fontNumber=face.index, lazy=True)["name"].names if n.nameID == 1)
    assert "SC" in names or face.path.suffix.lower() not in (".ttc", ".otc")


def test_missing_font_names_the_fixes(monkeypatch, tmp_path):
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "nope.otf"))
    with pytest.raises(fonts.FontNotFound, match=fonts.ENV_VAR):
        fonts.find_cjk_font()
    monkeypatch.delenv(fonts.ENV_VAR)
    monkeypatch.setattr(fonts, "_from_fontconfig", lambda bold=False: None)
    monkeypatch.setattr(fonts, "_from_pip", lambda: None)
    with pytest.raises(fonts.FontNotFound) as exc:
        fonts.find_cjk_font()
    message = str(exc.value)
    assert "fonts-noto-cjk" in message and fonts.PIP_PACKAGE in message and fonts.ENV_VAR in message


def test_cli_reports_a_missing_font_without_a_traceback(project, monkeypatch, tmp_path, capsys):
    from generator import cli

    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "nope.otf"))
    code = cli.main(["--root", str(project.root), "pdf", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert fonts.ENV_VAR in err and "Traceback" not in err


def test_web_print_stylesheet_hides_material_chrome_and_prints_urls():
    css = (REPO / "templates" / "theme" / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css
    for selector in (".md-header", ".md-sidebar", ".md-search", ".md-footer", ".md-tabs"):
        assert selector in css
    assert 'a[href^="http"]::after' in css and 'content: " (" attr(href) ")"' in css


def test_pdf_command_renders_only_the_documents_asked_for_and_then_takes_them_from_the_cache(project, tmp_path, capsys):
    """`guidesite pdf` for an editor: options narrow by province, guide (or journey) and language,
    each repeatable or a comma list; a second run finds them in the cache."""
    from generator import cli

    _font_or_skip()
    out = tmp_path / "out"
    args = ["--root", str(project.root), "pdf", "--out", str(out), "--province", "hunan"]
    args += ["--guide", "alpha,alpha-then-beta", "--lang", "en", "--lang", "zh-Hans"]
    assert cli.main(args) == 0
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf"))
    assert made == [
        "en/pdf/guides/alpha/hunan.pdf",
        "en/pdf/journeys/alpha-then-beta/hunan.pdf",
        "pdf/guides/alpha/hunan.pdf",
        "pdf/journeys/alpha-then-beta/hunan.pdf",
    ]
    assert "4 个重新排版，0 个未改动" in capsys.readouterr().out
    assert cli.main(args) == 0
    assert "0 个重新排版，4 个未改动" in capsys.readouterr().out


def test_pdf_command_names_what_it_does_not_know(project, tmp_path, capsys):
    from generator import cli

    code = cli.main(["--root", str(project.root), "pdf", "--out", str(tmp_path), "--province", "hunan,atlantis"])
    err = capsys.readouterr().err
    assert code == 2
    assert "未知的省份：atlantis。可用的有：" in err and "hunan" in err and "Traceback" not in err
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_machine_set_up_by_the_readme_makes_pdfs_without_a_warning(site, tmp_path, caplog):
    _font_or_skip()
    caplog.set_level(logging.WARNING, logger="generator")
    html = render_print(site, "zh-Hans", only=ONLY[:2])
    write_pdfs(html, tmp_path, jobs=1, cache_dir=tmp_path / "cache")
    assert [r.getMessage() for r in caplog.records] == []


def test_a_warning_every_pdf_has_is_told_once(site, tmp_path, caplog, monkeypatch):
    """Where the fast subsetter cannot be used (here: WeasyPrint's own fallback to fontTools, as on
    a machine without libharfbuzz-subset), the build says so once, not once per PDF."""
    from weasyprint.pdf import fonts as weasy_fonts

    from generator.outputs import harfbuzz_subset

    _font_or_skip()
    harfbuzz_subset.install()
    monkeypatch.setattr(harfbuzz_subset, "install", lambda: "not in this test")
    monkeypatch.setattr(weasy_fonts.Font, "subset", harfbuzz_subset.WEASYPRINT_OWN["subset"])
    monkeypatch.setattr(weasy_fonts, "harfbuzz_subset", None)
    caplog.set_level(logging.WARNING, logger="generator")
    html = render_print(site, "zh-Hans", only=ONLY[:2])
    write_pdfs(html, tmp_path, jobs=1, cache_dir=tmp_path / "cache")
    told = [r.getMessage() for r in caplog.records]
    assert len(told) == 1 and "fontTools" in told[0] and "2 个 PDF" in told[0], told


def test_without_uharfbuzz_the_build_says_how_to_get_it(monkeypatch):
    from generator.outputs.pdf import pdf_support

    monkeypatch.setitem(sys.modules, "uharfbuzz", None)
    reason = pdf_support()
    assert reason is not None and "uharfbuzz" in reason and "make site" in reason
