"""A value as one safe line (generator/printable.py): what the terminal and GitHub's runner see
of an editor's value or file name."""

import pytest

from generator.printable import lines, one_line


@pytest.mark.parametrize(
    "value, shown",
    [
        ("plain 文字", "plain 文字"),
        ("a\nb", "a\\nb"),
        ("a\r\n::error file=x::forged", "a\\r\\n::error file=x::forged"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("nul\x00", "nul\\x00"),
        ("txt\u202eexe", "txt\\u202eexe"),  # shown reversed otherwise
        ("line\u2028separator", "line\\u2028separator"),
        ("C1\x85", "C1\\x85"),
        ("tab\there", "tab\\there"),
    ],
)
def test_one_line_shows_control_characters_as_escapes(value, shown):
    assert one_line(value) == shown
    assert "\n" not in one_line(value) and "\r" not in one_line(value)


def test_one_line_cuts_a_flood_and_says_how_long_it_was():
    shown = one_line("x" * 200_000, limit=100)
    assert shown == "x" * 100 + "…（200000）"


def test_lines_keep_the_lines_of_a_message_but_none_starts_a_workflow_command():
    text = "构建失败：\n  ::error file=README.md,line=1::forged\n::warning::x\x1b]0;title\x07"
    assert lines(text) == [
        "构建失败：",
        "\\  ::error file=README.md,line=1::forged",
        "\\::warning::x\\x1b]0;title\\x07",
    ]
