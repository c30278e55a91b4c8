"""Phase 2: check every cross-reference between the files (a guide cites a law article that
exists, a variation names a real step, ids are unique) once each file matches the model.

All problems are collected and reported together as `path:line:col: error: message`.
"""

from __future__ import annotations

from ..config import Project
from ..i18n.catalog_check import check_catalogs
from ..i18n.messages import _
from . import model as m
from .diagnostics import Diagnostic, Loc, ValidationFailed, did_you_mean
from .load import Document
from .resolve import apply_step_edits
from .sources import Sources, read_sources


class _Refs:
    def __init__(self, src: Sources):
        self.src = src
        self.diags: list[Diagnostic] = []

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
            if c.article not in numbers:
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

    def law(self, law: m.Law) -> None:
        doc = self.src.docs[("laws", law.id)]
        self.unique(
            doc,
            [(("articles", i, "number"), _("第 {n} 条").format(n=a.number)) for i, a in enumerate(law.articles)],
            _("条款"),
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
        self.citations(doc, ("legal_basis",), guide.legal_basis)
        self.material_uses(doc, ("materials",), guide.materials, set())

    def journey(self, journey: m.Journey) -> None:
        doc = self.src.docs[("journeys", journey.id)]
        for i, gid in enumerate(journey.guides):
            self.exists(doc, ("guides", i), gid, "guides", _("指南"))
            if gid in journey.guides[:i]:
                self.diags.append(doc.diagnostic(("guides", i), _("指南 '{id}' 重复").format(id=gid)))

    def province(self, province: m.Province, office_ids: dict[str, str]) -> None:
        doc = self.src.docs[("provinces", province.slug)]
        self.unique(
            doc, [(("national_channels", i), f"'{c}'") for i, c in enumerate(province.national_channels)], _("全国渠道")
        )
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
            self.unique(doc, [(("offices", i, "guides", j), f"'{g}'") for j, g in enumerate(office.guides)], _("指南"))
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
            self.material_uses(doc, loc + ("materials",), var.materials, {u.material for u in guide.materials})


def check_references(src: Sources) -> list[Diagnostic]:
    refs = _Refs(src)
    for law in src.laws.values():
        refs.law(law)
    for guide in src.guides.values():
        refs.guide(guide)
    for journey in src.journeys.values():
        refs.journey(journey)
    office_ids: dict[str, str] = {}
    for province in src.provinces.values():
        refs.province(province, office_ids)
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
