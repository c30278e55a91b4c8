"""The pages: every document as a Markdown page for MkDocs, in one language.

Every `{{ value }}` passes through `finalize`: text from the YAML is escaped for HTML *and*
for Markdown, so an editor's `<script>` or `**` shows as typed instead of becoming markup.
Template output that is already markup (macros, `_()` results, filters below) is `Markup`
and passes unchanged. `StrictUndefined` and the `None` check make a missing field fail
the build with its name instead of rendering an empty string.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..config import LANGUAGES, LOCALES_DIR, SOURCE_LANGUAGE, TEMPLATES_DIR, Language
from ..core.model import ID_PATTERN
from ..core.resolve import Site
from ..i18n.messages import KeepsChinese, Untranslated
from . import source_links, structured_data
from .documents import Doc, Kind, documents
from .templates import OutputFormat, RenderError, mark_untranslated, render_documents, template_environment

# Characters Python-Markdown gives meaning to inline; a backslash makes each literal.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()#+!|-])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)\.", re.MULTILINE)


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())  # whitespace runs (line breaks too) -> one space


def _html_line(value: Any) -> str:
    return str(escape(_one_line(value)))  # & < > " ' escaped


def escape_text(value: Any) -> Markup:
    """`value` as one line of literal text in Markdown. Line breaks and runs of spaces become one
    space: in a heading, link or list item they would otherwise end it, or turn into a <br> or a
    code block. Multi-line text goes through the `paragraphs` or `quote` filters, line by line.
    Quotes stay as they are: they mean nothing in Markdown text, and as &#34; they would reach
    the page's title (which MkDocs takes from the first heading) escaped twice."""
    text = _MD_INLINE.sub(r"\\\1", html.escape(_one_line(value), quote=False))
    text = _MD_LINE_START.sub(r"\1\2\\.", text)
    return mark_untranslated(value, text)


def escape_html(value: Any) -> Markup:
    """`value` as one line of literal text inside raw HTML, where Markdown is not read."""
    return mark_untranslated(value, _html_line(value))


def _like(value: Any, text: str) -> str:
    """`text`, derived from `value`, keeping its mark (untranslated, keeps Chinese)."""
    return type(value)(text) if isinstance(value, (Untranslated, KeepsChinese)) else text


def _finalize(value: Any) -> Any:
    if value is None:
        raise RenderError("a template printed None: check the field is present before printing it")
    if isinstance(value, Markup):
        return value
    return escape_text(value)


def _quote(value: Any) -> Markup:
    """Escaped text as a Markdown blockquote, each line of the YAML a paragraph."""
    lines = [escape_text(_like(value, line.strip())) for line in str(value).strip().splitlines() if line.strip()]
    return Markup("\n>\n").join(Markup("> ") + line for line in lines)


def _paragraphs(value: Any, width: int = 0) -> Markup:
    """Escaped text, each line of the YAML a paragraph, indented by `width` to stay inside
    a list item or admonition."""
    lines = [escape_text(_like(value, line.strip())) for line in str(value).strip().splitlines() if line.strip()]
    return Markup(("\n\n" + " " * width).join(lines))


def _url(value: str) -> Markup:
    """A URL from the YAML as a link whose text is the URL itself (validated: no quotes or brackets)."""
    href = escape(value)
    return Markup(f'<a href="{href}">{escape_text(value)}</a>')


def _ident(value: str) -> Markup:
    """An id or slug (validated by the model: a-z, 0-9 and inner hyphens) as it is, for an anchor
    or front matter, where escaping would change it."""
    if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value):
        raise RenderError(f"not an id: {value!r}")
    return Markup(value)


def _search_names(province: Any) -> Markup:
    """The names a reader types for a province (浙江, 浙江省; Zhejiang), as the search tags of its
    page (search_index.py): a YAML list in the page's front matter (JSON, which YAML reads; the
    names are an editor's text). A name of several words (Zhejiang Province) is left out: each of
    its words would count as the province's name (province)."""
    names = dict.fromkeys(str(name) for name in (province.short_name, province.name) if len(str(name).split()) == 1)
    return Markup(json.dumps(list(names), ensure_ascii=False))


def _search_terms(guide: Any) -> Markup:
    """What readers type for a guide (补卡, 社保卡丢了; lost card), as the search tags of its page,
    weighed above its text (search_index.py): a YAML list in the front matter, as `_search_names`."""
    return Markup(json.dumps([str(term) for term in guide.search_terms], ensure_ascii=False))


def _link(text: Any, url: str) -> Markup:
    return Markup(f'<a href="{escape(url)}">{escape_text(text)}</a>')


def environment(
    language: str = SOURCE_LANGUAGE, templates_dir: Path = TEMPLATES_DIR, locales_dir: Path = LOCALES_DIR
) -> jinja2.Environment:
    """The environment of the Markdown pages."""
    env = template_environment(language, templates_dir, locales_dir, _finalize, keep_trailing_newline=True)
    env.filters.update(
        md=escape_text,
        html=escape_html,
        quote=_quote,
        paragraphs=_paragraphs,
        url=_url,
        ident=_ident,
        search_names=_search_names,
        search_terms=_search_terms,
    )
    lang = next((candidate for candidate in LANGUAGES if candidate.code == language), Language(language, language, ""))
    env.globals.update(link=_link, json_ld=lambda pg: structured_data.script(structured_data.json_ld(pg, lang)))
    source_links.install(env)
    return env


TEMPLATES = {
    Kind.HOME: "home.md.j2",
    Kind.GUIDES: "guides_index.md.j2",
    Kind.JOURNEYS: "journeys_index.md.j2",
    Kind.PROVINCES: "provinces_index.md.j2",
    Kind.LAWS: "laws_index.md.j2",
    Kind.MATERIALS: "materials.md.j2",
    Kind.FRESHNESS: "freshness.md.j2",
    Kind.GUIDE: "guide_national.md.j2",
    Kind.GUIDE_IN: "guide_province.md.j2",
    Kind.JOURNEY: "journey_national.md.j2",
    Kind.JOURNEY_IN: "journey_province.md.j2",
    Kind.PROVINCE: "province.md.j2",
    Kind.LAW: "law.md.j2",
    Kind.PLAN: "plan.md.j2",
}


def _with_notice(markdown: str, notice: str) -> str:
    """Put `notice` right under the page's title."""
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1) + 1
    return "\n".join(lines[:at] + ["", notice] + lines[at:])


def page_format(env: jinja2.Environment) -> OutputFormat:
    return OutputFormat(env, lambda doc: TEMPLATES[doc.kind], "_pending_notice.md.j2", _with_notice)


def render_pages(
    site: Site,
    language: str = SOURCE_LANGUAGE,
    templates_dir: Path = TEMPLATES_DIR,
    locales_dir: Path = LOCALES_DIR,
    *,
    pdfs: bool = False,
    select: Callable[[Doc], bool] | None = None,
    env: jinja2.Environment | None = None,
    pending: dict[str, set[str]] | None = None,
) -> dict[str, str]:
    """docs-relative path -> Markdown text, for every page of `site` (already in `language`) or
    those `select` picks; with `pdfs`, pages link to their PDFs. `pending` receives the pages
    showing text whose translation is pending, with those texts."""
    env = env or environment(language, templates_dir, locales_dir)
    docs = [d for d in documents(site) if select is None or select(d)]
    waiting: dict[Doc, set[str]] = {}
    rendered = render_documents(site, docs, page_format(env), lambda doc: {"pdfs": pdfs}, waiting)
    if pending is not None:
        pending.update({doc.path: texts for doc, texts in waiting.items()})
    return {doc.path: text for doc, text in rendered.items()}
