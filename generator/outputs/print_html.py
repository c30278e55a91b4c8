"""Print: the printable documents (each guide and journey in each province, each province's book
of all its guides) as HTML, from the same documents and presentation rules as the pages. Values
from the YAML are escaped for HTML only (no Markdown is read here). The HTML is the print model's
source (print_model.py turns it into plain data for Typst) and the PDF cache's key."""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape

from ..config import LOCALES_DIR, SOURCE_LANGUAGE, TEMPLATES_DIR
from ..core.facts import Verification, verification
from ..core.resolve import ProvinceGuide, Site
from ..i18n.locale import Formatter
from ..i18n.messages import N_, KeepsChinese, Untranslated, load_translations
from .documents import Doc, Kind, context, printed_documents
from .templates import OutputFormat, RenderError, mark_untranslated, render_documents, template_environment

TEMPLATES = {
    Kind.GUIDE_IN: "print/guide.html.j2",
    Kind.JOURNEY_IN: "print/journey.html.j2",
    Kind.PROVINCE: "print/province.html.j2",
}


def _finalize(value: Any) -> Any:
    if value is None:
        raise RenderError("a print template printed None: check the field is present before printing it")
    if isinstance(value, (Untranslated, KeepsChinese)):
        return mark_untranslated(value, str(escape(str(value))))
    return value


def environment(
    language: str = SOURCE_LANGUAGE, templates_dir: Path = TEMPLATES_DIR, locales_dir: Path = LOCALES_DIR
) -> jinja2.Environment:
    """The Jinja environment for print HTML: the pages' shared set-up, escaping for HTML only."""
    return template_environment(language, templates_dir, locales_dir, _finalize)


@dataclass(frozen=True)
class Meta:
    """What goes into the PDF's document information and <head>: plain strings (never
    `Untranslated`, whose mark is an element and cannot stand in an attribute)."""

    title: str
    author: str
    subject: str
    keywords: str
    verified: str  # how much of the province's data it shows is checked (the footer of every page)
    date: str | None  # W3C date-time for the PDF's creation and modification dates


def w3c_date(source_date: int) -> str:
    """The build's date (SOURCE_DATE_EPOCH, for reproducible builds) as a W3C date-time."""
    return datetime.fromtimestamp(source_date, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _authors(pgs: Iterable[ProvinceGuide]) -> str:
    names: list[str] = []
    for pg in pgs:
        names += [getattr(pg.province.departments, agency).name for agency in pg.guide.agencies]
    return "、".join(dict.fromkeys(names))


def _footer(v: Verification, ui: gettext.NullTranslations, fmt: Formatter) -> str:
    """The status line printed at the foot of every page: on paper, a reader must see it there."""
    if v.entered:
        return str(
            ui.ngettext(
                "含 %(num)s 项待核实的信息，办事前请先向当地确认",
                "含 %(num)s 项待核实的信息，办事前请先向当地确认",
                v.entered,
            )
        ) % {"num": v.entered}
    assert v.oldest_check is not None
    return str(ui.gettext(N_("最后核实：%(date)s"))) % {"date": fmt.date(v.oldest_check)}


def meta(doc: Doc, site: Site, ui: gettext.NullTranslations, stamp: str | None, fmt: Formatter) -> Meta:
    """The PDF metadata of a printed document."""
    ctx: dict[str, Any] = context(doc, site)
    if doc.kind is Kind.GUIDE_IN:
        pg, guide = ctx["pg"], ctx["pg"].guide
        return Meta(
            f"{guide.title} · {pg.province.name}",
            _authors([pg]),
            str(guide.summary),
            f"{pg.province.name}, {guide.title}",
            _footer(pg.verification, ui, fmt),
            stamp,
        )
    if doc.kind is Kind.JOURNEY_IN:
        pj = ctx["pj"]
        return Meta(
            f"{pj.journey.title} · {pj.province.name}",
            _authors(pj.parts),
            str(pj.journey.summary),
            ", ".join([pj.province.name] + [p.guide.title for p in pj.parts]),
            _footer(verification(f for p in pj.parts for f in p.facts), ui, fmt),
            stamp,
        )
    province, pgs = ctx["province"], ctx["guides"]
    title = str(ui.gettext(N_("%(province)s办事指南"))) % {"province": province.name}
    subject = str(ui.gettext(N_("%(province)s的各项办事指南、主管部门和网上渠道。"))) % {"province": province.name}
    return Meta(
        title,
        "、".join([province.departments.hrss.name, province.departments.healthcare.name]),
        subject,
        ", ".join([province.name] + [pg.guide.title for pg in pgs]),
        _footer(verification(f for pg in pgs for f in pg.facts), ui, fmt),
        stamp,
    )


def _with_notice(html: str, notice: str) -> str:
    return html.replace("</h1>", "</h1>\n" + notice, 1)


def render_print(
    site: Site,
    language: str = SOURCE_LANGUAGE,
    templates_dir: Path = TEMPLATES_DIR,
    locales_dir: Path = LOCALES_DIR,
    *,
    source_date: int | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, str]:
    """PDF path (relative to pdf/) -> print HTML, for every printed document of `site` (already in
    `language`), or those whose path is in `only`."""
    env = environment(language, templates_dir, locales_dir)
    ui = load_translations(language, "messages", locales_dir)
    # No date given, none printed: the time of the build would make each build's PDFs differ.
    stamp = w3c_date(source_date) if source_date is not None else None
    docs = printed_documents(site)
    if only is not None:
        wanted = set(only)
        docs = [d for d in docs if d.pdf_rel in wanted]
    output = OutputFormat(env, lambda doc: TEMPLATES[doc.kind], "print/_pending.html.j2", _with_notice)
    fmt = Formatter(language)
    rendered = render_documents(site, docs, output, lambda doc: {"meta": meta(doc, site, ui, stamp, fmt)})
    return {doc.pdf_rel: html for doc, html in rendered.items()}
