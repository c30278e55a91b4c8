"""Every page leads back to its source: the file (and line) of the repository an editor changes to
correct what the page says, and the issue form a reader reports a problem with, prefilled with the
page. Plain links to the repository's host (config.repository_url): no script, nothing sent until
the reader submits the form there; absolute, so they work from the offline bundle too (online)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup, escape

from ..config import REPORT_FORM, repository_branch, repository_url
from ..core.origins import Origin
from ..core.resolve import Site
from .documents import Doc, Kind

# The index pages (home, lists) are made by their templates from every file: they link to it.
_TEMPLATE_OF = {
    Kind.HOME: "home.md.j2",
    Kind.GUIDES: "guides_index.md.j2",
    Kind.JOURNEYS: "journeys_index.md.j2",
    Kind.PROVINCES: "provinces_index.md.j2",
    Kind.LAWS: "laws_index.md.j2",
    Kind.FRESHNESS: "freshness.md.j2",
}
TEMPLATES_FOLDER = "templates"


def page_origin(doc: Doc, site: Site) -> Origin:
    """The file saying what `doc` shows: a province's for its pages, the guide's, journey's or law's
    for the national ones, the registry's for the materials and the plan, the template for lists."""
    origins = site.origins
    found: Origin | None = None
    if doc.province is not None and doc.kind in (Kind.GUIDE_IN, Kind.JOURNEY_IN, Kind.PROVINCE):
        found = origins.of("provinces", doc.province)
    elif doc.kind is Kind.GUIDE and doc.id:
        found = origins.of("guides", doc.id)
    elif doc.kind is Kind.JOURNEY and doc.id:
        found = origins.of("journeys", doc.id)
    elif doc.kind is Kind.LAW and doc.id:
        found = origins.of("laws", doc.id)
    elif doc.kind is Kind.MATERIALS:
        found = origins.of("materials")
    elif doc.kind is Kind.PLAN:
        found = origins.of("plan")
    if found is None:
        found = Origin(f"{TEMPLATES_FOLDER}/{_TEMPLATE_OF.get(doc.kind, 'home.md.j2')}")
    return found


def national_origin(doc: Doc, site: Site) -> Origin | None:
    """For a page of a guide or journey in a province, the national file its common text is from."""
    if doc.kind is Kind.GUIDE_IN and doc.id:
        return site.origins.of("guides", doc.id)
    if doc.kind is Kind.JOURNEY_IN and doc.id:
        return site.origins.of("journeys", doc.id)
    return None


def blob_url(origin: Origin) -> Markup:
    """The file on the repository's host, at its line: where to read it and start editing."""
    line = f"#L{origin.line}" if origin.line else ""
    return Markup(escape(f"{repository_url()}blob/{quote(repository_branch())}/{quote(origin.path)}{line}"))


def edit_url(origin: Origin) -> Markup:
    """The host's editor on the file (it offers a fork to whoever cannot write to the repository)."""
    return Markup(escape(f"{repository_url()}edit/{quote(repository_branch())}/{quote(origin.path)}"))


def page_title(doc: Doc, site: Site) -> str:
    """What the page is about, in its language, for the report's title (plain text)."""
    if doc.kind is Kind.GUIDE_IN:
        pg = site.province_guides[(doc.id, doc.province)]  # type: ignore[index]
        return f"{pg.guide.title} · {pg.province.name}"
    if doc.kind is Kind.JOURNEY_IN:
        pj = site.province_journeys[(doc.id, doc.province)]  # type: ignore[index]
        return f"{pj.journey.title} · {pj.province.name}"
    if doc.kind is Kind.GUIDE and doc.id:
        return str(site.guides[doc.id].title)
    if doc.kind is Kind.JOURNEY and doc.id:
        return str(site.journeys[doc.id].title)
    if doc.kind is Kind.PROVINCE and doc.province:
        return str(site.provinces[doc.province].name)
    if doc.kind is Kind.LAW and doc.id:
        return str(site.laws[doc.id].title)
    return "/" + doc.url


def report_url(doc: Doc, site: Site, page_address: str, prefix: str) -> Markup:
    """The issue form (.github/ISSUE_TEMPLATE/report-a-problem.yml) with the page filled in: its
    address, title and province (the form's ids `page` and `province`; the province is what the
    labelling workflow gives the issue its label by, for that province's reviewers)."""
    query = {"template": REPORT_FORM, "title": f"{prefix}{page_title(doc, site)}", "page": page_address}
    if doc.province:
        query["province"] = doc.province
    return Markup(escape(f"{repository_url()}issues/new?{urlencode(query, quote_via=quote)}"))


@jinja2.pass_context
def _report_url(ctx: jinja2.runtime.Context, prefix: str) -> Markup:
    doc: Doc = ctx["doc"]
    return report_url(doc, ctx["site"], ctx["site_url"] + doc.url, str(prefix))


@jinja2.pass_context
def _page_origin(ctx: jinja2.runtime.Context) -> Origin:
    return page_origin(ctx["doc"], ctx["site"])


@jinja2.pass_context
def _national_origin(ctx: jinja2.runtime.Context) -> Origin | None:
    return national_origin(ctx["doc"], ctx["site"])


def install(env: jinja2.Environment) -> None:
    env.globals.update(
        blob_url=blob_url,
        edit_url=edit_url,
        report_url=_report_url,
        page_origin=_page_origin,
        national_origin=_national_origin,
    )
