# mypy: disable-error-code="union-attr, arg-type"
from pathlib import Path

from generator.core.load import load_file, load_text


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


def test_syntax_error_names_line_and_column():
    _doc, errors = load_text("a: [1, 2\nb: 3\n", "f.yaml")
    assert len(errors) == 1
    assert errors[0].line == 2 and "YAML 语法错误" in errors[0].message


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
