"""Phase 2: check every cross-reference between the files (a guide cites a law article that
exists, a variation names a real step, ids are unique) and every rule that spans fields (a fact
is either checked or awaiting a check; a step is done at a place its guide declares) once each
file matches the model.

All problems are collected and reported together as `path:line:col: error: message`.
"""

from __future__ import annotations

import typing

from ..config import Project
from ..i18n.catalog_check import check_catalogs
from ..i18n.messages import _
from . import model as m
from .diagnostics import Diagnostic, Loc, ValidationFailed, did_you_mean
from .load import Document
from .parts import ProvinceParts
from .resolve import apply_step_edits
from .sources import Sources, read_sources

AUDIENCES: tuple[str, ...] = typing.get_args(m.Audience)


class _Refs:
    def __init__(self, src: Sources):
        self.src = src
        self.diags: list[Diagnostic] = []

    def error(self, doc: Document, loc: Loc, message: str) -> None:
        self.diags.append(doc.diagnostic(loc, message))

    def exists(
        self, doc: Document, loc: Loc, value: str, kind: str, what: str, own: ProvinceParts | None = None
    ) -> bool:
        """Whether `value` names a `kind` (laws, guides, materials, channels) that exists: in
        content/, or among the province's own (`own`) where a province file may define its own."""
        known = list(getattr(self.src, kind))
        if own is not None:
            known += [i for i in own_ids(own, kind) if i not in known]
        if value in known:
            return True
        if value in self.src.broken.get(kind, ()) or kind in self.src.broken_registries:
            return False  # its own file's errors are reported already
        if own is not None and value in own.unchecked:
            return False
        hint = did_you_mean(value, known) or _("；")
        self.diags.append(
            doc.diagnostic(
                loc,
                _("{what} '{value}' 不存在{hint}可选：{known}").format(
                    what=what, value=value, hint=hint, known=_("、").join(known) or _("（无）")
                ),
            )
        )
        return False

    def unique(self, doc: Document, items: list[tuple[Loc, object]], what: str) -> None:
        """Lists whose entries would mean the same thing twice (a channel, a guide, a citation)."""
        first: dict[object, int] = {}
        for n, (loc, value) in enumerate(items):
            if value in first:
                self.diags.append(
                    doc.diagnostic(
                        loc,
                        _("{what} {value} 重复（第 {first} 项已写过）：同一项只写一次，请删除这一项").format(
                            what=what, value=value, first=first[value] + 1
                        ),
                    )
                )
            else:
                first[value] = n

    def citations(self, doc: Document, loc: Loc, citations: list[m.Citation]) -> None:
        laws, cited = self.src.laws, _("《{law}》第 {n} 条")
        self.unique(
            doc,
            [
                (loc + (i,), cited.format(law=laws[c.law].title if c.law in laws else c.law, n=c.article))
                for i, c in enumerate(citations)
            ],
            _("法律依据"),
        )
        for i, c in enumerate(citations):
            if not self.exists(doc, loc + (i, "law"), c.law, "laws", _("法规")):
                continue
            numbers = [a.number for a in self.src.laws[c.law].articles]
            if c.article is not None and c.article not in numbers:
                self.diags.append(
                    doc.diagnostic(
                        loc + (i, "article"),
                        _(
                            "《{title}》没有收录第 {n} 条；已收录：{known}（引用新条款时先在 content/laws/{law}.yaml 中加上条文原文）"  # noqa: E501 - a message, kept whole for the catalogs
                        ).format(
                            title=self.src.laws[c.law].title,
                            n=c.article,
                            known=_("、").join(map(str, numbers)),
                            law=c.law,
                        ),
                    )
                )

    def material_uses(
        self, doc: Document, loc: Loc, uses: list[m.MaterialUse], taken: set[str], own: ProvinceParts | None = None
    ) -> None:
        for i, use in enumerate(uses):
            if self.exists(doc, loc + (i, "material"), use.material, "materials", _("材料"), own):
                if use.material in taken:
                    self.diags.append(
                        doc.diagnostic(loc + (i, "material"), _("材料 '{id}' 已列出，不要重复").format(id=use.material))
                    )
                taken.add(use.material)

    def step_place(self, doc: Document, loc: Loc, step: m.Step, guide: m.Guide) -> None:
        if step.place not in guide.places:
            self.error(
                doc,
                loc + ("place",),
                _("步骤在 '{place}' 办，但指南 {guide} 的 places 没有列出它；可选：{known}").format(
                    place=step.place, guide=guide.id, known=_("、").join(guide.places)
                ),
            )

    def guide(self, guide: m.Guide) -> None:
        doc = self.src.docs[("guides", guide.id)]
        self.unique(doc, [(("agencies", i), f"'{a}'") for i, a in enumerate(guide.agencies)], _("部门"))
        seen: set[str] = set()
        for i, step in enumerate(guide.steps):
            if step.id in seen:
                self.diags.append(doc.diagnostic(("steps", i, "id"), _("步骤 id '{id}' 重复").format(id=step.id)))
            seen.add(step.id)
        for i, step in enumerate(guide.steps):
            self.citations(doc, ("steps", i, "legal_basis"), step.legal_basis)
            self.step_place(doc, ("steps", i), step, guide)
        used = {step.place for step in guide.steps}
        for i, place in enumerate(guide.places):
            if place not in used:
                self.error(doc, ("places", i), _("没有哪个步骤在 '{place}' 办：请删去它").format(place=place))
            if place in guide.places[:i]:
                self.error(doc, ("places", i), _("'{place}' 重复").format(place=place))
        self.citations(doc, ("legal_basis",), guide.legal_basis)
        self.material_uses(doc, ("materials",), guide.materials, set())
        told = [note.audience for note in guide.audience_notes]
        for i, note in enumerate(guide.audience_notes):
            self.citations(doc, ("audience_notes", i, "legal_basis"), note.legal_basis)
            if note.audience in told[:i]:
                self.error(doc, ("audience_notes", i, "audience"), _("'{a}' 重复").format(a=note.audience))
        for audience in AUDIENCES:
            if audience not in told:
                self.error(
                    doc,
                    ("audience_notes",) if guide.audience_notes else ("title",),
                    _("请在 audience_notes 中写明这件事对 {audience} 有什么不同（证件、适用的规定）").format(
                        audience=audience
                    ),
                )

    def journey(self, journey: m.Journey) -> None:
        doc = self.src.docs[("journeys", journey.id)]
        ids = [part.guide for part in journey.guides]
        for i, part in enumerate(journey.guides):
            self.exists(doc, ("guides", i, "guide"), part.guide, "guides", _("指南"))
            if part.guide in ids[:i]:
                self.diags.append(doc.diagnostic(("guides", i, "guide"), _("指南 '{id}' 重复").format(id=part.guide)))
            guide = self.src.guides.get(part.guide)
            if guide and part.province_role and part.province_role not in guide.places:
                self.error(
                    doc,
                    ("guides", i, "province_role"),
                    _("指南 {guide} 没有在 '{role}' 办的步骤；可选：{known}").format(
                        guide=guide.id, role=part.province_role, known=_("、").join(guide.places)
                    ),
                )

    def materials(self) -> None:
        doc = self.src.docs.get(("materials", ""))
        if doc is None:
            return
        for mid, material in self.src.materials.items():
            loc = self.src.material_locs[mid]
            for j, alt in enumerate(material.one_of):
                if not self.exists(doc, loc + ("one_of", j), alt, "materials", _("材料")):
                    continue
                if alt == mid or self.src.materials[alt].one_of:
                    self.error(
                        doc,
                        loc + ("one_of", j),
                        _("'{id}' 本身是一组可任选的材料：one_of 只能列出具体的材料").format(id=alt),
                    )
                if alt in material.one_of[:j]:
                    self.error(doc, loc + ("one_of", j), _("'{id}' 重复").format(id=alt))

    def law(self, law: m.Law) -> None:
        doc = self.src.docs[("laws", law.id)]
        if not law.articles and not law.key_points:
            self.error(
                doc, ("articles",), _("请引用条文原文（articles）；还没有原文时，写 key_points 概括要点并注明不是原文")
            )
        self.unique(
            doc,
            [(("articles", i, "number"), _("第 {n} 条").format(n=a.number)) for i, a in enumerate(law.articles)],
            _("条款"),
        )

    def own_id(self, doc: Document, loc: Loc, value: str, slug: str, what: str, seen: set[str]) -> bool:
        """An id the province file defines itself starts with the province's slug and is unique."""
        if not value.startswith(slug + "-"):
            self.error(
                doc,
                loc,
                _("{what} id '{id}' 要以本省拼音开头：写成 {slug}-{id}").format(what=what, id=value, slug=slug),
            )
            return False
        if value in seen:
            self.error(doc, loc, _("{what} id '{id}' 重复").format(what=what, id=value))
            return False
        seen.add(value)
        return True

    def offices(self, doc: Document, parts: ProvinceParts) -> None:
        """Office ids are <province>-<city>-<name>, one city part per city; each names real guides."""
        seen: set[str] = set()
        city_part: dict[str, tuple[str, str]] = {}  # city -> (its part of the id, the id it was first seen in)
        city_of: dict[str, str] = {}  # part of the id -> city
        for i, office in parts.offices:
            loc = ("offices", i)
            self.unique(doc, [(loc + ("guides", j), f"'{g}'") for j, g in enumerate(office.guides)], _("指南"))
            for j, gid in enumerate(office.guides):
                self.exists(doc, loc + ("guides", j), gid, "guides", _("指南"))
            if not self.own_id(doc, loc + ("id",), office.id, parts.slug, _("窗口"), seen):
                continue
            rest = office.id[len(parts.slug) + 1 :].split("-", 1)
            if len(rest) < 2:
                self.error(
                    doc,
                    loc + ("id",),
                    _(
                        "窗口 id 应写成 <省份拼音>-<城市拼音>-<名称>，例如 {slug}-hangzhou-citizen-center：'{id}' 少了一段"  # noqa: E501 - a message, kept whole for the catalogs
                    ).format(slug=parts.slug, id=office.id),
                )
                continue
            city = rest[0]
            if office.city in city_part and city_part[office.city][0] != city:
                used, first = city_part[office.city]
                self.error(
                    doc,
                    loc + ("id",),
                    _("{city}的窗口 id 要用同一个城市拼音：{first} 用的是 '{used}'，这里是 '{city_part}'").format(
                        city=office.city, first=first, used=used, city_part=city
                    ),
                )
            elif city in city_of and city_of[city] != office.city:
                self.error(
                    doc,
                    loc + ("id",),
                    _("城市拼音 '{city_part}' 已用于{other}，这个窗口的 city 是{city}").format(
                        city_part=city, other=city_of[city], city=office.city
                    ),
                )
            else:
                city_part.setdefault(office.city, (city, office.id))
                city_of.setdefault(city, office.city)

    def own_materials_and_channels(self, doc: Document, parts: ProvinceParts) -> None:
        seen: set[str] = set()
        national = set(self.src.materials)
        for i, material in parts.materials:
            loc = ("materials", i)
            if material.id in national:
                self.error(
                    doc,
                    loc + ("id",),
                    _("材料 '{id}' 已在 content/materials.yaml 中定义：直接在 variations 的 materials 中引用它").format(
                        id=material.id
                    ),
                )
                continue
            self.own_id(doc, loc + ("id",), material.id, parts.slug, _("材料"), seen)
            for j, alt in enumerate(material.one_of):
                self.exists(doc, loc + ("one_of", j), alt, "materials", _("材料"), parts)
        used = {u.material for _i, v in parts.variations for u in v.materials}
        for i, material in parts.materials:
            if material.id not in used and material.id not in national:
                self.error(
                    doc,
                    ("materials", i, "id"),
                    _("没有哪项 variations 用到材料 '{id}'：在 variations 的 materials 中写上它，或删去这项").format(
                        id=material.id
                    ),
                )
        seen = set()
        for i, channel in parts.channels:
            if channel.id is not None:
                if channel.id in self.src.channels:
                    self.error(doc, ("channels", i, "id"), _("'{id}' 是全国渠道的 id").format(id=channel.id))
                    continue
                self.own_id(doc, ("channels", i, "id"), channel.id, parts.slug, _("渠道"), seen)

    def online(self, doc: Document, loc: Loc, var: m.Variation, guide: m.Guide, parts: ProvinceParts) -> None:
        """Each channel named exists; each step it serves is a step of the guide as the province
        has it; a channel of the province's own serves only steps done in the province."""
        steps, problems = apply_step_edits(guide.steps, var.steps)
        where = {s.id: s.place for s, _o in steps}
        own = {c.id for _i, c in parts.channels if c.id}
        here = (guide.province_role, "online", "any")
        seen: set[tuple[str, str | None]] = set()
        for j, option in enumerate(var.online):
            at = loc + ("online", j)
            if not self.exists(doc, at + ("channel",), option.channel, "channels", _("渠道"), parts):
                continue
            if (option.channel, option.step) in seen:
                self.error(doc, at, _("'{id}' 重复").format(id=option.channel))
            seen.add((option.channel, option.step))
            if option.step is None or problems:
                continue  # the step edits' own errors come first
            if option.step not in where:
                self.error(
                    doc,
                    at + ("step",),
                    _("步骤 '{id}' 不在本省的这份指南中{hint}可选：{known}").format(
                        id=option.step,
                        hint=did_you_mean(option.step, list(where)) or _("；"),
                        known=_("、").join(where),
                    ),
                )
            elif option.channel in own and where[option.step] not in here:
                self.error(
                    doc,
                    at + ("step",),
                    _("本省的渠道只能用于在本省办的步骤：步骤 '{id}' 在 '{place}' 办").format(
                        id=option.step, place=where[option.step]
                    ),
                )

    def province(self, doc: Document, parts: ProvinceParts) -> None:
        self.unique(doc, [(("national_channels", i), f"'{c}'") for i, c in parts.national_channels], _("全国渠道"))
        for i, cid in parts.national_channels:
            self.exists(doc, ("national_channels", i), cid, "channels", _("全国渠道"))
        self.offices(doc, parts)
        self.own_materials_and_channels(doc, parts)
        varied: set[str] = set()
        for i, var in parts.variations:
            loc = ("variations", i)
            if not self.exists(doc, loc + ("guide",), var.guide, "guides", _("指南")):
                continue
            if var.guide in varied:
                self.diags.append(
                    doc.diagnostic(
                        loc + ("guide",), _("指南 '{id}' 的本地差异已写过：请合并为一项").format(id=var.guide)
                    )
                )
            varied.add(var.guide)
            guide = self.src.guides[var.guide]
            steps, problems = apply_step_edits(guide.steps, var.steps)
            for p in problems:
                self.diags.append(doc.diagnostic(loc + ("steps", p.index, p.field), p.message))
            if not steps and not problems:
                self.diags.append(
                    doc.diagnostic(
                        loc + ("steps", len(var.steps) - 1, "action"),
                        _("这些修改删除了指南的全部步骤，本省的页面将没有任何办理步骤：请至少保留或增加一个步骤"),
                    )
                )
            for j, step_edit in enumerate(var.steps):
                if step_edit.step:
                    self.citations(doc, loc + ("steps", j, "step", "legal_basis"), step_edit.step.legal_basis)
                    self.step_place(doc, loc + ("steps", j, "step"), step_edit.step, guide)
            self.material_uses(doc, loc + ("materials",), var.materials, {u.material for u in guide.materials}, parts)
            self.online(doc, loc, var, guide, parts)

    def when(self, doc: Document, loc: Loc, when: m.PlanWhen | None, plan: m.PlanFile) -> None:
        if when is None:
            return
        for field, known, what in (
            ("situations", [s.id for s in plan.situations], _("情况")),
            ("needs", [n.id for n in plan.needs], _("事项")),
        ):
            for i, value in enumerate(getattr(when, field)):
                if value not in known:
                    hint = did_you_mean(value, known) or _("；")
                    self.error(
                        doc,
                        loc + (field, i),
                        _("{what} '{value}' 不存在{hint}可选：{known}").format(
                            what=what, value=value, hint=hint, known=_("、").join(known)
                        ),
                    )

    def plan(self, plan: m.PlanFile) -> None:
        """content/plan.yaml: its guides and steps exist, each part says which of the reader's
        provinces plays every place role its guide has, conditions name real situations and needs."""
        doc = self.src.docs[("plan", "")]
        for field, ids, what in (
            ("situations", [s.id for s in plan.situations], _("情况")),
            ("needs", [n.id for n in plan.needs], _("事项")),
            ("advice", [a.id for a in plan.advice], _("提示")),
        ):
            self.unique(doc, [((field, i, "id"), f"'{x}'") for i, x in enumerate(ids)], what)
        for i, need in enumerate(plan.needs):
            for j, part in enumerate(need.parts):
                loc = ("needs", i, "parts", j)
                self.when(doc, loc + ("when",), part.when, plan)
                if not self.exists(doc, loc + ("guide",), part.guide, "guides", _("指南")):
                    continue
                guide = self.src.guides[part.guide]
                roles = [p for p in guide.places if p in m.PROVINCE_ROLES]
                for role in part.roles:
                    if role not in roles:
                        self.error(
                            doc,
                            loc + ("roles", role),
                            _("指南 {guide} 没有在 '{role}' 办的步骤；要写的是：{known}").format(
                                guide=guide.id, role=role, known=_("、").join(roles)
                            ),
                        )
                missing = [r for r in roles if r not in part.roles]
                if missing:
                    self.error(
                        doc,
                        loc + ("roles",) if part.roles else loc + ("guide",),
                        _("指南 {guide} 有在 {missing} 办的步骤：请在 roles 中写明由读者的哪个省份担任").format(
                            guide=guide.id, missing=_("、").join(missing)
                        ),
                    )
        for i, rule in enumerate(plan.rules):
            self.when(doc, ("rules", i, "when"), rule.when, plan)
            if not rule.steps and not rule.materials:
                self.error(doc, ("rules", i, "then"), _("请写明哪些步骤（steps）或材料（materials）"))
            if rule.materials and rule.then != "skip":
                self.error(doc, ("rules", i, "materials"), _("materials 只能和 then: skip 一起用"))
            if not self.exists(doc, ("rules", i, "guide"), rule.guide, "guides", _("指南")):
                continue
            guide = self.src.guides[rule.guide]
            steps = {s.id: s for s in guide.steps}
            for j, step_id in enumerate(rule.steps):
                if step_id not in steps:
                    hint = did_you_mean(step_id, list(steps)) or _("；")
                    self.error(
                        doc,
                        ("rules", i, "steps", j),
                        _("步骤 '{target}' 不存在{hint}可选：{known}").format(
                            target=step_id, hint=hint, known=_("、").join(steps)
                        ),
                    )
                elif rule.then == "require" and not steps[step_id].optional:
                    self.error(
                        doc,
                        ("rules", i, "steps", j),
                        _("步骤 '{id}' 本来就必须办（不是 optional）：require 只用于可选步骤").format(id=step_id),
                    )
            used = [u.material for u in guide.materials]
            for j, material in enumerate(rule.materials):
                if material not in used:
                    self.error(
                        doc,
                        ("rules", i, "materials", j),
                        _("指南 {guide} 没有用到材料 '{id}'；它用到的是：{known}").format(
                            guide=guide.id, id=material, known=_("、").join(used) or _("（无）")
                        ),
                    )
        for i, advice in enumerate(plan.advice):
            self.when(doc, ("advice", i, "when"), advice.when, plan)
            self.citations(doc, ("advice", i, "legal_basis"), advice.legal_basis)
            if advice.guide is not None:
                self.exists(doc, ("advice", i, "guide"), advice.guide, "guides", _("指南"))
        self.citations(doc, ("temporary_account", "legal_basis"), plan.temporary_account.legal_basis)
        self.citations(doc, ("pension_claim", "legal_basis"), plan.pension_claim.legal_basis)


def own_ids(parts: ProvinceParts, kind: str) -> list[str]:
    """The ids of `kind` (materials, channels) a province file defines itself."""
    if kind == "materials":
        return [mat.id for _i, mat in parts.materials]
    if kind == "channels":
        return [c.id for _i, c in parts.channels if c.id]
    return []


def check_references(src: Sources) -> list[Diagnostic]:
    refs = _Refs(src)
    refs.materials()
    for law in src.laws.values():
        refs.law(law)
    for guide in src.guides.values():
        refs.guide(guide)
    for journey in src.journeys.values():
        refs.journey(journey)
    for province in src.provinces.values():
        refs.province(src.docs[("provinces", province.slug)], ProvinceParts.of(province))
    for stem, doc in src.unmatched_provinces.items():
        refs.province(doc, ProvinceParts.salvage(doc.data, stem))
    if src.plan is not None:
        refs.plan(src.plan)
    return refs.diags


def validate_project(project: Project) -> Sources:
    """Load and validate every file of the project (phases 1 and 2), the translators' catalogs
    too; raise ValidationFailed with every problem found, or return the sources, positions kept."""
    src, diags = read_sources(project)
    diags += check_references(src)
    diags += check_catalogs(project)
    if not diags:
        for kind, minimum in (("guides", 1), ("provinces", 1)):
            if len(getattr(src, kind)) < minimum:
                folder = project.content_dir / kind if kind == "guides" else project.provinces_dir
                diags.append(
                    Diagnostic(folder.relative_to(project.root).as_posix(), 1, 1, _("没有找到任何 .yaml 文件"))
                )
    if diags:
        raise ValidationFailed(diags)
    return src
