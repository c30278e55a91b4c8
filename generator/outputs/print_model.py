"""The print model: each printed document (each guide and journey in each province, each
province's book of all its guides) as plain data, built straight from the same documents and
presentation rules as the pages, for templates/typst/ to lay out.

A document is a small tree: each element is `{"t": kind, "a": {attribute: value}, "c": [children]}`,
its kinds those of a printed page (h1-h4, p, ul, ol, li, table, dl, blockquote, div, section,
strong, a, span, br) and its classes the template's styles (`meta`, `url`, `box`...); each text is
a JSON string holding the editors' or translators' text as typed. Typst reads the tree with
`json(bytes(sys.inputs.data))` and never evaluates a value: a YAML field or a translation that
reads `#set page(fill: red)` is printed as those characters. Nothing here is markup, and no
string is escaped, parsed or joined into a language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..config import LOCALES_DIR, MEDICAL_HOTLINE, SOURCE_LANGUAGE
from ..core import model as m
from ..core.facts import Verification, verification
from ..core.resolve import Cited, ProvinceGuide, ProvinceJourney, ResolvedOnline, ResolvedStep, Site
from ..i18n.locale import Formatter
from ..i18n.messages import (
    CHINESE_RUN,
    N_,
    KeepsChinese,
    Untranslated,
    load_translations,
    note_pending,
    recording_pending,
)
from .documents import Doc, Kind, context, printed_documents
from .presentation import (
    AGENCY_LABELS,
    AUDIENCE_LABELS,
    CHANNEL_KIND_LABELS,
    FORM_LABELS,
    HOLDER_LABELS,
    Presenter,
    by_city,
    numbered,
)

Node = dict[str, Any]
Child = str | Node
FIND_HRSS_OFFICES = N_(
    "网站上的“办事大厅”“服务网点”或“办事指南”栏目，或拨打“城市区号 + %(hotline)s”询问你所在城市的社保经办机构。"
)
# A line break or a run of spaces inside a value is one space on paper, as in a browser.
_SPACE = re.compile(r"\s+")


def _join(children: Iterable[Any]) -> list[Child]:
    """Children as a flat list: nested lists spliced in, None and "" left out, neighbouring texts
    joined (Typst gets one text where the document has one)."""
    out: list[Child] = []
    for child in children:
        if child is None or child == "":
            continue
        if isinstance(child, list):
            for item in _join(child):
                if isinstance(item, str) and out and isinstance(out[-1], str):
                    out[-1] += item
                else:
                    out.append(item)
        elif isinstance(child, str):
            if out and isinstance(out[-1], str):
                out[-1] += str(child)
            else:
                out.append(str(child))
        else:
            out.append(child)
    return out


# Elements laid out as blocks: text beside them, or at their own edges, has no space to keep.
_BLOCKS = {
    "section", "div", "footer", "ul", "ol", "li", "table", "thead", "tbody", "tr",
    "dl", "blockquote", "h1", "h2", "h3", "h4", "p", "td", "th", "dt", "dd",
}  # fmt: skip


def _trimmed(children: list[Child]) -> list[Child]:
    out: list[Child] = []
    for i, child in enumerate(children):
        if isinstance(child, str):
            before = children[i - 1] if i > 0 else None
            after = children[i + 1] if i + 1 < len(children) else None
            if before is None or (isinstance(before, dict) and before["t"] in _BLOCKS):
                child = child.lstrip()
            if after is None or (isinstance(after, dict) and after["t"] in _BLOCKS):
                child = child.rstrip()
            if not child:
                continue
        out.append(child)
    return out


def el(tag: str, *children: Any, cls: str | None = None, **attrs: str) -> Node:
    """An element of the print model."""
    node: Node = {"t": tag, "c": _trimmed(_join(children)) if tag in _BLOCKS else _join(children)}
    if cls:
        attrs = {"class": cls, **attrs}
    if attrs:
        node["a"] = attrs
    return node


def page_label(pattern: str) -> list[str]:
    """A translated "第 {page} 页，共 {pages} 页" cut into text and the names of the counters."""
    return [piece for piece in re.split(r"(\{pages?\})", pattern) if piece]


def w3c_date(source_date: int) -> str:
    """The build's date (SOURCE_DATE_EPOCH, for reproducible builds) as a W3C date-time."""
    return datetime.fromtimestamp(source_date, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Meta:
    """What goes into the PDF's document information: plain strings."""

    title: str
    author: str
    subject: str
    keywords: list[str]
    verified: str  # how much of the province's data it shows is checked (the footer of every page)
    date: str | None  # W3C date-time for the PDF's creation and modification dates


class PrintBuilder:
    """The print models of one language's documents: its interface catalog, locale and the
    presentation rules the pages use, with values kept as plain text."""

    def __init__(self, site: Site, language: str, locales_dir: Path = LOCALES_DIR) -> None:
        self.site = site
        self.language = language
        self.ui = load_translations(language, "messages", locales_dir)
        self.fmt = Formatter(language)
        # The presenter composes labels as Markup; its values are escaped for HTML here and the
        # label unescaped at the end (`_label`), so that every character comes out as typed.
        self.present = Presenter(self.ui, self.fmt, self._escaped, language)

    # --- text ------------------------------------------------------------------------------

    def _(self, message: str, **values: Any) -> str:
        text = str(self.ui.gettext(message))
        return text % values if values else text

    @staticmethod
    def _escaped(value: Any) -> Markup:
        if value is None:
            raise ValueError("a print model printed None: check the field is present before printing it")
        if isinstance(value, Untranslated):
            note_pending(str(value))
        return escape(str(value))

    def text(self, value: Any) -> list[Child]:
        """A value from the model as it prints: a source text standing in for a missing
        translation is marked as Chinese (and reported as pending); a translation keeping Chinese
        names has each run of Chinese marked."""
        if value is None:
            raise ValueError("a print model printed None: check the field is present before printing it")
        if isinstance(value, Untranslated):
            note_pending(str(value))
            return [el("span", _SPACE.sub(" ", value), cls="untranslated", lang=SOURCE_LANGUAGE)]
        if isinstance(value, KeepsChinese):
            value = KeepsChinese(_SPACE.sub(" ", value))
            out: list[Child] = []
            last = 0
            for run in CHINESE_RUN.finditer(value):
                out += [value[last : run.start()], el("span", run.group(), lang=SOURCE_LANGUAGE)]
                last = run.end()
            return _join([*out, value[last:]])
        if isinstance(value, Markup):
            return [value.unescape()]
        return [_SPACE.sub(" ", str(value))]

    def _label(self, markup: Markup) -> str:
        """A label the presenter composed, as plain text."""
        return markup.unescape()

    def paragraphs(self, text: Any) -> list[Node]:
        kind = type(text) if isinstance(text, (Untranslated, KeepsChinese)) else str
        return [el("p", self.text(kind(line.strip()))) for line in str(text).strip().splitlines() if line.strip()]

    def url(self, address: str) -> Node:
        return el("a", address, cls="url", href=address)

    def link(self, text: Any, address: str) -> list[Child]:
        """A link whose text is not its URL: the URL is printed beside it, for paper."""
        return [el("a", self.text(text), href=address), " ", el("span", address, cls="url")]

    def cite(self, c: Cited) -> str:
        if c.article is None:
            return self._(N_("《%(title)s》"), title=c.law.title)
        if c.law.numbering == "points":
            return self._(N_("《%(title)s》第 %(n)s 点"), title=c.law.title, n=c.article.number)
        return self._(N_("《%(title)s》第 %(n)s 条"), title=c.law.title, n=c.article.number)

    def cites(self, cited: list[Cited]) -> str:
        return self._("；").join(self.cite(c) for c in cited)

    def online(self, o: ResolvedOnline) -> list[Child]:
        """A channel a province names for doing a guide or a step online: not a step of its own."""
        scope = self._("，全国") if o.national else self._("，本省")
        kind = self._(CHANNEL_KIND_LABELS[o.channel.kind])
        out: list[Any] = [el("strong", self.text(o.channel.name)), self._("（"), kind, scope, self._("）")]
        if o.channel.url:
            out += [" ", self.url(o.channel.url)]
        if o.note:
            out += [self._("："), self.text(o.note)]
        return _join(out)

    # --- a guide's parts -------------------------------------------------------------------

    def steps(self, resolved: list[ResolvedStep], start: int, h: int, pg: ProvinceGuide | None) -> Node:
        items = []
        for number, rs in enumerate(resolved, start=start):
            s = rs.step
            where: list[Any] = [self._("在哪里办："), self._label(self.present.where(rs, pg))]
            if s.agency:
                where += [" · ", self._(AGENCY_LABELS[s.agency])]
            if rs.origin == "added":
                where += [" · ", el("strong", self._("本省增加的步骤"))]
            elif rs.origin == "replaced":
                where += [" · ", el("strong", self._("本省规定"))]
            body: list[Any] = [
                el(f"h{h}", self._(N_("第 %(n)s 步："), n=number), self.text(s.title)),
                el("p", where, cls="where"),
                self.paragraphs(s.text),
            ]
            if s.time_limit:
                body.append(el("p", self._("时限："), self._label(self.present.time_limit(s.time_limit)), cls="meta"))
            for o in rs.online:
                body.append(el("p", self._("也可以网上办理："), self.online(o), cls="meta"))
            if rs.legal_basis:
                body.append(el("p", self._("依据："), self.cites(rs.legal_basis), cls="meta"))
            items.append(el("li", body, cls="step"))
        return el("ol", items, cls="steps", start=str(start))

    def materials_checklist(self, materials: list[Any]) -> Node:
        """The checklist: a box to tick per material, with the form (original/copy) and how many."""
        if not materials:
            return el("p", self._("不需要另外准备材料。"))
        head = el(
            "tr",
            el("th", self._("已备"), cls="tick"),
            el("th", self._("材料")),
            el("th", self._("原件/复印件")),
            el("th", self._("份数"), cls="count"),
            el("th", self._("说明")),
        )
        rows = []
        for rm in materials:
            name: list[Any] = [el("strong", self.text(rm.material.name))]
            if rm.alternatives:
                choices: list[Any] = [self._("任选其一：")]
                readers = self.present.for_readers(rm.alternatives)
                for i, a in enumerate(readers):
                    choices.append(self.text(a.name))
                    if a.holders:
                        holders = self._("、").join(self._(HOLDER_LABELS[h]) for h in a.holders)
                        choices += [self._("（"), holders, self._("）")]
                    if i < len(readers) - 1:
                        choices.append(self._("；"))
                name += [el("br"), el("span", choices, cls="small")]
            if rm.material.issued_by:
                name += [el("br"), el("span", self._("出具单位："), self.text(rm.material.issued_by), cls="small")]
            notes: list[Any] = [self._("必须提供") if rm.required else self._("视情况提供")]
            if rm.local:
                notes += [" · ", self._("本省要求")]
            if rm.note:
                notes += [el("br"), self.text(rm.note)]
            rows.append(
                el(
                    "tr",
                    el("td", el("span", cls="box"), cls="tick"),
                    el("td", name),
                    el("td", self._(FORM_LABELS[rm.form])),
                    el("td", str(rm.count), cls="count"),
                    el("td", notes),
                )
            )
        return el("table", el("thead", head), el("tbody", rows), cls="checklist")

    def offices(self, pg: ProvinceGuide) -> list[Node]:
        p = pg.province
        if not pg.offices:
            lines = []
            for key in pg.guide.agencies:
                if key == "hrss":
                    lines.append(
                        el(
                            "li",
                            self._("社保（人社）：查看"),
                            " ",
                            self.link(p.departments.hrss.name, p.departments.hrss.website),
                            " ",
                            self._(FIND_HRSS_OFFICES, hotline=p.hotline),
                        )
                    )
                else:
                    lines.append(
                        el(
                            "li",
                            self._("医保：查看"),
                            " ",
                            self.link(p.departments.healthcare.name, p.departments.healthcare.website),
                            " ",
                            self._(
                                N_("网站上的经办机构和办事指南，或拨打 %(hotline)s 医保服务热线。"),
                                hotline=MEDICAL_HOTLINE,
                            ),
                        )
                    )
            intro = self._(
                N_(
                    "本站还没有收录%(province)s的办事窗口（地址、时间、电话要先核实才会列出）。可以这样找到就近的窗口："
                ),
                province=p.name,
            )
            return [el("p", intro), el("ul", lines)]
        out = []
        for city, offices in by_city(pg.offices):
            out.append(el("p", el("strong", self.text(city)), cls="city"))
            for o in offices:
                fields: list[Any] = []
                for label, value in (
                    (N_("区县："), o.district),
                    (N_("地址："), o.address),
                    (N_("办公时间："), o.hours),
                ):
                    if value:
                        fields += [el("dt", self._(label)), el("dd", self.text(value))]
                if o.phone:
                    fields += [el("dt", self._("电话：")), el("dd", self._label(self.present.phone(o.phone)))]
                fields += [el("dt", self._("核实情况：")), el("dd", self._label(self.present.status(o)))]
                if o.sources:
                    sources: list[Any] = []
                    for i, u in enumerate(o.sources):
                        sources += [el("br")] if i else []
                        sources.append(self.url(u))
                    fields += [el("dt", self._("来源：")), el("dd", sources)]
                out.append(
                    el("div", el("p", el("strong", self.text(o.name)), cls="name"), el("dl", fields), cls="office")
                )
        return out

    def channels(self, pg: ProvinceGuide) -> list[Node]:
        named = [o.channel for o in pg.online]
        national = [c for c in pg.national_channels if c not in named]
        local = [c for c in pg.local_channels if c not in named]
        out: list[Node] = []
        if pg.online:
            out.append(
                el("p", self._(N_("%(province)s规定，这件事也可以通过下面的渠道网上办理："), province=pg.province.name))
            )
            items = [el("li", self.online(o), " · ", el("strong", self._("本省规定"))) for o in pg.online]
            out.append(el("ul", items, cls="channels"))
            if national or local:
                out.append(el("p", self._("其他网上渠道：")))
        if national or local:
            items = []
            listed: list[tuple[m.Channel | m.LocalChannel, str]] = [
                *((c, self._("，全国")) for c in national),
                *((c, self._("，本省")) for c in local),
            ]
            for c, scope in listed:
                line: list[Any] = [
                    el("strong", self.text(c.name)),
                    self._("（"),
                    self._(CHANNEL_KIND_LABELS[c.kind]),
                    scope,
                    self._("）"),
                ]
                if c.url:
                    line += [" ", self.url(c.url)]
                if c.note:
                    line += [self._("："), self.text(c.note)]
                if not c.checked:
                    line += [" · ", self._("待核实")]
                items.append(el("li", line))
            out.append(el("ul", items, cls="channels"))
        return out

    def legal_basis(self, cited: list[Cited]) -> Node:
        items = []
        for c in cited:
            title: list[Any] = [el("a", self.cite(c), href=c.law.url) if c.law.url else self.cite(c)]
            if c.law.document_number:
                title += [self._("（"), self.text(c.law.document_number), self._("）")]
            title.append(" ")
            if c.law.url:
                title.append(el("span", c.law.url, cls="url"))
                if not c.law.checked:
                    title += [" ", el("span", self._("（链接待核实）"), cls="small")]
            else:
                title.append(el("span", self._("官方原文链接待补充"), cls="small"))
            body: list[Any] = [el("p", title)]
            if c.article:
                body.append(el("blockquote", self.paragraphs(c.article.text)))
            items.append(el("li", body))
        return el("ul", items, cls="laws")

    def enquiry(self, province: m.Province) -> Node:
        hotline_note = self._("（12333 是各城市的本地号码：在外地或用手机拨打时，先拨你要咨询的那个城市的区号）")
        return el(
            "footer",
            el("h2", self._("咨询和投诉")),
            el(
                "ul",
                el("li", self._("社会保险咨询热线："), el("strong", self.text(province.hotline)), hotline_note),
                el("li", self._("医疗保障咨询热线："), el("strong", MEDICAL_HOTLINE)),
                el("li", self.link(province.departments.hrss.name, province.departments.hrss.website)),
                el("li", self.link(province.departments.healthcare.name, province.departments.healthcare.website)),
            ),
            cls="enquiry",
        )

    def guide(self, pg: ProvinceGuide, h: int = 1, start: int = 1) -> Node:
        """One guide as it applies in one province; `h` is the level of its title, its sections
        sit one below."""
        g, p = pg.guide, pg.province
        sub = f"h{h + 1}"
        audience = [el("p", self._("本页写给谁"), cls="label"), el("p", self._label(self.present.audience_box(pg)))]
        audience += [el("p", self._label(line)) for line in self.present.elsewhere(pg)]
        body: list[Any] = [
            el(f"h{h}", self.text(g.title), " · ", self.text(p.name), cls="title"),
            el("p", self.text(g.summary), cls="summary"),
            el("div", audience, cls="note audience"),
            el(
                "p",
                self._("本页的省份信息（主管部门、窗口、渠道、本地规定）："),
                self._label(self.present.verified(pg.verification)),
                self._("。"),
                cls="verified",
            ),
        ]
        if pg.variation and pg.variation.note:
            body.append(
                el("div", el("p", self._("本省说明"), cls="label"), self.paragraphs(pg.variation.note), cls="note")
            )
        if g.conditions:
            body += [el(sub, self._("办理条件")), el("ul", [el("li", self.text(c)) for c in g.conditions])]
        body += [el(sub, self._("需要准备的材料")), self.materials_checklist(pg.materials)]
        body += [el(sub, self._("办理步骤")), self.steps(pg.steps, start, h + 2, pg)]
        if pg.notes:
            notes = []
            for n in pg.notes:
                line: list[Any] = [
                    el("strong", self._(AUDIENCE_LABELS[n.audience])),
                    self._("："),
                    self.paragraphs(n.text),
                ]
                if n.legal_basis:
                    line += [self._("（依据："), self.cites(n.legal_basis), self._("）")]
                notes.append(el("li", line))
            body += [el(sub, self._("港澳台居民和外国人")), el("ul", notes)]
        body += [el(sub, self._("办事窗口")), self.offices(pg)]
        body += [el(sub, self._("网上办理")), self.channels(pg)]
        costs: list[Any] = [
            el(
                "li",
                self._("费用："),
                self._label(self.present.fee(pg.fee)),
                [" · ", el("strong", self._("本省规定"))] if pg.fee_is_local else None,
            )
        ]
        if pg.time_limit:
            costs.append(
                el(
                    "li",
                    self._("办理时限："),
                    self._label(self.present.time_limit(pg.time_limit)),
                    [" · ", el("strong", self._("本省规定"))] if pg.time_limit_is_local else None,
                )
            )
        if g.visits is not None:
            costs.append(el("li", self._("最多跑动次数："), str(g.visits)))
        body += [el(sub, self._("费用和时限")), el("ul", costs)]
        body += [el(sub, self._("办理结果")), self.paragraphs(g.outcome)]
        body += [el(sub, self._("法律依据")), self.legal_basis(pg.legal_basis)]
        body += [el(sub, self._("信息来源")), el("ul", [el("li", self.url(u)) for u in pg.sources], cls="sources")]
        return el("section", body, cls="guide")

    # --- documents ---------------------------------------------------------------------------

    def journey(self, pj: ProvinceJourney) -> list[Node]:
        return [
            el("h1", self.text(pj.journey.title), " · ", self.text(pj.province.name), cls="title"),
            el("p", self.text(pj.journey.summary), cls="summary"),
            el("p", self._(N_("按顺序办完下面 %(n)s 件事。步骤编号连续。"), n=len(pj.parts))),
            el("ol", [el("li", self.text(part.guide.title)) for part in pj.parts], cls="contents"),
            *(self.guide(part, 2, start) for part, start in numbered(pj.parts)),
        ]

    def book(self, province: m.Province, guides: list[ProvinceGuide], title: str) -> list[Node]:
        summary = N_(
            "%(province)s的各项办事指南、主管部门和网上渠道。每份指南开头写明它写给谁：转入、离开还是在这里领取养老金的人。"
        )
        return [
            el("h1", title, cls="title"),
            el("p", self._(summary, province=province.name), cls="summary"),
            el(
                "ul",
                el(
                    "li",
                    self._("人力资源和社会保障："),
                    self.link(province.departments.hrss.name, province.departments.hrss.website),
                ),
                el(
                    "li",
                    self._("医疗保障："),
                    self.link(province.departments.healthcare.name, province.departments.healthcare.website),
                ),
            ),
            el("ol", [el("li", self.text(pg.guide.title)) for pg in guides], cls="contents"),
            *(self.guide(pg, 2) for pg in guides),
        ]

    def pending_notice(self) -> Node:
        return el(
            "div",
            el("p", self._("译文待更新"), cls="label"),
            el("p", self._("本文件有些内容还没有译文，或原文已经修改、译文尚待更新。这些内容暂以中文原文显示。")),
            cls="note pending",
        )

    def document(self, doc: Doc, stamp: str | None) -> dict[str, Any]:
        """The print model of one printed document."""
        ctx: dict[str, Any] = context(doc, self.site)
        with recording_pending() as pending:
            info = self.meta(doc, ctx, stamp)
            if doc.kind is Kind.GUIDE_IN:
                body = [self.guide(ctx["pg"], 1)]
            elif doc.kind is Kind.JOURNEY_IN:
                body = self.journey(ctx["pj"])
            else:
                body = self.book(ctx["province"], ctx["guides"], info.title)  # the book's title is its PDF's
            body.append(self.enquiry(ctx["province"]))
        if pending:
            # Under the document's title: the reader sees at once that some text is in Chinese.
            first = body[0]
            if first["t"] == "section":
                first["c"].insert(1, self.pending_notice())
            else:
                body.insert(1, self.pending_notice())
        return {
            "lang": self.language,
            "title": info.title,
            "author": info.author,
            "subject": info.subject,
            "keywords": info.keywords,
            "date": info.date,
            "page": page_label(self._(N_("第 %(page)s 页，共 %(pages)s 页"), page="{page}", pages="{pages}")),
            "footer": info.verified,
            "body": body,
        }

    # --- the PDF's document information ----------------------------------------------------

    def _authors(self, pgs: Iterable[ProvinceGuide]) -> str:
        names: list[str] = []
        for pg in pgs:
            names += [str(getattr(pg.province.departments, agency).name) for agency in pg.guide.agencies]
        return "、".join(dict.fromkeys(names))

    def _footer(self, v: Verification) -> str:
        """The status line printed at the foot of every page: on paper, a reader must see it there."""
        if v.entered:
            message = self.ui.ngettext(
                "含 %(num)s 项待核实的信息，办事前请先向当地确认",
                "含 %(num)s 项待核实的信息，办事前请先向当地确认",
                v.entered,
            )
            return str(message) % {"num": v.entered}
        assert v.oldest_check is not None
        return self._(N_("最后核实：%(date)s"), date=self.fmt.date(v.oldest_check))

    def meta(self, doc: Doc, ctx: dict[str, Any], stamp: str | None) -> Meta:
        if doc.kind is Kind.GUIDE_IN:
            pg, guide = ctx["pg"], ctx["pg"].guide
            return Meta(
                f"{guide.title} · {pg.province.name}",
                self._authors([pg]),
                str(guide.summary),
                [str(pg.province.name), str(guide.title)],
                self._footer(pg.verification),
                stamp,
            )
        if doc.kind is Kind.JOURNEY_IN:
            pj = ctx["pj"]
            return Meta(
                f"{pj.journey.title} · {pj.province.name}",
                self._authors(pj.parts),
                str(pj.journey.summary),
                [str(pj.province.name), *(str(p.guide.title) for p in pj.parts)],
                self._footer(verification(f for p in pj.parts for f in p.facts)),
                stamp,
            )
        province, pgs = ctx["province"], ctx["guides"]
        return Meta(
            self._(N_("%(province)s办事指南"), province=province.name),
            "、".join([str(province.departments.hrss.name), str(province.departments.healthcare.name)]),
            self._(N_("%(province)s的各项办事指南、主管部门和网上渠道。"), province=province.name),
            [str(province.name), *(str(pg.guide.title) for pg in pgs)],
            self._footer(verification(f for pg in pgs for f in pg.facts)),
            stamp,
        )


def print_models(
    site: Site,
    language: str = SOURCE_LANGUAGE,
    locales_dir: Path = LOCALES_DIR,
    *,
    source_date: int | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """PDF path (relative to pdf/) -> print model, for every printed document of `site` (already in
    `language`), or those whose path is in `only`."""
    builder = PrintBuilder(site, language, locales_dir)
    # No date given, none printed: the time of the build would make each build's PDFs differ.
    stamp = w3c_date(source_date) if source_date is not None else None
    docs = printed_documents(site)
    if only is not None:
        wanted = set(only)
        docs = [d for d in docs if d.pdf_rel in wanted]
    return {doc.pdf_rel: builder.document(doc, stamp) for doc in docs}


def as_json(model: Any) -> str:
    """The model as Typst reads it (and as the PDF cache keys it): the same model, the same text."""
    return json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def strings(model: Any) -> list[str]:
    """Every text of the model (values only, not tag names): what the font must draw."""
    if isinstance(model, str):
        return [model]
    if isinstance(model, list):
        return [s for item in model for s in strings(item)]
    if isinstance(model, dict):
        out = []
        for key, value in model.items():
            if key in ("t", "a", "lang", "date"):
                if key == "a" and isinstance(value, dict):
                    out += [v for k, v in value.items() if k == "href"]
                continue
            out += strings(value)
        return out
    return []
