"""Phase 5, render: the Jinja set-up the templated outputs share (Markdown pages; HTML fragments
for the plan's data), and the one loop that renders documents through templates. The loop owns
what every page does alike: the pending-translation notice under the title, and a template's
failure reported with its file and line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup, escape

from ..config import HOTLINE, LANGUAGES, MEDICAL_HOTLINE, SOURCE_LANGUAGE, site_url
from ..core.resolve import Site
from ..errors import TemplateError
from ..i18n.locale import Formatter
from ..i18n.messages import CHINESE_RUN, KeepsChinese, Untranslated, load_translations, note_pending, recording_pending
from .documents import Doc, context
from .presentation import Presenter, emitter


class RenderError(Exception):
    """Raised from a template (through finalize) when it prints what it must not, e.g. None."""


def mark_untranslated(value: Any, text: str) -> Markup:
    """`text` (escaped already) as it shows: in a span marked as Chinese when `value` is source text
    standing in for a missing translation, which the page then reports as pending; each run of
    Chinese marked as such when `value` is a translation keeping a Chinese name."""
    if isinstance(value, Untranslated):
        # Source text shown for want of a translation: marked so the page can say so,
        # and so that screen readers read it as Chinese.
        note_pending(str(value))
        return Markup(f'<span lang="{SOURCE_LANGUAGE}" class="untranslated">{text}</span>')
    if isinstance(value, KeepsChinese):
        # Escaping leaves Chinese characters alone, so the runs are found in `text` as they are.
        return Markup(CHINESE_RUN.sub(lambda m: f'<span lang="{SOURCE_LANGUAGE}">{m.group()}</span>', text))
    return Markup(text)


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


def template_environment(
    language: str, templates_dir: Path, locales_dir: Path, finalize: Callable[[Any], Any], **options: Any
) -> jinja2.Environment:
    """What every template of the site shares, pages and print alike: autoescape, StrictUndefined,
    the interface catalog of `language`, the presentation rules, links between documents.
    `finalize` escapes for the output format (Markdown for pages, HTML for print)."""
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
    translations = load_translations(language, "messages", locales_dir)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    Presenter(translations, Formatter(language), emitter(env), language).install(env)
    env.globals.update(
        language=language,
        source_language=SOURCE_LANGUAGE,
        HOTLINE=HOTLINE,
        MEDICAL_HOTLINE=MEDICAL_HOTLINE,
        Doc=Doc,
        href=_href,
        # This language's published address (open data and the feed are linked by it: they are
        # beside the published pages, not in the offline bundle).
        site_url=site_url(next((lang for lang in LANGUAGES if lang.code == language), None)),
    )
    return env


def _html_finalize(value: Any) -> Any:
    if value is None:
        raise RenderError("a template printed None: check the field is present before printing it")
    if isinstance(value, (Untranslated, KeepsChinese)):
        return mark_untranslated(value, str(escape(str(value))))
    return value


def html_environment(language: str, templates_dir: Path, locales_dir: Path) -> jinja2.Environment:
    """The Jinja environment for HTML fragments (the plan page's data): the pages' shared set-up,
    escaping for HTML only."""
    return template_environment(language, templates_dir, locales_dir, _html_finalize)


@jinja2.pass_context
def _href(ctx: jinja2.runtime.Context, target: Doc, output: str = "page") -> Markup:
    """A link from the document being rendered to `target`'s page or PDF (ids and slugs are
    validated: no character in it needs more than HTML escaping)."""
    here: Doc = ctx["doc"]
    return Markup(escape(here.href_to(target, output)))


@dataclass(frozen=True)
class OutputFormat:
    """How documents become one kind of output."""

    environment: jinja2.Environment
    template: Callable[[Doc], str]  # the template of a document
    notice: str  # the template of the pending-translation notice
    with_notice: Callable[[str, str], str]  # (document, notice) -> the document with the notice under its title


def render_documents(
    site: Site,
    docs: Iterable[Doc],
    output: OutputFormat,
    extra: Callable[[Doc], dict[str, Any]] = lambda doc: {},
    pending: dict[Doc, set[str]] | None = None,
) -> dict[Doc, str]:
    """Each document rendered in `output` (`extra`: more of its templates' variables); a document
    showing source text for want of a translation says so under its title (and, given `pending`,
    is entered there with those texts). A template's failure raises TemplateError."""
    env = output.environment
    out = {}
    try:
        notice = env.get_template(output.notice)
        for doc in docs:
            template = env.get_template(output.template(doc))
            with recording_pending() as found:
                text = template.render(doc=doc, site=site, **context(doc, site), **extra(doc))
            if found:
                text = output.with_notice(text, notice.render())
                if pending is not None:
                    pending[doc] = set(found)
            out[doc] = text
    except (jinja2.TemplateError, RenderError) as exc:
        raise TemplateError(f"{template_location(exc)}{type(exc).__name__}: {exc}") from None
    return out


def template_location(exc: BaseException) -> str:
    """`templates/x.md.j2:12: ` from the innermost template frame of an exception raised while
    rendering (a template bug, reported without a traceback)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename}:{exc.lineno}: "
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html")):
            where = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where
