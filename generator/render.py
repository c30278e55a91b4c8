"""Stage 5: Jinja2 templates -> Markdown pages, one list of pages per language.

Every `{{ value }}` passes through `finalize`: text from the YAML is escaped for HTML *and*
for Markdown, so an editor's `<script>` or `**` shows as typed instead of becoming markup.
Template output that is already markup (macros, `_()` results, filters below) is `Markup`
and passes unchanged. `StrictUndefined` and the `None` check make a missing field fail
the build with its name instead of rendering an empty string.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar

import jinja2
from markupsafe import Markup, escape

from .config import HOTLINE, LOCALES_DIR, MEDICAL_HOTLINE, SOURCE_LANGUAGE, TEMPLATES_DIR
from .resolve import Site
from .translate import Formatter, Untranslated, load_translations, localize, note_pending, recording_pending

# Characters Python-Markdown gives meaning to inline; a backslash makes each literal.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()#+!|-])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)\.", re.MULTILINE)


def _html_line(value: Any) -> str:
    return str(escape(" ".join(str(value).split())))  # & < > " ' escaped; whitespace runs -> one space


def mark_untranslated(value: Any, text: str) -> Markup:
    """`text` (escaped already) as it shows: in a span marked as Chinese when `value` is source text
    standing in for a missing translation, which the page then reports as pending."""
    if isinstance(value, Untranslated):
        # Source text shown for want of a translation: marked so the page can say so,
        # and so that screen readers read it as Chinese.
        note_pending(str(value))
        return Markup(f'<span lang="{SOURCE_LANGUAGE}" class="untranslated">{text}</span>')
    return Markup(text)


def escape_text(value: Any) -> Markup:
    """`value` as one line of literal text in Markdown. Line breaks and runs of spaces become one
    space: in a heading, link or list item they would otherwise end it, or turn into a <br> or a
    code block. Multi-line text goes through the `paragraphs` or `quote` filters, line by line."""
    text = _MD_INLINE.sub(r"\\\1", _html_line(value))
    text = _MD_LINE_START.sub(r"\1\2\\.", text)
    return mark_untranslated(value, text)


def escape_html(value: Any) -> Markup:
    """`value` as one line of literal text inside raw HTML, where Markdown is not read."""
    return mark_untranslated(value, _html_line(value))


def _like(value: Any, text: str) -> str:
    """`text`, derived from `value`, keeping its untranslated mark."""
    return Untranslated(text) if isinstance(value, Untranslated) else text


class RenderError(Exception):
    pass


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


def _link(text: Any, url: str) -> Markup:
    return Markup(f'<a href="{escape(url)}">{escape_text(text)}</a>')


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative, e.g. "guides/social-security-card/guangdong.md"
    template: str
    context: dict[str, Any]
    # The one province whose data the page shows (of the others only what preview.SHOWN_OF_OTHERS
    # lists) and the one guide; None for a page about all of them (or none). The live preview
    # renders again only the pages a change reaches by these (tests/test_preview.py checks the
    # result against a full render).
    province: str | None = None
    guide: str | None = None


def pages_for(site: Site) -> list[Page]:
    """Every page of the site, with the objects its template needs."""
    pages = [
        Page("index.md", "home.md.j2", {}),
        Page("guides/index.md", "guides_index.md.j2", {}),
        Page("provinces/index.md", "provinces_index.md.j2", {}),
        Page("laws/index.md", "laws_index.md.j2", {}),
        Page("materials.md", "materials.md.j2", {}),
        Page("freshness.md", "freshness.md.j2", {}),
    ]
    for guide in site.guides.values():
        rows = [site.province_guides[(guide.id, slug)] for slug in site.provinces]
        pages.append(Page(f"guides/{guide.id}/index.md", "guide_national.md.j2", {"guide": guide, "rows": rows},
                          guide=guide.id))
        pages += [Page(f"guides/{guide.id}/{pg.province.slug}.md", "guide_province.md.j2", {"pg": pg},
                       pg.province.slug, guide.id)
                  for pg in rows]
    for journey in site.journeys.values():
        pages.append(Page(f"journeys/{journey.id}/index.md", "journey_national.md.j2", {"journey": journey}))
        pages += [Page(f"journeys/{journey.id}/{slug}.md", "journey_province.md.j2",
                       {"pj": site.province_journeys[(journey.id, slug)]}, slug)
                  for slug in site.provinces]
    for province in site.provinces.values():
        pages.append(Page(f"provinces/{province.slug}.md", "province.md.j2", {"province": province}, province.slug))
    for law in site.laws.values():
        pages.append(Page(f"laws/{law.id}.md", "law.md.j2", {"law": law}))
    return pages


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> Markup:
    """A link from the page being rendered to `target` (docs-relative), for MkDocs to check."""
    here = posixpath.dirname(context["page_path"])
    return Markup(escape(posixpath.relpath(target, here or ".")))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, so that the live preview's
    rebuilds (and a build process's environments) do not compile the same templates again.
    Jinja keys an entry by the template's name, file and source only; `namespace` keeps apart
    environments whose settings compile the same file differently."""

    _store: ClassVar[dict[str, bytes]] = {}  # shared by every environment of the process

    def __init__(self, *namespace: Any) -> None:
        self.prefix = repr(namespace)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(self.prefix + bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja if the source has changed since

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[self.prefix + bucket.key] = bucket.bytecode_to_string()


def template_environment(language: str, templates_dir: Path, locales_dir: Path, finalize: Any,
                         **options: Any) -> jinja2.Environment:
    """What every template of the site shares, pages and print alike: autoescape, StrictUndefined,
    the interface catalog of `language`, Babel dates and money. `finalize` escapes for the output
    format (Markdown here, HTML for print)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=CompiledTemplates(finalize.__module__, finalize.__qualname__, sorted(options.items())),
        **options,
    )
    env.install_gettext_translations(load_translations(language, "messages", locales_dir), newstyle=True)
    fmt = Formatter(language)
    env.filters.update(date=fmt.date, money=fmt.money)
    env.globals.update(language=language, source_language=SOURCE_LANGUAGE, HOTLINE=HOTLINE, MEDICAL_HOTLINE=MEDICAL_HOTLINE)
    return env


def environment(language: str = SOURCE_LANGUAGE, templates_dir: Path = TEMPLATES_DIR,
                locales_dir: Path = LOCALES_DIR) -> jinja2.Environment:
    """The environment of the Markdown pages."""
    env = template_environment(language, templates_dir, locales_dir, _finalize, keep_trailing_newline=True)
    env.filters.update(md=escape_text, html=escape_html, quote=_quote, paragraphs=_paragraphs, url=_url)
    env.globals.update(href=_href, link=_link)
    return env


def _with_notice(markdown: str, notice: str) -> str:
    """Put `notice` right under the page's title."""
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1) + 1
    return "\n".join(lines[:at] + ["", notice] + lines[at:])


def render_pages(site: Site, language: str = SOURCE_LANGUAGE, templates_dir: Path = TEMPLATES_DIR,
                 locales_dir: Path = LOCALES_DIR, *, pdfs: bool = False,
                 select: Callable[[Page], bool] | None = None) -> dict[str, str]:
    """docs-relative path -> Markdown text, for every page (or those `select` picks), in
    `language`; with `pdfs`, pages link to their PDFs (pdf/ beside the pages, same paths)."""
    env = environment(language, templates_dir, locales_dir)
    env.globals["pdfs"] = pdfs
    env.globals["site"] = site = localize(site, language, locales_dir)
    notice = env.get_template("_pending_notice.md.j2")
    out = {}
    for page in pages_for(site):
        if select and not select(page):
            continue
        template = env.get_template(page.template)
        with recording_pending() as pending:
            text = template.render(page_path=page.path, **page.context)
        if pending:
            text = _with_notice(text, notice.render())
        out[page.path] = text
    return out
