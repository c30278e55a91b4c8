"""PDFs (generator/outputs/print_model.py -> pdf.py with templates/typst/, fonts.py):
a handful of documents of the fixture project, built once for the module. Needs a CJK font (the
noto-cjk-sans-otc package the set-up installs, or fonts-noto-cjk)."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE, REPO, site_of

from generator.config import Project
from generator.outputs import fonts
from generator.outputs.documents import printed_documents
from generator.outputs.pdf import PdfBatch, PdfSetup, cache_key, write_pdfs
from generator.outputs.print_model import as_json, print_models, strings

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
    html = print_models(site, "zh-Hans", source_date=int(EPOCH), only=ONLY)
    paths = write_pdfs(html, out, jobs=2, cache_dir=cache)
    return out, cache, {str(p.relative_to(out / "pdf")): p for p in paths}


def _text(path: Path) -> str:
    """The PDF's text with all whitespace removed (extraction inserts line breaks)."""
    reader = pypdf.PdfReader(path)
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _embedded_fonts(path: Path) -> dict[str, tuple[dict[int, bool], dict[int, str]]]:
    """BaseFont -> (glyph code -> whether the embedded font program draws an outline for it, its
    ToUnicode map code -> text). Typst embeds bare CFF (CID-keyed) or TrueType programs."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.boundsPen import BoundsPen

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
            data = program.get_object().get_data()
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
            if descriptor.get("/FontFile3") is not None:
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(data), None)
                top = cff[cff.fontNames[0]]
                charstrings, order = top.CharStrings, top.charset
            else:
                tt = TTFont(io.BytesIO(data))
                charstrings, order = tt.getGlyphSet(), tt.getGlyphOrder()
            drawn = {}
            for code in to_unicode:
                drawn[code] = False
                if code < len(order):
                    pen = BoundsPen(None)
                    charstrings[order[code]].draw(pen)
                    drawn[code] = pen.bounds is not None
            out[name] = (drawn, to_unicode)
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


def _elements(node):
    if isinstance(node, list):
        for child in node:
            yield from _elements(child)
    elif isinstance(node, dict):
        yield node
        yield from _elements(node["c"])


def test_editors_text_is_text_in_the_print_model(site):
    """Markup, Markdown and links in an editor's value stay the characters typed: no element, no link."""
    model = print_models(site, "zh-Hans", only=["guides/alpha/guangdong.pdf"])["guides/alpha/guangdong.pdf"]
    assert "<script>alert(1)</script> **服务大厅** [x](javascript:y)" in strings(model["body"])
    tags = {node["t"] for node in _elements(model["body"])}
    assert "script" not in tags and tags <= {
        "section",
        "h1",
        "h2",
        "h3",
        "p",
        "div",
        "span",
        "strong",
        "a",
        "br",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "footer",
    }
    links = [node["a"]["href"] for node in _elements(model["body"]) if node["t"] == "a"]
    assert links and all(href.startswith("https://") for href in links), links


def test_every_character_is_real_text_in_an_embedded_font(built):
    _out, _cache, paths = built
    for rel, path in paths.items():
        embedded = _embedded_fonts(path)
        assert embedded and all("NotoSansCJK" in name for name in embedded), f"{rel}: other fonts: {list(embedded)}"
        covered = set()
        for name, (drawn, to_unicode) in embedded.items():
            for code, char in to_unicode.items():
                assert code != 0, f"{rel}: {name} maps {char!r} to .notdef"
                if not char.isspace():
                    assert drawn[code], f"{rel}: {name}: no glyph drawn for {char!r}"
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
        "第1页，共2页",  # Typst sets it on 2 pages (WeasyPrint: 3)
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
    assert root["/Lang"] == "zh-CN"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # declared PDF/UA-1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_poppler_reads_every_pdf_without_a_complaint(built):
    """Readers' PDF viewers built on Poppler (Evince, Okular) open the files without an error line;
    Typst's own `/Suspects false`, valid but reported by Poppler as the wrong type, is left out."""
    _out, _cache, paths = built
    for rel, path in paths.items():
        run = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        assert run.stderr == "", f"{rel}: {run.stderr}"
        assert "Tagged:          yes" in run.stdout, rel


def test_same_input_gives_the_same_bytes(built, site, tmp_path):
    _out, _cache, paths = built
    # Laid out again, in one process this time, with a cache of its own.
    html = print_models(site, "zh-Hans", source_date=int(EPOCH), only=ONLY)
    again = write_pdfs(html, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    for path in again:
        rel = str(path.relative_to(tmp_path / "out" / "pdf"))
        assert path.read_bytes() == paths[rel].read_bytes(), rel


def test_a_pdf_depends_on_its_own_document_only(built, site, tmp_path):
    """A new character in another document leaves a PDF, and its cache entry, as they were (Typst
    embeds in each PDF the glyphs that PDF uses)."""
    _out, cache, paths = built
    html = {
        rel: as_json(model) for rel, model in print_models(site, "zh-Hans", source_date=int(EPOCH), only=ONLY).items()
    }
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
    document, the templates and the font's contents, not of where the templates or font are."""
    _font_or_skip()
    setup = PdfSetup.find()
    copy = tmp_path / "fonts" / setup.font.path.name
    copy.parent.mkdir()
    shutil.copyfile(setup.font.path, copy)
    templates = tmp_path / "templates" / "typst"
    shutil.copytree(setup.templates, templates)
    elsewhere = dataclasses.replace(
        setup, font=fonts.FontFace(copy, setup.font.index, "elsewhere"), templates=templates
    )
    assert elsewhere.fingerprint() == setup.fingerprint()
    with (templates / "document.typ").open("a", encoding="utf-8") as typ:
        typ.write("\n// changed\n")
    assert elsewhere.fingerprint() != setup.fingerprint()
    assert cache_key("<p>甲</p>", setup.fingerprint()) != cache_key("<p>乙</p>", setup.fingerprint())


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
    html = print_models(site, "zh-Hans", only=ONLY[:2])
    write_pdfs(html, tmp_path, jobs=1, cache_dir=tmp_path / "cache")
    assert [r.getMessage() for r in caplog.records] == []


def test_without_typst_the_build_says_how_to_get_it(monkeypatch):
    from generator.outputs.pdf import pdf_support

    monkeypatch.setitem(sys.modules, "typst", None)
    reason = pdf_support()
    assert reason is not None and "typst" in reason and "make site" in reason


def test_every_documents_own_strings_are_in_its_text(built, site):
    """What the reader copies out of a PDF is what the document says: every text of its print
    model, "·" included (WeasyPrint's PDFs gave "•" for it)."""
    _out, _cache, paths = built
    html = print_models(site, "zh-Hans", source_date=int(EPOCH), only=ONLY)
    for rel, path in paths.items():
        text = _text(path)
        for value in strings(html[rel]["body"]):
            assert _plain(value) in text, f"{rel}: {value!r} not in its text"
    assert "甲事项·广东省" in _text(paths["guides/alpha/guangdong.pdf"])


TYPST_SYNTAX = ' #set page(fill: red) #read("document.typ") $x$ <label> @ref [ \\ // #import "@preview/cetz:0.3.0" '
TRANSLATED_SYNTAX = ' #set page(fill: red) #read("document.typ") $x$ @ref [ ] // #import "@preview/cetz:0.3.0" '


def _with_payload(value, key=""):
    """Every Chinese text of a YAML document with Typst syntax appended (ids, URLs, dates and the
    province's own name left alone, so that the files stay valid)."""
    if isinstance(value, dict):
        return {k: _with_payload(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_payload(v, key) for v in value]
    if isinstance(value, str) and re.search(r"[\u4e00-\u9fff]", value) and key not in ("name", "short_name", "city"):
        return value + TYPST_SYNTAX
    return value


def _white(pdf: Path) -> bool:
    """Whether every page is white where no text is: its corners, rendered small."""
    pages = subprocess.run(["pdftoppm", "-r", "10", "-gray", str(pdf)], capture_output=True, check=True).stdout
    while pages:
        header = pages.split(b"\n", 3)  # P5, width height, maxval, pixels
        width, height = (int(n) for n in header[1].split())
        pixels = header[3][: width * height]
        if min(pixels[0], pixels[width - 1], pixels[-1], pixels[-width]) < 250:
            return False
        pages = header[3][width * height :]
    return True


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_typst_syntax_in_editors_text_prints_as_typed(project, tmp_path):
    """Editors' text is data, never Typst markup: syntax in every kind of Chinese field (titles,
    step texts, materials, notes, offices, laws) is printed literally, colours no page and reads
    no file."""
    _font_or_skip()
    for path in [*project.content_dir.rglob("*.yaml"), *project.provinces_dir.glob("*.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_with_payload(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    models = print_models(site_of(project), "zh-Hans", source_date=int(EPOCH), only=ONLY)
    _printed_as_typed(write_pdfs(models, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache"), TYPST_SYNTAX, 5)


def _printed_as_typed(paths: list[Path], payload: str, at_least: int) -> None:
    for path in paths:
        text = _text(path)
        assert text.count(_plain(payload)) >= at_least, path
        assert "document-page" not in text, "a template file was read into the PDF"
        assert _white(path), f"{path}: a page is coloured"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_typst_syntax_in_translations_prints_as_typed(project, tmp_path):
    """Translators' text is data too: Typst syntax in every English translation, of the interface
    (headings, labels, the running footer) and of the content, is printed literally in the English
    PDFs, colours no page and reads no file. (`<label>` and `\\` are not in it: the catalog
    check refuses markup a translation adds, tests/i18n/.)"""
    from babel.messages.pofile import read_po

    from generator.config import LOCALES_DIR
    from generator.i18n.catalogs import save, update

    _font_or_skip()
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("content.po"))
    project = dataclasses.replace(project, locales_dir=locales)
    update(project)
    for path in (locales / "en/LC_MESSAGES").glob("*.po"):
        with path.open("rb") as fp:
            catalog = read_po(fp)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, str):
                kept = message.string if isinstance(message.string, str) and message.string else message.id
                message.string = kept + TRANSLATED_SYNTAX
            else:  # plural forms: each form gets the payload
                message.string = tuple(form + TRANSLATED_SYNTAX for form in message.id)
            message.flags.discard("fuzzy")
        save(path, catalog)
    models = print_models(site_of(project, "en"), "en", locales_dir=locales, source_date=int(EPOCH), only=ONLY)
    paths = write_pdfs(models, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    _printed_as_typed(paths, TRANSLATED_SYNTAX, 20)


def test_an_error_in_a_typst_template_names_its_place_once_and_writes_no_site(project, tmp_path):
    """A template that fails stops the build with the template's file, line and column, said once
    for all the PDFs it stopped, and leaves no half-written site."""
    from generator.build import build
    from generator.outputs.pdf import PdfError

    _font_or_skip()
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    document = templates / "typst" / "document.typ"
    lines = document.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("#let muted"))
    lines[number] = "#let muted = luma(35%) + no-such-name\n"
    document.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "site"
    with pytest.raises(PdfError) as failed:
        build(dataclasses.replace(project, templates_dir=templates), out)
    message = str(failed.value)
    assert message.count(f"templates/typst/document.typ:{number + 1}:25: error: unknown variable: no-such-name") == 1
    assert "个 PDF" in message, message
    assert not out.exists(), "a half-written site"


def test_a_character_no_font_has_is_an_error_at_its_place_in_the_yaml(project, tmp_path, capsys):
    """Typst would drop it silently (or fail PDF/UA without saying where it came from): the build
    names the file, line and column of the text that carries it."""
    from generator import cli

    _font_or_skip()
    province = project.provinces_dir / "guangdong.yaml"
    lines = province.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("address:"))
    lines[number] = lines[number].rstrip("\n") + "\U0002a6a5\n"
    province.write_text("".join(lines), encoding="utf-8")
    col = len(lines[number].rstrip("\n"))
    args = ["--root", str(project.root), "pdf", "--out", str(tmp_path / "out"), "--province", "guangdong"]
    code = cli.main([*args, "--guide", "alpha", "--lang", "zh-Hans"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"data/provinces/guangdong.yaml:{number + 1}:{col}: error:" in err and "U+2A6A5" in err, err
    assert "Traceback" not in err


def test_chinese_runs_in_an_english_pdf_are_tagged_as_chinese(tmp_path):
    """A pending translation shown in Chinese is marked as Chinese for screen readers."""
    import pikepdf

    _font_or_skip()
    html = print_models(site_of(Project(FIXTURE), "en"), "en", source_date=int(EPOCH), only=ONLY[:1])
    assert '"lang":"zh-Hans"' in as_json(html[ONLY[0]]["body"])
    (path,) = write_pdfs(html, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    with pikepdf.open(path) as pdf:
        assert pdf.Root.Lang == "en"
        langs = {str(o.get("/Lang")) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Lang" in o}
    assert any(lang.startswith("zh") for lang in langs), langs
