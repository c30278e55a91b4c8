"""Translators' catalogs are checked before anything is rendered (generator/i18n/catalog_check.py,
po_reader.py): read strictly, as they look; placeholders kept; no markup or control character
added; every problem at its file:line:col, all at once, through `guidesite validate` and build."""

from __future__ import annotations

import dataclasses
import io
import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.config import LOCALES_DIR, REPO_ROOT, Project
from generator.i18n.catalog_check import check_catalogs
from generator.i18n.po_reader import read_po_strictly

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
)  # 6 lines, then a blank one: the first entry is on line 8
EN = "en/LC_MESSAGES/messages.po"


@pytest.fixture
def locales(tmp_path):
    folder = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, folder)
    return folder


def problems(locales, text: str, catalog: str = EN) -> list[str]:
    (locales / catalog).write_text(HEADER + text, encoding="utf-8")
    return [str(d) for d in check_catalogs(Project(REPO_ROOT, locales_dir=locales))]


def test_the_shipped_catalogs_pass():
    assert check_catalogs(Project(REPO_ROOT)) == []


# --- read as they look --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entries, found",
    [
        ('msgid "免费"\nmsgstr "Free\n', "8:13: error: 字符串没有结束的引号"),
        ('msgid "免费"\nmsgstr "Free"\nmsgstr "Gratis"\n', "9:1: error: msgstr 重复（第 8 行已写过）"),
        (
            'msgid "免费"\nmsgstr "Free"\n\nmsgid "免费"\nmsgstr "Gratis"\n',
            "10:1: error: msgid 重复（第 7 行已有同一条目）",
        ),
        ('msgid "免费"\nmsgstr "Fr\\x65e"\n', "8:11: error: 不支持的转义 \\x"),
        ('msgid "免费"\nmsgstr "Fr"ee"\n', "8:11: error: 字符串中的双引号要写成"),
        ('msgid "免费"\n# a comment\nmsgstr "Free"\n', "7:1: error: msgid 后面缺少 msgstr"),
        ('msgid "免费"\nmsgstr\t"Free"\n', "8:1: error: 无法识别的行"),
        ('msgid "免费"\nmsgstr "Free"\n"more\n', "9:6: error: 字符串没有结束的引号"),
        ('#-#-#-#-#  a.po  #-#-#-#-#\nmsgid "免费"\nmsgstr "Free"\n', "7:1: error: 文件中有合并冲突的标记"),
        (
            'msgid "%(num)s 份"\nmsgid_plural "%(num)s 份"\nmsgstr[0] "%(num)s copy"\n',
            "7:1: error: 复数条目应有 2 个译文（msgstr[0] 到 msgstr[1]），这里有 1 个",
        ),
        (
            'msgid "免费"\nmsgstr[0] "Free"\n',
            "8:1: error: 有 msgid_plural 的条目写 msgstr[0]、msgstr[1]……，没有的写 msgstr",
        ),
    ],
)
def test_a_malformed_catalog_is_an_error_at_its_line(locales, entries, found):
    assert problems(locales, entries)[0].split(EN + ":", 1)[1].startswith(found)


def test_bom_and_other_encodings_are_errors(locales):
    (locales / EN).write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    assert [str(d) for d in check_catalogs(Project(REPO_ROOT, locales_dir=locales))] == [
        f"locales/{EN}:1:1: error: 文件开头有 BOM（字节顺序标记）：请存为不带 BOM 的 UTF-8"
    ]
    (locales / EN).write_bytes(HEADER.encode() + 'msgid "免费"\nmsgstr "免费"\n'.encode("gbk"))
    assert "文件不是 UTF-8 编码" in str(check_catalogs(Project(REPO_ROOT, locales_dir=locales)))


def test_obsolete_entries_may_repeat_a_live_one(locales):
    assert problems(locales, '#~ msgid "免费"\n#~ msgstr "Gratis"\n\nmsgid "免费"\nmsgstr "Free"\n') == []


# Any text a translator types (control characters the strict reader refuses, raw, where Babel
# would take them): with quotes, backslashes, tabs and line breaks, which the PO format escapes.
po_text = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from('\n\t"\\')), max_size=30
).map("".join)


@settings(max_examples=200, deadline=None, database=None)
@given(entries=st.dictionaries(po_text.filter(bool), po_text, max_size=6), context=st.one_of(st.none(), po_text))
def test_what_the_strict_reader_accepts_babel_reads_the_same_way(entries, context):
    catalog = Catalog(locale="en")
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, context=context)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=20)  # long strings wrapped over several lines
    data = buffer.getvalue()
    read, problems = read_po_strictly(data)
    assert problems == []
    ours = {e.key: e.strings[0].text for e in read if e.msgid and e.msgid.text}
    babel = {(m.context, m.id): m.string for m in read_po(io.BytesIO(data)) if m.id}
    assert ours == babel


# --- placeholders -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, found",
    [
        (
            'msgid "下载本站离线版（zip，{size}）"\nmsgstr "Download (zip, {0})"\n',
            "8:24: error: 译文的占位符与原文不一致（原文：{size}；缺少：{size}；多出：{0}）",
        ),
        (
            'msgid "发现 {n} 个错误，未生成网站。"\nmsgstr "Found {nme} errors."\n',
            "8:15: error: 译文的占位符与原文不一致",
        ),
        (
            'msgid "发现 {n} 个错误，未生成网站。"\nmsgstr "Found errors."\n',
            "8:9: error: 译文的占位符与原文不一致（原文：{n}；缺少：{n}；多出：无）",
        ),
        (
            'msgid "发现 {n} 个错误，未生成网站。"\nmsgstr "Found {n} errors {."\n',
            "8:26: error: 译文的占位符写法有误（多了或少了 { 或 }）",
        ),
        ('msgid "免费"\nmsgstr "Free {x}"\n', "8:14: error: 译文的占位符与原文不一致（原文：无；缺少：无；多出：{x}）"),
        (
            'msgid "%(num)s 个工作日"\nmsgid_plural "%(num)s 个工作日"\nmsgstr[0] "%(num)s working day"\nmsgstr[1] "%(n)s working days"\n',
            "10:12: error: 译文的占位符与原文不一致（原文：%(num)s；缺少：%(num)s；多出：%(n)s）",
        ),
        (
            'msgid "免费"\nmsgstr "100% free"\n',
            "8:12: error: 译文的占位符与原文不一致（原文：无；缺少：无；多出：% f）",
        ),
    ],
)
def test_placeholders_must_be_those_of_the_source(locales, entry, found):
    problem = problems(locales, entry)[0]  # (a stray brace is markup, too)
    assert problem.split(EN + ":", 1)[1].startswith(found)


def test_the_content_catalog_is_text_not_a_format(locales):
    # the content's strings are never formatted: a % or a brace is only a character there
    entry = 'msgid "缴费比例 8%"\nmsgstr "contribution rate {8 per cent}"\n'
    assert problems(locales, entry, "en/LC_MESSAGES/content.po") == [
        "locales/en/LC_MESSAGES/content.po:8:27: error: 译文加入了原文没有的标记 {：译文只能用原文中已有的 HTML 和 Markdown 标记，请删除它"
    ]


# --- markup -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "msgstr, markup",
    [
        ("<script>alert(1)</script>Free", "<script>"),
        ('<a href="javascript:x">Free</a>', '<a href="javascript:x">'),
        ("Free&#60;b&#62;", "&#60;"),
        ("**Free**", "*"),
        ("`Free`", "`"),
        ("[Free](javascript:alert(1))", "]("),
        ("![x](https://evil.example/x.png)", "!["),
        ('Free{: onclick="alert(1)" }', "{"),
        ("# Free", "#"),
        ("> Free", ">"),
        ("Free\\n\\n- one\\n- two", "-"),
        ("Free\\n\\n    code", "行首缩进的空格（代码块）"),
        ("!!! danger", "!!!"),
        ("<https://evil.example/>", "<https://evil.example/>"),
    ],
)
def test_a_translation_adds_no_markup(locales, msgstr, markup):
    found = problems(locales, f'msgid "免费"\nmsgstr "{msgstr.replace(chr(34), chr(92) + chr(34))}"\n')
    assert any(f"error: 译文加入了原文没有的标记 {markup}：" in p for p in found), found


def test_markup_the_source_has_may_stay(locales):
    entries = (
        'msgid "不支持 YAML 别名（*别名）：请把内容直接写出来"\nmsgstr "YAML aliases (*alias) are not supported"\n\n'
        'msgid "## 页面变化（{ref} → 当前工作区）"\nmsgstr "## Page changes ({ref} → working tree)"\n\n'
        'msgid "写 [x] 或 R&D"\nmsgstr "write [x] or R&D"\n'
    )
    assert problems(locales, entries) == []


def test_control_characters_in_a_translation_are_refused(locales):
    assert problems(locales, 'msgid "免费"\nmsgstr "Fr\\aee"\n') == [
        f"locales/{EN}:8:11: error: 不允许的控制字符 U+0007：请删除它"
    ]
    [problem] = problems(locales, 'msgid "免费"\nmsgstr "Free \u202e"\n')
    assert problem == f"locales/{EN}:8:14: error: 不允许的控制字符 U+202E：请删除它"


def test_fuzzy_entries_are_not_used_and_not_checked(locales):
    assert problems(locales, '#, fuzzy\nmsgid "免费"\nmsgstr "<b>Free</b> {x}"\n') == []


# --- files --------------------------------------------------------------------------------------


def test_a_linked_or_missing_catalog_is_an_error(locales, tmp_path):
    (locales / EN).unlink()
    (locales / EN).symlink_to("/etc/passwd")
    (locales / "zh_Hant/LC_MESSAGES/content.po").unlink()
    found = [str(d) for d in check_catalogs(Project(REPO_ROOT, locales_dir=locales))]
    assert found == [
        f"locales/{EN}:1:1: error: 这是一个符号链接：只读取项目中的普通文件，请换成文件本身",
        "locales/zh_Hant/LC_MESSAGES/content.po:1:1: error: 缺少 zh-Hant 的翻译目录：请运行 make messages",
    ]
    assert "root:" not in "".join(found)


def test_validate_in_a_broken_catalogs_language_reports_instead_of_failing(tmp_path, capsys):
    # `{nme}` in the language the messages are asked in: a KeyError on the first message, before
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "tests/fixtures/project", root)
    shutil.copytree(LOCALES_DIR, root / "locales")
    path = root / "locales" / EN
    text = path.read_text(encoding="utf-8")
    old = 'msgstr "Found {n} error(s); the site was not built."'
    assert old in text
    path.write_text(text.replace(old, 'msgstr "Found {nme} error(s)."'), encoding="utf-8")
    assert main(["--root", str(root), "validate", "--lang", "en"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.splitlines()[0].startswith(f"locales/{EN}:") and "占位符" in err.splitlines()[0]
    assert err.splitlines()[-1] == "发现 1 个错误，未生成网站。"


def test_build_reports_catalog_and_yaml_errors_together(tmp_path, capsys):
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "tests/fixtures/project", root)
    shutil.copytree(LOCALES_DIR, root / "locales")
    (root / "locales" / EN).write_text(HEADER + 'msgid "免费"\nmsgstr "<b>Free</b>"\n', encoding="utf-8")
    province = root / "data/provinces/hunan.yaml"
    province.write_text(
        province.read_text(encoding="utf-8").replace("short_name: 湖南", "short_name: 010"), encoding="utf-8"
    )
    assert main(["--root", str(root), "build", "--no-pdf", "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "data/provinces/hunan.yaml:5:13: error: '010' 会被 YAML 读成 8" in err
    assert f"locales/{EN}:8:9: error: 译文加入了原文没有的标记 <b>" in err
    assert not (tmp_path / "site").exists()


def test_project_uses_its_own_catalogs_when_it_has_them(tmp_path):
    assert Project.at(tmp_path).locales_dir == LOCALES_DIR
    (tmp_path / "locales").mkdir()
    assert Project.at(tmp_path) == dataclasses.replace(Project(tmp_path), locales_dir=tmp_path / "locales")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("Plural-Forms", "nplurals=2; plural=n !=;", "不是有效的 C 表达式"),
        ("Plural-Forms", "nplurals=2; plural=(n % 0);", "除以 0"),
        ("Plural-Forms", "nplurals=2; plural=n+5;", "不在 0 到 1 之间"),
        ("Plural-Forms", "nplurals=two; plural=0;", "nplurals 应为整数"),
        ("Language", "!!", "不是有效的语言代码"),
        ("POT-Creation-Date", "soon", "不是日期"),
        ("Content-Type", "text/plain; charset=latin-1", "charset 应为 utf-8"),
    ],
)
def test_every_header_field_babel_or_gettext_interprets_is_checked_at_its_value(field, value, expected):
    """Each of these passed the check and then stopped the build with a traceback (or, n+5, chose
    no plural form at all): reported instead at the line and column of the value."""
    from generator.i18n.po_reader import read_po_strictly

    po = f'msgid ""\nmsgstr ""\n"Language: en\\n"\n"{field}: {value}\\n"\n\nmsgid "免费"\nmsgstr "Free"\n'
    _entries, problems = read_po_strictly(po.encode("utf-8"))
    assert len(problems) == 1 and expected in problems[0].message
    assert problems[0].line == 4
    assert problems[0].col >= len(field) + 4  # at the value (or inside it), not the keyword


def test_a_header_babel_reads_passes():
    from generator.i18n.po_reader import read_po_strictly

    po = (
        'msgid ""\nmsgstr ""\n"Language: zh_Hant\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"\n"POT-Creation-Date: 2026-01-31 12:00+0800\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    assert read_po_strictly(po.encode("utf-8"))[1] == []
