"""schema.org JSON-LD for a guide's page in a province: the service (GovernmentService: who
provides it, where, through which offices and channels) and how to get it (HowTo: the steps, the
documents to bring, the cost, the law it rests on), for search engines and other sites. Text shown
for want of a translation is tagged with its language (a JSON-LD value object), never passed off
as a translation. Validated against schema.org's vocabulary by tests/outputs/test_structured_data.py."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..config import SOURCE_LANGUAGE, Language, site_url
from ..core.model import Channel, LocalChannel
from ..core.resolve import Cited, ProvinceGuide
from ..i18n.messages import Untranslated
from .documents import Doc

JSON_LD_OPEN = '<script type="application/ld+json">'


def _text(value: Any) -> Any:
    if isinstance(value, Untranslated):
        return {"@value": str(value), "@language": SOURCE_LANGUAGE}
    return str(value)


def _law(c: Cited) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Legislation", "name": _text(c.law.title)}
    if c.law.document_number:
        node["legislationIdentifier"] = c.law.document_number
    if c.law.url:
        node["url"] = c.law.url
    node["legislationDate"] = c.law.promulgated.isoformat()
    return node


def json_ld(pg: ProvinceGuide, language: Language) -> dict[str, Any]:
    g, p = pg.guide, pg.province
    url = site_url(language) + Doc.guide_in(g.id, p.slug).url
    name = f"{g.title} · {p.name}"
    area = {"@type": "State", "name": _text(p.name), "containedInPlace": {"@type": "Country", "name": "CN"}}
    channels: list[dict[str, Any]] = []
    for o in pg.offices:
        office: dict[str, Any] = {"@type": "ServiceChannel", "name": _text(o.name)}
        if o.address:
            office["serviceLocation"] = {"@type": "Place", "name": _text(o.name), "address": _text(o.address)}
        if o.phone:
            office["servicePhone"] = {"@type": "ContactPoint", "telephone": o.phone}
        channels.append(office)
    online: list[Channel | LocalChannel] = [*pg.national_channels, *pg.local_channels]
    for c in online:
        channel: dict[str, Any] = {"@type": "ServiceChannel", "name": _text(c.name)}
        if c.url:
            channel["serviceUrl"] = c.url
        channels.append(channel)
    service: dict[str, Any] = {
        "@type": "GovernmentService",
        "@id": url + "#service",
        "name": _text(name) if not isinstance(g.title, Untranslated) else _text(g.title),
        "description": _text(g.summary),
        "url": url,
        "serviceType": _text(g.title),
        "areaServed": area,
        "provider": [
            {
                "@type": "GovernmentOrganization",
                "name": _text(getattr(p.departments, agency).name),
                "url": getattr(p.departments, agency).website,
            }
            for agency in g.agencies
        ],
    }
    if channels:
        service["availableChannel"] = channels
    howto: dict[str, Any] = {
        "@type": "HowTo",
        "@id": url + "#howto",
        "name": service["name"],
        "description": _text(g.summary),
        "url": url,
        "inLanguage": language.code,
        "about": {"@id": url + "#service"},
        "step": [
            {"@type": "HowToStep", "position": i, "name": _text(rs.step.title), "text": _text(rs.step.text.strip())}
            for i, rs in enumerate(pg.steps, 1)
        ],
        "supply": [
            {"@type": "HowToSupply", "name": _text(rm.material.name), "requiredQuantity": rm.count}
            for rm in pg.materials
        ],
        "citation": [_law(c) for c in pg.legal_basis],
    }
    if pg.fee.amount is not None:
        howto["estimatedCost"] = {"@type": "MonetaryAmount", "currency": "CNY", "value": pg.fee.amount}
    return {"@context": "https://schema.org", "@graph": [service, howto]}


def script(data: dict[str, Any]) -> Markup:
    """A <script type="application/ld+json"> element; "<", ">" and "&" escaped as JSON allows, so
    no text inside can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f"{JSON_LD_OPEN}{text}</script>")
