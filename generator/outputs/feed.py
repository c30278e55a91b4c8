"""An Atom feed per language (feed.xml at its root) of content changes, from the repository's
history (core/history.py): one entry per commit and thing it changed — a province's data, a guide,
a journey, a law, the materials, the plan's rules — linking to its page, titled in the language.
Dates are the commits' own: the same commit gives the same bytes."""

from __future__ import annotations

import gettext
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ..config import ZIP_EPOCH, Language, site_url
from ..core.history import ContentChange
from ..core.resolve import Site
from ..i18n.messages import N_
from .documents import Doc

FEED_FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100

FEED_TITLE = N_("跨省社保办事指南：内容更新")
CHANGED_PROVINCE = N_("%(province)s的信息有更新")
CHANGED_GUIDE = N_("指南有更新：%(title)s")
CHANGED_JOURNEY = N_("组合流程有更新：%(title)s")
CHANGED_LAW = N_("法规有更新：%(title)s")
CHANGED_MATERIALS = N_("材料说明有更新")
CHANGED_PLAN = N_("办事清单的规则有更新")


def _thing(path: str, site: Site, ui: gettext.NullTranslations) -> tuple[Doc, str] | None:
    """The page a changed data file is shown on, and the entry's title; None for a file the site no
    longer has (or never showed)."""
    p = PurePosixPath(path)
    stem = p.stem
    if p.parent.as_posix() == "data/provinces" and stem in site.provinces:
        return Doc.province_page(stem), ui.gettext(CHANGED_PROVINCE) % {"province": site.provinces[stem].name}
    if p.parent.as_posix() == "content/guides" and stem in site.guides:
        return Doc.guide(stem), ui.gettext(CHANGED_GUIDE) % {"title": site.guides[stem].title}
    if p.parent.as_posix() == "content/journeys" and stem in site.journeys:
        return Doc.journey(stem), ui.gettext(CHANGED_JOURNEY) % {"title": site.journeys[stem].title}
    if p.parent.as_posix() == "content/laws" and stem in site.laws:
        return Doc.law(stem), ui.gettext(CHANGED_LAW) % {"title": site.laws[stem].title}
    if path == "content/materials.yaml":
        return Doc.materials(), ui.gettext(CHANGED_MATERIALS)
    if path == "content/plan.yaml" and site.plan is not None:
        return Doc.plan(), ui.gettext(CHANGED_PLAN)
    return None


def _date(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_feed(
    site: Site,
    language: Language,
    history: tuple[ContentChange, ...],
    ui: gettext.NullTranslations,
    source_date: int | None = None,
) -> str:
    base = site_url(language)
    host = urlsplit(base).hostname or "localhost"
    entries = []
    for change in history:
        for path in change.paths:
            found = _thing(path, site, ui)
            if found:
                entries.append((change, path, *found))
    entries = entries[:MAX_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language.code})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add(feed, "id", base + FEED_FILE)
    add(feed, "title", str(ui.gettext(FEED_TITLE)))
    updated = entries[0][0].time if entries else (source_date or ZIP_EPOCH)
    add(feed, "updated", _date(updated))
    add(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_FILE)
    add(feed, "link", rel="alternate", type="text/html", href=base)
    author = add(feed, "author")
    add(author, "name", str(ui.gettext(FEED_TITLE)))
    for change, path, doc, title in entries:
        entry = add(feed, "entry")
        day = datetime.fromtimestamp(change.time, UTC).strftime("%Y-%m-%d")
        add(entry, "id", f"tag:{host},{day}:{change.commit}/{path}")
        add(entry, "title", str(title))
        add(entry, "updated", _date(change.time))
        add(entry, "link", rel="alternate", type="text/html", href=base + doc.url)
        add(entry, "summary", change.subject)
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
