"""zh-Hant from the zh-Hans source, keeping the mainland words.

Readers of the Traditional Chinese pages deal with mainland offices and documents: they need the
mainland's words in traditional characters (窗口 stays 窗口, not Taiwan's 視窗, "computer window").
So the conversion is character by character, never word for word:

    to_hant(text) = TWVariants(glossary phrases, longest first, + STCharacters for the rest)

* STCharacters: OpenCC's character table, first candidate, one character at a time;
* the glossary (locales/zh_Hant/glossary.yaml): reviewed choices where a character has several
  traditional forms and the first is wrong (关系 -> 關係, not 關系). Every entry is a per-character
  variant of its source, which is checked when the glossary is loaded: an entry never changes a
  word, so law texts, titles in 《》 and official names need no exemption;
* TWVariants: OpenCC's glyph table (爲 -> 為, 裏 -> 裡), one character to one character.

The rest of this module is the review: `explain` lists every place where a conversion differs from
the character level (each must be a glossary entry) or from OpenCC's own phrase-level s2t (each
must be a reviewed rejection, locales/zh_Hant/rejections.yaml); tests/i18n/test_hant.py holds the
catalogs to it.

Depends on nothing of the generator but its configuration: the catalogs' loader converts with it.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import LOCALES_DIR, REPO_ROOT
from ..errors import InputError

LANGUAGE = "zh-Hant"  # the language this module writes
GLOSSARY = LOCALES_DIR / "zh_Hant" / "glossary.yaml"
REJECTIONS = LOCALES_DIR / "zh_Hant" / "rejections.yaml"
# The glyph step: the forms Hong Kong and Taiwan readers know. HKVariants would also write 户, 台
# and 説 (the mainland's documents print 戶口簿); OpenCC's standard forms (爲, 裏) are seldom seen.
VARIANTS = "TWVariants"


class GlossaryError(InputError):
    pass


# ---------------------------------------------------------------- OpenCC, one table at a time


def _share() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@functools.cache
def _table(name: str) -> Callable[[str], str]:
    """One OpenCC dictionary applied on its own (no phrase table): `STCharacters`, `TSCharacters`,
    `TWVariants`. OpenCC reads a JSON config naming its dictionaries; the paths must be absolute,
    because the wheel searches its build directory, not the installed package, for bare names.
    The config is read by the constructor only, so it lives in a temporary folder."""
    import opencc

    def ocd2(dictionary: str) -> dict[str, str]:
        return {"type": "ocd2", "file": str(_share() / f"{dictionary}.ocd2")}

    config: dict[str, Any] = {
        "name": f"{name} only",
        "segmentation": {"type": "mmseg", "dict": ocd2(name)},
        "conversion_chain": [{"dict": ocd2(name)}],
    }
    if (_share() / "CJK_Compatibility_Ideographs.ocd2").is_file():  # as every shipped config does
        config["normalization"] = [{"dict": ocd2("CJK_Compatibility_Ideographs")}]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return opencc.OpenCC(str(path)).convert


@functools.cache
def _s2t() -> Callable[[str], str]:
    """OpenCC's own phrase-level conversion, the reference the review compares with."""
    import opencc

    return opencc.OpenCC("s2t").convert


def chars(text: str) -> str:
    """Character-level conversion (OpenCC's standard forms, before the glyph step)."""
    return _table("STCharacters")(text)


def is_char_variant(hans: str, hant: str) -> bool:
    """`hant` writes the same word as `hans`, choosing per character among traditional forms:
    each character is the source's, converts back to it (TSCharacters), or is what s2t writes
    there (覆 in 答覆: 覆 is also a simplified character, so TSCharacters leaves it)."""
    if len(hans) != len(hant) or not hans:
        return False
    back, s2t = _table("TSCharacters"), _s2t()(hans)
    return all(
        t == s or back(t) == s or (len(s2t) == len(hans) and s2t[i] == t)
        for i, (s, t) in enumerate(zip(hans, hant, strict=True))
    )


# ---------------------------------------------------------------- the reviewed data


@dataclass(frozen=True)
class Entry:
    hans: str
    hant: str
    why: str
    s2t: str | None = None  # rejections: the s2t form not taken
    after: tuple[str, ...] | None = None  # glossary entries s2t does not make: characters reviewed before them


def _where(path: Path) -> Path:
    return path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path


def _load(path: Path, keys: tuple[str, ...]) -> tuple[Entry, ...]:
    """The entries of `path`: a YAML list of mappings with `keys` (and an optional `after`)."""
    where = _where(path)
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise GlossaryError(f"{where}: {exc}") from None
    if not isinstance(rows, list):
        raise GlossaryError(f"{where}: expected a list of entries")
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) and row[k].strip() for k in keys):
            raise GlossaryError(f"{where}: entry {n}: needs the texts {', '.join(keys)}")
        after = row.get("after")
        if after is not None and not (
            isinstance(after, list) and all(isinstance(a, str) and len(a) == 1 for a in after)
        ):
            raise GlossaryError(f"{where}: entry {n}: `after` is a list of single characters")
        out.append(
            Entry(
                row["zh-Hans"],
                row["zh-Hant"],
                row["why"],
                row.get("s2t"),
                tuple(after) if after is not None else None,
            )
        )
    return tuple(out)


@functools.cache
def glossary() -> dict[str, Entry]:
    """The glossary by source phrase. An entry that is not a per-character variant of its source
    would change a word: refused."""
    entries = _load(GLOSSARY, ("zh-Hans", "zh-Hant", "why"))
    for e in entries:
        if not is_char_variant(e.hans, e.hant):
            raise GlossaryError(
                f"{_where(GLOSSARY)}: {e.hans} -> {e.hant} changes the word: each character "
                "must be a traditional form of the one it replaces"
            )
    return {e.hans: e for e in entries}


@functools.cache
def rejections() -> tuple[Entry, ...]:
    return _load(REJECTIONS, ("zh-Hans", "s2t", "zh-Hant", "why"))


# ---------------------------------------------------------------- the conversion


@functools.cache
def _by_first_character() -> dict[str, list[Entry]]:
    """Glossary entries by their first character, longest first."""
    index: dict[str, list[Entry]] = {}
    for e in sorted(glossary().values(), key=lambda e: len(e.hans), reverse=True):
        index.setdefault(e.hans[0], []).append(e)
    return index


def _pre(text: str) -> tuple[str, list[tuple[int, Entry]]]:
    """Glossary + character level, before the glyph step; and the glossary entries used, by position.
    At each position the longest entry wins (as OpenCC's own maximum matching); an entry with
    `after` only where a word starts (即时|制卡, not 控|制卡)."""
    index, out, used, pos, i = _by_first_character(), [], [], 0, 0
    while i < len(text):
        entry = next(
            (
                e
                for e in index.get(text[i], ())
                if text.startswith(e.hans, i) and (e.after is None or _starts_a_word(text, i, e))
            ),
            None,
        )
        if entry is None:
            i += 1
            continue
        out += [chars(text[pos:i]), entry.hant]
        used.append((i, entry))
        pos = i = i + len(entry.hans)
    out.append(chars(text[pos:]))
    return "".join(out), used


def to_hant(text: str) -> str:
    """Simplified -> Traditional, keeping the words: glossary, character level, glyphs."""
    return _table(VARIANTS)(_pre(text)[0])


def other_forms(text: str) -> tuple[str, str]:
    """`text` in Traditional characters as the site writes them (character level and glyphs, no
    glossary: `text` is read one character at a time) and in Simplified ones (TSCharacters):
    (traditional, simplified), each as long as `text`, or `text` itself where a table would
    change its length."""
    hant = _table(VARIANTS)(chars(text))
    hans = _table("TSCharacters")(text)
    return (hant if len(hant) == len(text) else text, hans if len(hans) == len(text) else text)


# ---------------------------------------------------------------- the review


@dataclass(frozen=True)
class Difference:
    start: int
    hans: str
    ours: str
    other: str  # the character-level or s2t form
    reason: str | None  # None: not reviewed

    def __str__(self) -> str:
        return f"{self.hans}: {self.ours} / {self.other}" + (f" ({self.reason})" if self.reason else "")


@dataclass
class Explanation:
    text: str
    result: str
    vs_chars: list[Difference] = field(default_factory=list)
    vs_s2t: list[Difference] = field(default_factory=list)
    changed_non_cjk: list[int] = field(default_factory=list)  # positions; -1: the length changed

    @property
    def unreviewed(self) -> list[Difference]:
        return [d for d in self.vs_chars + self.vs_s2t if d.reason is None]


def _is_cjk(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and "CJK" in unicodedata.name(ch, "")


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][1] == p:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs


def _beyond_s2t(entry: Entry) -> bool:
    """A glossary entry s2t does not make even for the phrase alone (制卡)."""
    return _s2t()(entry.hans) != entry.hant


def _starts_a_word(text: str, start: int, entry: Entry) -> bool:
    """At the start, after a non-CJK character, or after a character reviewed in `after`."""
    return start == 0 or not _is_cjk(text[start - 1]) or text[start - 1] in (entry.after or ())


def explain(text: str) -> Explanation:
    """Every difference of `to_hant(text)` from the character level and from s2t, with its reason
    (None where no reviewed decision accounts for it), and any non-CJK character changed."""
    pre, used = _pre(text)
    ex = Explanation(text, _table(VARIANTS)(pre))
    covering = {i: (start, e) for start, e in used for i in range(start, start + len(e.hans))}
    # 1. against the character level: only glossary entries may differ
    base = chars(text)
    if not len(pre) == len(base) == len(text):
        ex.vs_chars.append(Difference(0, text, pre, base, None))
    else:
        for a, b in _runs([i for i in range(len(text)) if pre[i] != base[i]]):
            entries = {covering[i][1].hans if i in covering else None for i in range(a, b)}
            reason: str | None = None if None in entries else "glossary: " + ", ".join(sorted(e for e in entries if e))
            ex.vs_chars.append(Difference(a, text[a:b], pre[a:b], base[a:b], reason))
    # 2. against s2t: only inside a reviewed rejection, or a glossary entry s2t never makes at a word's start
    s2t = _s2t()(text)
    if len(s2t) != len(text):
        ex.vs_s2t.append(Difference(0, text, pre, s2t, None))
    else:
        rejected: dict[int, Entry] = {}
        for r in rejections():
            for m in re.finditer(re.escape(r.hans), text):
                if s2t[m.start() : m.end()] == r.s2t:
                    for i in range(m.start(), m.end()):
                        rejected.setdefault(i, r)
        for a, b in _runs([i for i in range(len(text)) if pre[i] != s2t[i]]):
            span = range(a, b)
            if all(i in rejected for i in span):
                reason = "rejected s2t: " + ", ".join(sorted({rejected[i].hans for i in span}))
            elif all(
                i in covering and _beyond_s2t(covering[i][1]) and _starts_a_word(text, *covering[i]) for i in span
            ):
                reason = "glossary beyond s2t: " + ", ".join(sorted({covering[i][1].hans for i in span}))
            else:
                # s2t agrees with the entry alone but not here: it (or we) matched across words
                # (不合|并 计算): the context needs a review
                reason = None
            ex.vs_s2t.append(Difference(a, text[a:b], pre[a:b], s2t[a:b], reason))
    # 3. nothing but CJK ideographs may change (placeholders, Markdown, HTML, punctuation)
    ex.changed_non_cjk = [i for i, (s, t) in enumerate(zip(text, ex.result, strict=False)) if s != t and not _is_cjk(s)]
    if len(ex.result) != len(text):
        ex.changed_non_cjk.append(-1)
    return ex


def check_data() -> list[str]:
    """Problems of the glossary and the rejections as reviewed data (empty: none)."""
    problems = []
    entries = _load(GLOSSARY, ("zh-Hans", "zh-Hant", "why"))
    seen: set[str] = set()
    for e in entries:
        if e.hans in seen:
            problems.append(f"glossary: {e.hans} twice")
        seen.add(e.hans)
        if not is_char_variant(e.hans, e.hant):
            problems.append(f"glossary: {e.hans} -> {e.hant} is not a per-character variant")
        if _beyond_s2t(e) and e.after is None:
            problems.append(f"glossary: {e.hans} goes beyond s2t ({_s2t()(e.hans)}): list the reviewed `after`")
    if problems:
        return problems  # the conversion itself needs a sound glossary
    for r in rejections():
        if r.hans in seen:
            problems.append(f"rejection {r.hans} is also a glossary entry")
        if _s2t()(r.hans) != r.s2t:  # OpenCC's dictionary changed: review again
            problems.append(f"rejection {r.hans}: s2t now writes {_s2t()(r.hans)}, not {r.s2t}")
        if _pre(r.hans)[0] != r.hant:
            problems.append(f"rejection {r.hans}: we write {_pre(r.hans)[0]}, not {r.hant}")
    return problems
