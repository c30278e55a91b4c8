"""Phase 4: resolve the (localized) content into the site: each national guide plus one
province's variation becomes the guide as it applies in that province. Plain typed objects flow
from here to every output."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..i18n.messages import _
from .diagnostics import did_you_mean
from .facts import Verification, verification
from .model import (
    PROVINCE_ROLES,
    Article,
    Channel,
    Citation,
    Fee,
    Guide,
    Journey,
    Law,
    LocalChannel,
    Material,
    MaterialUse,
    Office,
    PlanFile,
    Province,
    Sourced,
    Step,
    StepEdit,
    TimeLimit,
    Variation,
)
from .sources import Content


@dataclass(frozen=True)
class EditProblem:
    """A step edit that cannot be applied: which edit, which of its fields, why."""

    index: int
    field: str
    message: str


def apply_step_edits(steps: list[Step], edits: list[StepEdit]) -> tuple[list[tuple[Step, str]], list[EditProblem]]:
    """Apply a province's step edits in order. Returns (step, origin) pairs, origin being
    "national", "added" or "replaced", and the edits that could not be applied."""
    result: list[tuple[Step, str]] = [(s, "national") for s in steps]
    problems: list[EditProblem] = []

    def position(step_id: str) -> int | None:
        return next((i for i, (s, _o) in enumerate(result) if s.id == step_id), None)

    def known() -> str:
        return _("、").join(s.id for s, _o in result)

    def hint(step_id: str) -> str:
        return did_you_mean(step_id, [s.id for s, _o in result]) or _("；")

    for i, edit in enumerate(edits):
        if edit.action in ("replace", "remove"):
            if edit.target is None:
                problems.append(
                    EditProblem(
                        i,
                        "action",
                        _("{action} 需要写 target：要修改的全国步骤 id（可选：{known}）").format(
                            action=edit.action, known=known()
                        ),
                    )
                )
                continue
            at = position(edit.target)
            if at is None:
                problems.append(
                    EditProblem(
                        i,
                        "target",
                        _("步骤 '{target}' 不存在{hint}可选：{known}").format(
                            target=edit.target, hint=hint(edit.target), known=known()
                        ),
                    )
                )
                continue
            if edit.action == "remove":
                if edit.step is not None:
                    problems.append(EditProblem(i, "step", _("remove 不需要写 step")))
                del result[at]
                continue
        if edit.step is None:
            problems.append(
                EditProblem(i, "action", _("{action} 需要写 step：新步骤的内容").format(action=edit.action))
            )
            continue
        clash = position(edit.step.id)
        if edit.action == "replace":
            assert at is not None  # found above, or the edit was skipped
            if clash is not None and clash != at:
                problems.append(EditProblem(i, "step", _("步骤 id '{id}' 已被使用").format(id=edit.step.id)))
                continue
            result[at] = (edit.step, "replaced")
            continue
        # add
        if edit.target is not None:
            problems.append(EditProblem(i, "target", _("add 不用 target；用 after 指定插在哪一步之后")))
            continue
        if clash is not None:
            problems.append(
                EditProblem(i, "step", _("步骤 id '{id}' 已被使用：新步骤需要新的 id").format(id=edit.step.id))
            )
            continue
        if edit.after is None:
            result.append((edit.step, "added"))
            continue
        at = position(edit.after)
        if at is None:
            problems.append(
                EditProblem(
                    i,
                    "after",
                    _("步骤 '{after}' 不存在{hint}可选：{known}").format(
                        after=edit.after, hint=hint(edit.after), known=known()
                    ),
                )
            )
            continue
        result.insert(at + 1, (edit.step, "added"))
    return result, problems


@dataclass(frozen=True)
class Cited:
    law: Law
    article: Article | None  # None: the document as a whole


@dataclass(frozen=True)
class ResolvedStep:
    step: Step
    origin: str  # national | added | replaced
    legal_basis: list[Cited]


@dataclass(frozen=True)
class ResolvedMaterial:
    material: Material
    required: bool
    form: str
    count: int
    note: str | None
    local: bool  # added by the province
    alternatives: list[Material]  # any one of these (the material is a group, e.g. identity documents)


@dataclass(frozen=True)
class ResolvedNote:
    audience: str
    text: str
    legal_basis: list[Cited]


@dataclass(frozen=True)
class ProvinceGuide:
    """A guide as it applies to a person for whom `province` plays the role `role` (the province
    moved to, the card's issuer, ...). The province's own variation, offices and channels apply
    only when the page is about the province in the guide's own `province_role`; in a journey the
    province may play another role (a journey for the province moved to includes filing for
    treatment there, done at the insured place elsewhere): then the national steps are shown."""

    guide: Guide
    province: Province
    role: str  # the province's role on this page (a ProvinceRole)
    variation: Variation | None
    steps: list[ResolvedStep]
    materials: list[ResolvedMaterial]
    fee: Fee
    time_limit: TimeLimit | None
    offices: list[Office]
    local_channels: list[LocalChannel]
    national_channels: list[Channel]
    legal_basis: list[Cited]
    notes: list[ResolvedNote]

    @property
    def local(self) -> bool:
        """Whether this province's own data (variation, offices, channels) is what the page shows."""
        return self.role == self.guide.province_role

    @property
    def places(self) -> list[str]:
        """Where this version's steps are done, in the order the steps first name them."""
        return list(dict.fromkeys(rs.step.place for rs in self.steps))

    def steps_at(self, place: str) -> list[ResolvedStep]:
        return [rs for rs in self.steps if rs.step.place == place]

    @property
    def others(self) -> list[str]:
        """The province roles other than this page's: places elsewhere where something is done."""
        return [p for p in self.places if p != self.role and p in PROVINCE_ROLES]

    @property
    def facts(self) -> list[Sourced]:
        """The province's facts this guide's page shows: the province itself, its offices for the
        guide, the variation, its local channels (national channels have their own status)."""
        records: list[Sourced] = [self.province, *self.offices]
        if self.variation:
            records.append(self.variation)
        return [*records, *self.local_channels]

    @property
    def verification(self) -> Verification:
        return verification(self.facts)

    @property
    def sources(self) -> list[str]:
        urls = list(self.province.sources)
        if self.variation:
            urls += self.variation.sources
        for office in self.offices:
            urls += office.sources
        return list(dict.fromkeys(urls))


@dataclass(frozen=True)
class ProvinceJourney:
    journey: Journey
    province: Province
    parts: list[ProvinceGuide]


@dataclass
class Site:
    """Everything the templates need, fully resolved."""

    laws: dict[str, Law]
    materials: dict[str, Material]
    channels: dict[str, Channel]
    guides: dict[str, Guide]
    journeys: dict[str, Journey]
    provinces: dict[str, Province]  # in GB/T 2260 order
    province_guides: dict[tuple[str, str], ProvinceGuide] = field(default_factory=dict)
    province_journeys: dict[tuple[str, str], ProvinceJourney] = field(default_factory=dict)
    plan: PlanFile | None = None  # the rules of the personal plan (content/plan.yaml)

    def national_steps(self, guide: Guide) -> list[ResolvedStep]:
        return [ResolvedStep(s, "national", _cite(self.laws, s.legal_basis)) for s in guide.steps]

    def national_legal_basis(self, guide: Guide) -> list[Cited]:
        return _cite(self.laws, guide.legal_basis)

    def national_materials(self, guide: Guide) -> list[ResolvedMaterial]:
        return [_material(self.materials, u, local=False) for u in guide.materials]

    def notes(self, guide: Guide) -> list[ResolvedNote]:
        return [ResolvedNote(n.audience, n.text, _cite(self.laws, n.legal_basis)) for n in guide.audience_notes]

    def guides_using(self, material_id: str) -> list[Guide]:
        return [g for g in self.guides.values() if any(u.material == material_id for u in g.materials)]

    def groups_of(self, material_id: str) -> list[Material]:
        """The groups (e.g. identity documents) that offer `material_id` as one of their alternatives."""
        return [m for m in self.materials.values() if material_id in m.one_of]

    def citing(self, law_id: str) -> list[Guide]:
        """Guides that cite `law_id`, in the guide, any step or any note for some readers."""
        return [
            g
            for g in self.guides.values()
            if any(c.law == law_id for c in g.legal_basis)
            or any(c.law == law_id for s in g.steps for c in s.legal_basis)
            or any(c.law == law_id for n in g.audience_notes for c in n.legal_basis)
        ]


def _cite(laws: dict[str, Law], citations: Iterable[Citation]) -> list[Cited]:
    out = []
    for c in citations:
        law = laws[c.law]
        out.append(Cited(law, next((a for a in law.articles if a.number == c.article), None)))
    return out


def _material(materials: dict[str, Material], use: MaterialUse, local: bool) -> ResolvedMaterial:
    m = materials[use.material]
    return ResolvedMaterial(
        m,
        use.required,
        use.form or m.form,
        m.count if use.count is None else use.count,
        use.note or m.note,
        local,
        [materials[a] for a in m.one_of],
    )


def resolve_guide(site: Site, guide: Guide, province: Province, role: str | None = None) -> ProvinceGuide:
    role = role or guide.province_role
    local = role == guide.province_role
    variation = next((v for v in province.variations if v.guide == guide.id), None) if local else None
    edits = variation.steps if variation else []
    steps, problems = apply_step_edits(guide.steps, edits)
    assert not problems, "resolve_guide needs validated input"
    uses = [(u, False) for u in guide.materials] + [(u, True) for u in (variation.materials if variation else [])]
    return ProvinceGuide(
        guide=guide,
        province=province,
        role=role,
        variation=variation,
        steps=[ResolvedStep(s, origin, _cite(site.laws, s.legal_basis)) for s, origin in steps],
        materials=[_material(site.materials, u, local) for u, local in uses],
        fee=(variation.fee if variation and variation.fee else guide.fee),
        time_limit=(variation.time_limit if variation and variation.time_limit else guide.time_limit),
        offices=[o for o in province.offices if guide.id in o.guides] if local else [],
        local_channels=list(province.channels) if local else [],
        national_channels=[site.channels[c] for c in province.national_channels],
        legal_basis=_cite(site.laws, guide.legal_basis),
        notes=site.notes(guide),
    )


def resolve(content: Content) -> Site:
    """Every guide and journey as it applies in every province."""
    site = Site(
        content.laws,
        content.materials,
        content.channels,
        content.guides,
        content.journeys,
        dict(sorted(content.provinces.items(), key=lambda kv: kv[1].code)),
        plan=content.plan,
    )
    for province in site.provinces.values():
        for guide in site.guides.values():
            site.province_guides[(guide.id, province.slug)] = resolve_guide(site, guide, province)
        for journey in site.journeys.values():
            parts = []
            for part in journey.guides:
                guide = site.guides[part.guide]
                if part.province_role in (None, guide.province_role):
                    parts.append(site.province_guides[(guide.id, province.slug)])
                else:
                    parts.append(resolve_guide(site, guide, province, part.province_role))
            site.province_journeys[(journey.id, province.slug)] = ProvinceJourney(journey, province, parts)
    return site
