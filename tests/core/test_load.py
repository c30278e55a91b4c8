# mypy: disable-error-code="union-attr, arg-type"
import os
from pathlib import Path

import pytest

from generator.core.load import MAX_FILE_BYTES, Unreadable, load_file, load_text, read_plain_file


def test_keeps_line_and_column_of_values_and_keys():
    doc, errors = load_text("a: 1\nb:\n  - x: hello\n    y: [1, 2]\n", "f.yaml")
    assert errors == []
    assert doc.data == {"a": 1, "b": [{"x": "hello", "y": [1, 2]}]}
    assert (doc.mark(("b", 0, "x")).line, doc.mark(("b", 0, "x")).col) == (3, 8)
    assert (doc.mark(("b", 0, "y"), key=True).line, doc.mark(("b", 0, "y"), key=True).col) == (4, 5)
    assert doc.mark(("b", 0, "y", 1)).col == 12
    # a path that does not exist points at its nearest existing parent
    assert doc.mark(("b", 0, "missing")).line == 3


def test_duplicate_key_is_an_error_at_the_second_occurrence():
    doc, errors = load_text("name: a\nother: b\nname: c\n", "p.yaml")
    assert doc is None
    assert [str(e) for e in errors] == [
        "p.yaml:3:1: error: 字段 'name' 重复（第一次出现在第 1 行）：每个字段只能写一次"
    ]


def test_yes_no_stay_text_and_dates_stay_text():
    doc, errors = load_text("a: no\nb: yes\nc: off\nd: true\ne: 2026-02-30\n", "f.yaml")
    assert errors == []
    assert doc.data == {"a": "no", "b": "yes", "c": "off", "d": True, "e": "2026-02-30"}


def test_aliases_are_refused():
    _doc, errors = load_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert len(errors) == 1
    assert str(errors[0]).startswith("f.yaml:2:4: error: 不支持 YAML 别名")


def test_billion_laughs_is_refused_quickly():
    text = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    _doc, errors = load_text(text, "f.yaml")
    assert errors and "别名" in errors[0].message


def test_python_tags_and_merge_keys_are_refused():
    _doc, errors = load_text("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
    assert "不支持的 YAML 标签" in errors[0].message
    _doc, errors = load_text("base: {x: 1}\nb:\n  <<: {x: 1}\n", "f.yaml")
    assert errors[0].line == 3 and "合并键" in errors[0].message


def test_syntax_error_names_the_line_to_change():
    _doc, errors = load_text("a: [1, 2\nb: 3\n", "f.yaml")
    assert [str(e) for e in errors] == [
        "f.yaml:1:4: error: 方括号没有闭合：这个 [ 要在列表末尾用 ] 结束，例如 'guides: [a, b]'"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # PyYAML notices a missing space after a colon on the next line; the message names this one
        ("slug: x\nname:浙江省\nshort_name: 浙江\n", "2:6: error: 冒号后面缺少空格：写成 'name: 浙江省'"),
        ("a:\n  b:\n    name:厅\n    website: https://a.gov.cn/\n", "3:10: error: 冒号后面缺少空格：写成 'name: 厅'"),
        ("offices:\n  - id:zhejiang-a-b\n    name: x\n", "2:8: error: 冒号后面缺少空格：写成 '- id: zhejiang-a-b'"),
        (
            "slug: x\nname：浙江省\nshort_name: 浙江\n",
            "2:5: error: 字段名后面的冒号是中文的“：”：要用英文冒号加一个空格，写成 'name: 浙江省'",
        ),
        ("slug: x\ndepartments:\n\thrss: 1\n", "3:1: error: 这一行用了 Tab：YAML 只能用空格缩进，请把 Tab 换成空格"),
        (
            "slug: x\nnote: 注意: 带证件\n",
            "2:9: error: 值里有英文冒号加空格（': '），YAML 把它当成了新的字段：请给整个值加上引号，"
            "写成 'note: \"注意: 带证件\"'，或改用中文冒号“：”",
        ),
        (
            'slug: x\nname: "浙江省\nshort_name: 浙江\n',
            '2:7: error: 引号没有闭合：这个值以 " 开头，请在值的末尾也写上 "',
        ),
        (
            "a:\n  b:\n    name: a\n   website: b\n",
            "4:4: error: 缩进不对：这一行缩进 3 个空格，上一行是 4 个；同一层的字段要左侧对齐",
        ),
        ("slug: x\n  name: y\n", "2:3: error: 这一行比上一行多缩进了：上一行的字段已经有值，同一层的字段要左侧对齐"),
        ("slug: x\n- a\n", "2:1: error: 这个列表项“- ”没有所属的字段：列表要写在某个字段下面，例如 'guides:' 的下一行"),
        ("slug: {a: b\nname: y\n", "1:7: error: 花括号没有闭合：这个 { 要用 } 结束"),
        ("name: @abc\n", "1:7: error: 值不能以 '@' 开头：请给整个值加上引号，写成 \"@abc\""),
    ],
)
def test_syntax_errors_are_explained_in_chinese_at_the_line_to_change(text, expected):
    _doc, errors = load_text(text, "f.yaml")
    assert [str(e) for e in errors] == [f"f.yaml:{expected}"]


def test_numbers_keep_how_they_were_typed():
    doc, _errors = load_text("phone: 88396000\ncode: 440000\nname: x\n", "f.yaml")
    assert doc.data == {"phone": 88396000, "code": 440000, "name": "x"}
    assert doc.typed == {("phone",): "88396000", ("code",): "440000"}  # for the message that quotes them


def test_tab_indentation_and_control_characters():
    _doc, errors = load_text("a:\n\tb: 1\n", "f.yaml")
    assert errors[0].line == 2
    _doc, errors = load_text("a: b\x07c\n", "f.yaml")
    assert errors and errors[0].line == 1


def test_non_utf8_file(tmp_path: Path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("name: 广东\n".encode("gbk"))
    _doc, errors = load_file(path, tmp_path)
    assert str(errors[0]) == "gbk.yaml:1:7: error: 文件不是 UTF-8 编码：请用 UTF-8 保存"


def test_empty_file_loads_as_none():
    doc, errors = load_text("", "f.yaml")
    assert errors == [] and doc.data is None


@pytest.mark.parametrize(
    "written, value",
    [("10", 10), ("-3", -3), ("0", 0), ("2.5", 2.5), (".5", 0.5), ("25.50", 25.5), ("1.5e3", 1500.0)],
)
def test_plain_decimal_numbers_are_numbers(written, value):
    doc, errors = load_text(f"a: {written}\n", "f.yaml")
    assert errors == [] and doc.data == {"a": value}


@pytest.mark.parametrize(
    "written, read",
    [
        ("010", "8"),  # YAML 1.1 octal
        ("1:30", "90"),  # base 60
        ("9:00", "540"),
        (".inf", "inf"),
        ("-.inf", "-inf"),
        (".nan", "nan"),
        ("0x1F", "31"),
        ("0b11", "3"),
        ("1_000", "1000"),
    ],
)
def test_numbers_yaml_reads_otherwise_than_they_look_are_errors_saying_so(written, read):
    _doc, errors = load_text(f"a: {written}\n", "f.yaml")
    assert [str(e) for e in errors] == [
        f"f.yaml:1:4: error: '{written}' 会被 YAML 读成 {read}：数字请写成 10、2.5 这样的十进制数；"
        f'时间、编号等文本请加引号，例如 "{written}"'
    ]


def test_a_leading_zero_is_an_error_even_where_yaml_reads_text():
    _doc, errors = load_text("a: 08\n", "f.yaml")
    assert errors[0].message == "'08' 以 0 开头，含义不明：数字请写成 8；编号等文本请加引号，例如 \"08\""


def test_quoted_numbers_stay_text():
    doc, errors = load_text('a: "010"\nb: "1:30"\nc: 周一 9:00-17:00\n', "f.yaml")
    assert errors == [] and doc.data == {"a": "010", "b": "1:30", "c": "周一 9:00-17:00"}


@pytest.mark.parametrize("tag", ["!!int 10", "!!float .inf", "!!bool yes", "!!str 010"])
def test_explicit_tags_are_refused_even_the_standard_ones(tag):
    _doc, errors = load_text(f"a: {tag}\n", "f.yaml")
    assert len(errors) == 1 and errors[0].message.startswith("不支持的 YAML 标签 tag:yaml.org,2002:")


@pytest.mark.parametrize(
    "text, message",
    [
        ('a: "\\x1b[31mred"\n', "不允许的控制字符 U+001B：请删除它"),
        ('a: "nul\\0"\n', "不允许的控制字符 U+0000：请删除它"),
        ('a: "C1 \\x9b"\n', "不允许的控制字符 U+009B：请删除它"),
        ('"key\\e": 1\n', "不允许的控制字符 U+001B：请删除它"),
        ('a: "txt\\u202eexe"\n', "不允许的双向文字控制字符 U+202E：它会改变文字显示的顺序，请删除它"),
        ("a: txt\u2066exe\n", "不允许的双向文字控制字符 U+2066：它会改变文字显示的顺序，请删除它"),
        ('a: "\\ud800"\n', "不允许的控制字符 U+D800：请删除它"),  # a lone surrogate: no UTF-8 could write it
    ],
)
def test_control_and_bidirectional_characters_are_refused_however_written(text, message):
    _doc, errors = load_text(text, "f.yaml")
    assert [e.message for e in errors] == [message]


def test_line_breaks_and_tabs_written_as_escapes_are_text():
    doc, errors = load_text('a: "one\\ntwo\\tthree"\n', "f.yaml")
    assert errors == [] and doc.data == {"a": "one\ntwo\tthree"}


def test_a_link_or_a_special_file_is_not_read(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(secret)
    os.mkfifo(tmp_path / "pipe.yaml")
    for name, message in (
        ("link.yaml", "这是一个符号链接：只读取项目中的普通文件，请换成文件本身"),
        ("pipe.yaml", "这不是普通文件（而是管道、设备等特殊文件）：只读取项目中的普通文件"),
    ):
        doc, errors = load_file(tmp_path / name, tmp_path)
        assert doc is None and [str(e) for e in errors] == [f"{name}:1:1: error: {message}"]
        assert "hunter2" not in str(errors)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="no /proc here")
def test_a_file_is_read_to_the_cap_whatever_size_it_claims():
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0  # as /proc/self/environ: a size check alone would read it all
    with pytest.raises(Unreadable, match="File too large"):
        read_plain_file(status, 10)
    assert read_plain_file(status, MAX_FILE_BYTES).startswith(b"Name:")


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_a_hidden_line_break_is_reported_where_the_editor_sees_it(char):
    """PyYAML counts NEL, U+2028 and U+2029 as line breaks, editors do not: one in a comment moved
    every later error a line down. It is refused itself, at the line and column editors show."""
    text = f"slug: hunan\n# 从网页复制的说明{char}第二句\nname: [\n"
    doc, diags = load_text(text, "x.yaml")
    assert doc is None
    assert [(d.line, d.col) for d in diags] == [(2, 11)]
    assert f"U+{ord(char):04X}" in diags[0].message
