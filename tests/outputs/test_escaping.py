"""Escaping, as a property: whatever an editor types into a text field of a province file,
the rendered page has exactly the elements, attributes and links it has for harmless text.

Pages are rendered with `render_pages` and converted with Python-Markdown configured with
mkdocs.yml's own `markdown_extensions` (what MkDocs does to each page), not a full MkDocs
build per example, to stay fast.
"""

from __future__ import annotations

from functools import cache, lru_cache
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from helpers import FIXTURE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from mkdocs.utils.meta import get_data

from generator.config import MKDOCS_YML, Project
from generator.core.resolve import resolve
from generator.core.sources import Content, read_sources
from generator.core.validate import check_references
from generator.i18n.localize import localize
from generator.outputs import pages as render
from generator.outputs.pages import render_pages

HARMLESS = "安全文本"
LANGUAGES = ("zh-Hans", "en")  # the source, and a language where the text shows untranslated


def _edit(obj, path: tuple, value):
    """A copy of the frozen model `obj` with the field at `path` (names and list indexes) set."""
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(obj)
        items[head] = _edit(items[head], rest, value) if rest else value
        return items
    inner = getattr(obj, head)
    return obj.model_copy(update={head: _edit(inner, rest, value) if rest else value})


# Text fields of data/provinces/guangdong.yaml in the fixture, each shown on several pages.
FIELDS = {
    "office name": ("offices", 0, "name"),
    "office address": ("offices", 0, "address"),
    "office hours": ("offices", 0, "hours"),
    "local channel name": ("channels", 0, "name"),
    "local channel note": ("channels", 0, "note"),
    "variation note": ("variations", 0, "note"),
    "province short name": ("short_name",),
}


@lru_cache(maxsize=1)
def _sources():
    src, diags = read_sources(Project(FIXTURE))
    assert not diags and not check_references(src)
    return src


@lru_cache(maxsize=1)
def _markdown_extensions() -> tuple[list, dict]:
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if opts:
            options[name] = opts
    return names, options


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    names, options = _markdown_extensions()
    return markdown.Markdown(extensions=names, extension_configs=options)


def _html(text: str) -> str:
    body, _meta = get_data(text)  # the front matter (hide: ...), as MkDocs strips it
    return _converter().reset().convert(body)


# One Jinja environment per language for the whole module (render_pages makes a new one,
# compiling every template, on each call: 10 times slower).
_environment = lru_cache(maxsize=None)(render.environment)


class _Structure(HTMLParser):
    """Every element with its attribute names, and every link target and class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[tuple] = set()

    def handle_starttag(self, tag, attrs):
        self.found.add((tag,))
        for name, value in attrs:
            # heading ids and their permalinks are made from the heading's text: names only
            shown = value if name in ("href", "src", "class", "lang", "type", "style") else "*"
            if name == "href" and value and value.startswith("#") and not value.startswith("#article-"):
                shown = "#*"
            self.found.add((tag, name, shown))
            if name.startswith("on"):
                self.found.add(("event handler", name))

    handle_startendtag = handle_starttag


def _structure(html: str) -> set[tuple]:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.found


def _render(field: str, value) -> dict[tuple[str, str], str]:
    """(language, page) -> HTML of every page with `value` in `field` of guangdong.yaml."""
    src = _sources()
    provinces = dict(src.provinces)
    provinces["guangdong"] = _edit(provinces["guangdong"], FIELDS[field], value)
    content = Content(src.laws, src.materials, src.channels, src.guides, src.journeys, provinces)
    out = {}
    for language in LANGUAGES:
        site = resolve(localize(content, language))
        for page, text in render_pages(site, language, env=_environment(language)).items():
            out[(language, page)] = text
    return out


@cache
def _baseline(field: str) -> dict[tuple[str, str], tuple[str, set[tuple]]]:
    return {key: (text, _structure(_html(text))) for key, text in _render(field, HARMLESS).items()}


def _differences(field: str, value) -> list[str]:
    baseline = _baseline(field)
    problems = []
    for key, text in _render(field, value).items():
        base_text, base_structure = baseline[key]
        if text == base_text:
            continue  # the field is not on this page
        html = _html(text)
        structure = _structure(html)
        if structure != base_structure:
            problems.append(
                f"{key[0]} {key[1]}: extra {sorted(structure - base_structure)}, "
                f"missing {sorted(base_structure - structure)}"
            )
    return problems


# Text an editor might paste, or an attacker might try: HTML, Markdown and attr_list syntax.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](https://evil.example/)",
    "![x](https://evil.example/x.png)",
    "<https://evil.example/>",
    "**粗体** _斜体_ `代码`",
    '{: onclick="alert(1)" }',
    "{#id .class}",
    "# 标题",
    "1. 列表",
    "- 列表",
    "> 引用",
    "| a | b |",
    "---",
    "&lt;b&gt;",
    "&#60;script&#62;",
    "\\",
    "[^1]",
    "[ ] 待办",
    "!!! note",
    "<!-- x -->",
    "x\ny",
    "\"'`",
    "{{ x }}",
    "{% raw %}",
    "https://evil.example/",
    "www.evil.example",
    "<",
    "&",
    "]]>",
]

text_strategy = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    st.lists(st.sampled_from(HOSTILE + ["文字", " ", "  ", "\n", "\n\n    "]), min_size=1, max_size=6).map("".join),
).filter(lambda s: s.strip() != "")


def _one_line(field: str, value: str) -> str:
    """Line breaks are kept: in one-line fields the renderer must keep them from becoming markup."""
    return value


@pytest.mark.parametrize(
    "field, value",
    [
        ("office name", "大厅\n\n    代码"),
        ("office address", "某路  \n1号"),
        ("province short name", "湖\n\n南"),
    ],
)
def test_line_breaks_in_one_line_fields_stay_text(field, value):
    assert _differences(field, value) == []


def _unescaped(value):
    return Markup(str(value))


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_the_checker_sees_text_that_was_not_escaped(field, monkeypatch):
    # the property below can fail: with escaping switched off, hostile text changes the structure
    _baseline(field)
    monkeypatch.setattr(render, "escape_text", _unescaped)
    assert _differences(field, '<em onclick="x">粗体</em>'), field


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), value=text_strategy)
@example(field="office name", value="<script>alert(1)</script> **服务大厅** [x](javascript:y)")
@example(field="variation note", value="[点我](javascript:alert(1)){: onclick=alert(1) }")
@example(field="office hours", value="<img src=x onerror=alert(1)>")
def test_editor_text_never_becomes_markup(field, value):
    assert _differences(field, _one_line(field, value)) == []
