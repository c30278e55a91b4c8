"""Phase 2: check every cross-reference between the files (a guide cites a law article that
exists, a variation names a real step, ids are unique) and every rule that spans fields (a fact
is either checked or awaiting a check; a step is done at a place its guide declares) once each
file matches the model.

All problems are collected and reported together as `path:line:col: error: message`.
"""

from __future__ import annotations

import typing
from datetime import date

from ..config import Project
from ..i18n.messages import _
from . import model as m
from .diagnostics import Diagnostic, Loc, ValidationFailed, did_you_mean
from .facts import province_facts
from .load import Document
from .resolve import apply_step_edits
from .sources import Sources, read_sources

AUDIENCES: tuple[str, ...] = typing.get_args(m.Audience)


class _Refs:
    def __init__(self, src: Sources, today: date):
        self.src = src
        self.today = today
        self.diags: list[Diagnostic] = []

    def error(self, doc: Document, loc: Loc, message: str) -> None:
        self.diags.append(doc.diagnostic(loc, message))

    def status(self, doc: Document, loc: Loc, record: m.Sourced | m.Law) -> None:
        """No status date lies in the future (the model checks that a status is given at all)."""
        for field, day in (("checked", record.checked), ("entered", record.entered)):
            if day is not None and day > self.today:
                self.error(
                    doc,
                    loc + (field,),
                    _("日期 {day} 还没到：{field} 应是已经过去的某一天（今天是 {today}）").format(
                        day=day.isoformat(), field=field, today=self.today.isoformat()
                    ),
                )

    def exists(self, doc: Document, loc: Loc, value: str, kind: str, what: str) -> bool:
        known = getattr(self.src, kind)
        if value in known:
            return True
        if value in self.src.broken.get(kind, ()) or kind in self.src.broken_registries:
            return False  # its own file's errors are reported already
        hint = did_you_mean(value, list(known)) or _("；")
        self.diags.append(
            doc.diagnostic(
                loc,
                _("{what} '{value}' 不存在{hint}可选：{known}").format(
                    what=what, value=value, hint=hint, known=_("、").join(known) or _("（无）")
                ),
            )
        )
        return False

    def citations(self, doc: Document, loc: Loc, citations: list[m.Citation]) -> None:
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

    def material_uses(self, doc: Document, loc: Loc, uses: list[m.MaterialUse], taken: set[str]) -> None:
        for i, use in enumerate(uses):
            if self.exists(doc, loc + (i, "material"), use.material, "materials", _("材料")):
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
        self.status(doc, (), law)
        if not law.articles and not law.key_points:
            self.error(
                doc, ("articles",), _("请引用条文原文（articles）；还没有原文时，写 key_points 概括要点并注明不是原文")
            )
        seen: set[int] = set()
        for i, article in enumerate(law.articles):
            if article.number in seen:
                self.error(doc, ("articles", i, "number"), _("第 {n} 条重复").format(n=article.number))
            seen.add(article.number)

    def national_channels(self) -> None:
        doc = self.src.docs.get(("channels", ""))
        if doc is not None:
            for cid, channel in self.src.channels.items():
                self.status(doc, self.src.channel_locs[cid], channel)

    def province(self, province: m.Province, office_ids: dict[str, str]) -> None:
        doc = self.src.docs[("provinces", province.slug)]
        for fact in province_facts(province):
            self.status(doc, fact.loc, fact.record)
        for i, cid in enumerate(province.national_channels):
            self.exists(doc, ("national_channels", i), cid, "channels", _("全国渠道"))
        for i, office in enumerate(province.offices):
            if office.id in office_ids:
                self.diags.append(
                    doc.diagnostic(
                        ("offices", i, "id"),
                        _("窗口 id '{id}' 已在 {where}.yaml 中使用").format(id=office.id, where=office_ids[office.id]),
                    )
                )
            office_ids[office.id] = province.slug
            for j, gid in enumerate(office.guides):
                self.exists(doc, ("offices", i, "guides", j), gid, "guides", _("指南"))
        varied: set[str] = set()
        for i, var in enumerate(province.variations):
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
            _steps, problems = apply_step_edits(guide.steps, var.steps)
            for p in problems:
                self.diags.append(doc.diagnostic(loc + ("steps", p.index, p.field), p.message))
            for j, step_edit in enumerate(var.steps):
                if step_edit.step:
                    self.citations(doc, loc + ("steps", j, "step", "legal_basis"), step_edit.step.legal_basis)
                    self.step_place(doc, loc + ("steps", j, "step"), step_edit.step, guide)
            self.material_uses(doc, loc + ("materials",), var.materials, {u.material for u in guide.materials})

    def unique(self, doc: Document, loc: Loc, ids: list[str]) -> None:
        for i, value in enumerate(ids):
            if value in ids[:i]:
                self.error(doc, loc + (i, "id"), _("id '{id}' 重复").format(id=value))

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
        self.unique(doc, ("situations",), [s.id for s in plan.situations])
        self.unique(doc, ("needs",), [n.id for n in plan.needs])
        self.unique(doc, ("advice",), [a.id for a in plan.advice])
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


def check_references(src: Sources, today: date | None = None) -> list[Diagnostic]:
    refs = _Refs(src, today or date.today())
    refs.materials()
    refs.national_channels()
    for law in src.laws.values():
        refs.law(law)
    for guide in src.guides.values():
        refs.guide(guide)
    for journey in src.journeys.values():
        refs.journey(journey)
    office_ids: dict[str, str] = {}
    for province in src.provinces.values():
        refs.province(province, office_ids)
    if src.plan is not None:
        refs.plan(src.plan)
    return refs.diags


def validate_project(project: Project, today: date | None = None) -> Sources:
    """Load and validate every file of the project (phases 1 and 2); raise ValidationFailed with
    every problem found, or return the sources, positions kept. `today`: for dates that must not
    lie in the future (default: the real today)."""
    src, diags = read_sources(project)
    diags += check_references(src, today)
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
