"""Text as it may be printed to a terminal or a CI log: every value from an editor's or a
translator's file (a value, a file name, a message quoting them) goes out as one line with its
control characters shown escaped, so that it can neither start a line of its own (GitHub's runner
obeys any line of output that begins with `::`, e.g. `::error file=...::`), nor move the cursor,
recolour or hide text (ANSI escapes, U+202E), nor flood a log.

A leaf module: it imports nothing of the generator.
"""

from __future__ import annotations

import unicodedata

# Characters that change how the rest of a line is shown: bidirectional embeddings, overrides and
# isolates (U+202E shows "txt.exe" as "exe.txt"), besides the control characters of category Cc.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Longer values are cut (a 200 000-character value quoted in an error message is no help to anyone).
MAX_LINE = 2000


def _shown(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def unsafe(char: str) -> bool:
    """A character that must not reach a terminal as itself: control characters (Cc), line and
    paragraph separators (Zl, Zp), lone surrogates (Cs) and the bidirectional controls."""
    return char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs")


def one_line(value: object, limit: int = MAX_LINE) -> str:
    """`value` as one line: control and bidirectional characters written as escapes (a line break
    as `\\n`, ESC as `\\x1b`, U+202E as `\\u202e`), cut after `limit` characters with a note of the
    full length."""
    text = str(value)
    out = "".join(_shown(ch) if unsafe(ch) else ch for ch in text[: limit + 1])
    if len(text) > limit or len(out) > limit:
        out = out[:limit] + f"…（{len(text)}）"
    return out


def lines(text: object) -> list[str]:
    """Multi-line text of the generator's own (a build's problems, a help text) as lines to print,
    each of them one safe line; a line that would begin with `::` (a workflow command to GitHub's
    runner, which ignores leading spaces) starts with a backslash instead."""
    out = []
    for line in str(text).split("\n"):
        safe = one_line(line)
        if safe.lstrip().startswith("::"):
            safe = "\\" + safe
        out.append(safe)
    return out
