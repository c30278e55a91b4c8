"""Open data: per language, beside the pages, every guide as it applies in every province as JSON
(data/guides/<guide>/<province>.json), an index of all of them with their addresses and how much of
each is checked (data/index.json), and the JSON Schema of both (data/schema/), generated from the
typed models below like the editors' schema is from core/model.py. Written after MkDocs, into the
site only (not the offline bundles, which are for reading)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..config import Language, site_url
from ..core.facts import Verification
from ..core.resolve import Cited, ProvinceGuide, Site
from ..i18n.messages import Untranslated
from .documents import Doc

DATA_DIR = "data"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenVerification(_Open):
    checked: int = Field(description="facts a person compared with their official sources")
    entered: int = Field(description="facts entered from secondary sources, awaiting a check (待核实)")
    oldest_check: date | None = Field(description="the oldest check among the checked facts")


class OpenCitation(_Open):
    law: str = Field(description="the law's id on this site")
    title: str
    document_number: str | None = None
    article: int | None = Field(description="article (or point) number; null: the document as a whole")
    page: str = Field(description="the law's page on this site, with the article quoted")
    official_url: str | None = Field(description="the official text, where known")
    official_url_checked: bool


class OpenTimeLimit(_Open):
    working_days: int | None
    note: str | None


class OpenStep(_Open):
    id: str
    title: str
    place: str = Field(description="where it is done, by the role the place plays for the person")
    by: str = Field(description="you: the person (or their employer); agencies: the offices between themselves")
    optional: bool
    agency: str | None
    text: str
    time_limit: OpenTimeLimit | None
    origin: str = Field(description="national, or added / replaced by the province")
    legal_basis: list[OpenCitation]


class OpenMaterial(_Open):
    id: str
    name: str
    form: str
    count: int
    required: bool
    note: str | None
    local: bool = Field(description="required by the province in addition to the national list")
    alternatives: list[str] = Field(description="ids of materials any one of which will do")


class OpenOffice(_Open):
    id: str
    name: str
    address: str | None
    hours: str | None
    phone: str | None
    checked: date | None
    entered: date | None
    sources: list[str]


class OpenChannel(_Open):
    name: str
    kind: str
    scope: str = Field(description="national or province")
    url: str | None
    note: str | None
    checked: date | None
    entered: date | None


class OpenFee(_Open):
    amount: float | None = Field(description="CNY; 0 is free; null: set locally")
    currency: str = "CNY"
    note: str | None


class OpenNote(_Open):
    audience: str
    text: str
    legal_basis: list[OpenCitation]


class OpenRef(_Open):
    id: str
    title: str


class OpenProvince(_Open):
    slug: str
    code: str = Field(description="GB/T 2260 division code")
    name: str
    short_name: str


class OpenUrls(_Open):
    page: str
    json_: str = Field(alias="json")
    pdf: str | None


class GuideInProvince(_Open):
    """One guide as it applies in one province, in one language."""

    model_config = ConfigDict(title="guidesite: a guide in a province", populate_by_name=True)

    language: str
    guide: OpenRef
    province: OpenProvince
    role: str = Field(description="the role the province plays for the person this version is for")
    urls: OpenUrls
    summary: str
    conditions: list[str]
    steps: list[OpenStep]
    materials: list[OpenMaterial]
    fee: OpenFee
    time_limit: OpenTimeLimit | None
    visits: int | None
    outcome: str
    offices: list[OpenOffice]
    channels: list[OpenChannel]
    legal_basis: list[OpenCitation]
    audience_notes: list[OpenNote]
    verification: OpenVerification
    sources: list[str]
    translation_pending: bool = Field(description="some text is shown in Chinese for want of a translation")


class IndexEntry(_Open):
    guide: str
    province: str
    title: str
    province_name: str
    urls: OpenUrls
    verification: OpenVerification


class Index(_Open):
    """Every guide in every province, in one language."""

    model_config = ConfigDict(title="guidesite: index of guides by province")

    language: str
    site: str
    schema_: str = Field(alias="schema", description="the JSON Schema of each entry's JSON file")
    entries: list[IndexEntry]


SCHEMAS: dict[str, type[BaseModel]] = {"guide-in-province": GuideInProvince, "index": Index}


def schema_url(name: str) -> str:
    """Published once, at the site's root: data/schema/<name>.schema.json."""
    return f"{site_url()}{DATA_DIR}/schema/{name}.schema.json"


def schemas() -> dict[str, str]:
    """data/schema/<name>.schema.json -> its text."""
    out = {}
    for name, model in SCHEMAS.items():
        body = model.model_json_schema(mode="serialization", by_alias=True)
        schema = {"$schema": SCHEMA_DIALECT, "$id": schema_url(name), **body}
        out[f"{DATA_DIR}/schema/{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
    return out


class _Pending:
    """Plain text out of the localized model, noting whether any stood in for a translation."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, value: Any) -> Any:
        if isinstance(value, Untranslated):
            self.found = True
        return None if value is None else str(value)


def _verification(v: Verification) -> OpenVerification:
    return OpenVerification(checked=v.checked, entered=v.entered, oldest_check=v.oldest_check)


def _urls(language: Language, guide: str, province: str, pdfs: bool) -> OpenUrls:
    doc = Doc.guide_in(guide, province)
    base = site_url(language)
    return OpenUrls(
        page=base + doc.url,
        json=f"{base}{DATA_DIR}/guides/{guide}/{province}.json",
        pdf=base + doc.pdf_path if pdfs else None,
    )


def guide_in_province(pg: ProvinceGuide, language: Language, pdfs: bool) -> GuideInProvince:
    t = _Pending()
    base = site_url(language)

    def cite(c: Cited) -> OpenCitation:
        return OpenCitation(
            law=c.law.id,
            title=t(c.law.title),
            document_number=c.law.document_number,
            article=c.article.number if c.article else None,
            page=base + Doc.law(c.law.id).url + (f"#article-{c.article.number}" if c.article else ""),
            official_url=c.law.url,
            official_url_checked=c.law.checked is not None,
        )

    def limit(tl: Any) -> OpenTimeLimit | None:
        return OpenTimeLimit(working_days=tl.working_days, note=t(tl.note)) if tl else None

    g, p = pg.guide, pg.province

    def channel(c: Any, scope: str) -> OpenChannel:
        return OpenChannel(
            name=t(c.name), kind=c.kind, scope=scope, url=c.url, note=t(c.note), checked=c.checked, entered=c.entered
        )

    channels = [channel(c, "national") for c in pg.national_channels]
    channels += [channel(c, "province") for c in pg.local_channels]
    record = GuideInProvince(
        language=language.code,
        guide=OpenRef(id=g.id, title=t(g.title)),
        province=OpenProvince(slug=p.slug, code=p.code, name=t(p.name), short_name=t(p.short_name)),
        role=pg.role,
        urls=_urls(language, g.id, p.slug, pdfs),
        summary=t(g.summary),
        conditions=[t(c) for c in g.conditions],
        steps=[
            OpenStep(
                id=rs.step.id,
                title=t(rs.step.title),
                place=rs.step.place,
                by=rs.step.by,
                optional=rs.step.optional,
                agency=rs.step.agency,
                text=t(rs.step.text),
                time_limit=limit(rs.step.time_limit),
                origin=rs.origin,
                legal_basis=[cite(c) for c in rs.legal_basis],
            )
            for rs in pg.steps
        ],
        materials=[
            OpenMaterial(
                id=rm.material.id,
                name=t(rm.material.name),
                form=rm.form,
                count=rm.count,
                required=rm.required,
                note=t(rm.note),
                local=rm.local,
                alternatives=[a.id for a in rm.alternatives],
            )
            for rm in pg.materials
        ],
        fee=OpenFee(amount=pg.fee.amount, note=t(pg.fee.note)),
        time_limit=limit(pg.time_limit),
        visits=g.visits,
        outcome=t(g.outcome),
        offices=[
            OpenOffice(
                id=o.id,
                name=t(o.name),
                address=t(o.address),
                hours=t(o.hours),
                phone=o.phone,
                checked=o.checked,
                entered=o.entered,
                sources=list(o.sources),
            )
            for o in pg.offices
        ],
        channels=channels,
        legal_basis=[cite(c) for c in pg.legal_basis],
        audience_notes=[
            OpenNote(audience=n.audience, text=t(n.text), legal_basis=[cite(c) for c in n.legal_basis])
            for n in pg.notes
        ],
        verification=_verification(pg.verification),
        sources=pg.sources,
        translation_pending=False,
    )
    return record.model_copy(update={"translation_pending": t.found})


def _dump(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=1) + "\n"


def render_open_data(site: Site, language: Language, *, pdfs: bool, with_schemas: bool) -> dict[str, str]:
    """Site-relative path (within the language's folder) -> JSON text."""
    out = {}
    entries = []
    for (guide, province), pg in site.province_guides.items():
        record = guide_in_province(pg, language, pdfs)
        out[f"{DATA_DIR}/guides/{guide}/{province}.json"] = _dump(record)
        entries.append(
            IndexEntry(
                guide=guide,
                province=province,
                title=record.guide.title,
                province_name=record.province.name,
                urls=record.urls,
                verification=record.verification,
            )
        )
    index = Index(
        language=language.code, site=site_url(language), schema=schema_url("guide-in-province"), entries=entries
    )
    out[f"{DATA_DIR}/index.json"] = _dump(index)
    if with_schemas:
        out.update(schemas())
    return out


def write_files(files: dict[str, str], folder: Path) -> None:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
