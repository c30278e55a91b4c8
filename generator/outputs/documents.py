"""The documents of the site, one enumeration for every output: each document (kind, guide or
journey or law id, province) owns its paths. A page is its Markdown source (MkDocs turns it into
HTML at the matching URL); guides, journeys and province books in a province are also printed as
PDFs. Templates link with `href(Doc.guide_in(...))`, never by building paths themselves, and the
live preview asks a document what it shows to know whether a change reaches it."""

from __future__ import annotations

import posixpath
import typing
from dataclasses import dataclass
from enum import StrEnum

from ..core.model import Holder
from ..core.plan import PREVIOUS_SLOTS
from ..core.resolve import Site


class Kind(StrEnum):
    HOME = "home"
    GUIDES = "guides"  # the list of guides and journeys
    JOURNEYS = "journeys"  # the list of journeys (what /journeys/ answers)
    PROVINCES = "provinces"  # the list of provinces
    LAWS = "laws"  # the list of laws
    MATERIALS = "materials"
    FRESHNESS = "freshness"
    GUIDE = "guide"  # a guide, nationally, with the table of provinces
    GUIDE_IN = "guide-in"  # a guide as it applies in one province
    JOURNEY = "journey"
    JOURNEY_IN = "journey-in"
    PROVINCE = "province"  # a province's page (and its book of all guides, in print)
    LAW = "law"
    PLAN = "plan"  # the personal plan: the reader's choices in, one checklist out (composed in the browser)
    PLAN_DATA = "plan-data"  # what the plan page composes from: one script of data per province, one common


# Kinds that are also printed (a PDF beside the page, at pdf/<the page's path>.pdf).
PRINTED = (Kind.GUIDE_IN, Kind.JOURNEY_IN, Kind.PROVINCE)
PDF_DIR = "pdf"

_FIXED = {
    Kind.HOME: "index.md",
    Kind.GUIDES: "guides/index.md",
    Kind.JOURNEYS: "journeys/index.md",
    Kind.PROVINCES: "provinces/index.md",
    Kind.LAWS: "laws/index.md",
    Kind.MATERIALS: "materials.md",
    Kind.FRESHNESS: "freshness.md",
    # A folder of its own, so that its data (plan/data/) is beside it both as /plan/ and, in the offline
    # bundle (no directory URLs), as plan/index.html.
    Kind.PLAN: "plan/index.md",
}


@dataclass(frozen=True)
class Doc:
    kind: Kind
    id: str | None = None  # the guide, journey or law
    province: str | None = None  # the province's slug

    # --- naming a document (templates: Doc.guide_in(g.id, p.slug)) ---
    @classmethod
    def home(cls) -> Doc:
        return cls(Kind.HOME)

    @classmethod
    def guides(cls) -> Doc:
        return cls(Kind.GUIDES)

    @classmethod
    def journeys(cls) -> Doc:
        return cls(Kind.JOURNEYS)

    @classmethod
    def provinces(cls) -> Doc:
        return cls(Kind.PROVINCES)

    @classmethod
    def laws(cls) -> Doc:
        return cls(Kind.LAWS)

    @classmethod
    def materials(cls) -> Doc:
        return cls(Kind.MATERIALS)

    @classmethod
    def freshness(cls) -> Doc:
        return cls(Kind.FRESHNESS)

    @classmethod
    def guide(cls, guide: str) -> Doc:
        return cls(Kind.GUIDE, guide)

    @classmethod
    def guide_in(cls, guide: str, province: str) -> Doc:
        return cls(Kind.GUIDE_IN, guide, province)

    @classmethod
    def journey(cls, journey: str) -> Doc:
        return cls(Kind.JOURNEY, journey)

    @classmethod
    def journey_in(cls, journey: str, province: str) -> Doc:
        return cls(Kind.JOURNEY_IN, journey, province)

    @classmethod
    def province_page(cls, province: str) -> Doc:
        return cls(Kind.PROVINCE, province=province)

    @classmethod
    def law(cls, law: str) -> Doc:
        return cls(Kind.LAW, law)

    @classmethod
    def plan(cls) -> Doc:
        return cls(Kind.PLAN)

    @classmethod
    def plan_data(cls, province: str | None = None) -> Doc:
        """The plan's data about one province (its guides as resolved there), or the common part."""
        return cls(Kind.PLAN_DATA, province=province)

    # --- where it is ---
    @property
    def path(self) -> str:
        """The page's Markdown source, relative to the language's docs folder."""
        if self.kind in _FIXED:
            return _FIXED[self.kind]
        if self.kind is Kind.GUIDE:
            return f"guides/{self.id}/index.md"
        if self.kind is Kind.GUIDE_IN:
            return f"guides/{self.id}/{self.province}.md"
        if self.kind is Kind.JOURNEY:
            return f"journeys/{self.id}/index.md"
        if self.kind is Kind.JOURNEY_IN:
            return f"journeys/{self.id}/{self.province}.md"
        if self.kind is Kind.PROVINCE:
            return f"provinces/{self.province}.md"
        if self.kind is Kind.PLAN_DATA:
            return f"plan/data/{self.province or 'common'}.js"
        return f"laws/{self.id}.md"

    @property
    def url(self) -> str:
        """The page's address relative to its language's root, as the site serves it (folders):
        guides/x/zhejiang/."""
        path = self.path.removesuffix(".md")
        path = path.removesuffix("index")
        return path if not path or path.endswith("/") else path + "/"

    @property
    def file_url(self) -> str:
        """The page's address in an offline bundle, built without directory URLs so that file://
        finds the file: guides/x/zhejiang.html."""
        return self.path.removesuffix(".md") + ".html"

    @property
    def printed(self) -> bool:
        return self.kind in PRINTED

    @property
    def pdf_path(self) -> str:
        """The PDF, relative to the language's root: pdf/<the page's path>.pdf."""
        assert self.printed, f"{self} has no PDF"
        return f"{PDF_DIR}/{self.path.removesuffix('.md')}.pdf"

    @property
    def pdf_rel(self) -> str:
        """The PDF, relative to the language's pdf/ folder."""
        return self.pdf_path.removeprefix(PDF_DIR + "/")

    def href_to(self, target: Doc, output: str = "page") -> str:
        """A relative link from this document's page to `target`'s page (its Markdown source, which
        MkDocs checks and rewrites) or its PDF."""
        path = target.pdf_path if output == "pdf" else target.path
        return posixpath.relpath(path, posixpath.dirname(self.path) or ".")

    # --- what it shows (the live preview renders it again when one of these changes) ---
    @property
    def shows_province(self) -> str | None:
        """The one province whose data the document shows (of the others only their slug and short
        name); None for a document about all of them, or none."""
        return self.province

    @property
    def shows_guide(self) -> str | None:
        """The one guide the document shows; None for one about all guides, or none."""
        return self.id if self.kind in (Kind.GUIDE, Kind.GUIDE_IN) else None


def documents(site: Site) -> list[Doc]:
    """Every document of the site, in the order the site lists them."""
    docs = [Doc.home(), Doc.guides(), Doc.provinces(), Doc.laws(), Doc.materials(), Doc.freshness()]
    if site.journeys:
        docs.insert(2, Doc.journeys())
    for guide in site.guides:
        docs.append(Doc.guide(guide))
        docs += [Doc.guide_in(guide, slug) for slug in site.provinces]
    for journey in site.journeys:
        docs.append(Doc.journey(journey))
        docs += [Doc.journey_in(journey, slug) for slug in site.provinces]
    docs += [Doc.province_page(slug) for slug in site.provinces]
    docs += [Doc.law(law) for law in site.laws]
    if site.plan is not None:
        docs.append(Doc.plan())
    return docs


def plan_data_documents(site: Site) -> list[Doc]:
    """The plan page's data: the common part, then one per province."""
    if site.plan is None:
        return []
    return [Doc.plan_data(), *(Doc.plan_data(slug) for slug in site.provinces)]


def printed_documents(site: Site) -> list[Doc]:
    """The documents that are also PDFs: every guide and journey in every province, then each
    province's book of all its guides."""
    docs = [Doc.guide_in(g, slug) for g in site.guides for slug in site.provinces]
    docs += [Doc.journey_in(j, slug) for j in site.journeys for slug in site.provinces]
    docs += [Doc.province_page(slug) for slug in site.provinces]
    return docs


def context(doc: Doc, site: Site) -> dict[str, object]:
    """The objects a document's templates (page and print) need, besides the site itself."""
    if doc.kind is Kind.GUIDE:
        assert doc.id is not None
        return {"guide": site.guides[doc.id], "rows": [site.province_guides[(doc.id, s)] for s in site.provinces]}
    if doc.kind is Kind.GUIDE_IN:
        pg = site.province_guides[(doc.id, doc.province)]  # type: ignore[index]
        return {"pg": pg, "province": pg.province}
    if doc.kind is Kind.JOURNEY:
        assert doc.id is not None
        return {"journey": site.journeys[doc.id]}
    if doc.kind is Kind.JOURNEY_IN:
        pj = site.province_journeys[(doc.id, doc.province)]  # type: ignore[index]
        return {"pj": pj, "province": pj.province}
    if doc.kind is Kind.PROVINCE:
        assert doc.province is not None
        return {
            "province": site.provinces[doc.province],
            "guides": [site.province_guides[(g, doc.province)] for g in site.guides],
        }
    if doc.kind is Kind.LAW:
        assert doc.id is not None
        return {"law": site.laws[doc.id]}
    if doc.kind is Kind.PLAN:
        return {"slots": PREVIOUS_SLOTS, "holders": typing.get_args(Holder)}
    return {}
