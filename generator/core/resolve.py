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
from .origins import Origin, Origins
from .sources import Content


@dataclass(frozen=True)
class EditProblem:
    """A step edit that cannot be applied: which edit, which of its fields, why."""

    index: int
    field: str
    message: str


def apply_step_edits(steps: list[Step], edits: list[StepEdit]) -> tuple[list[tuple[Step, str]], list[EditProblem]]:
    """Apply a province's step edits in order. `target` and `after` name steps of the national
    guide; steps added after the same step follow it in the order they are written. Returns
    (step, origin) pairs, origin being "national", "added" or "replaced", and the edits that could
    not be applied."""
    national = [s.id for s in steps]
    # (step, origin, the national step it stands for; None for an added one)
    result: list[tuple[Step, str, str | None]] = [(s, "national", s.id) for s in steps]
    problems: list[EditProblem] = []

    def position(national_id: str) -> int | None:
        return next((i for i, (_s, _o, n) in enumerate(result) if n == national_id), None)

    def not_found(i: int, field: str, step_id: str) -> EditProblem:
        if step_id in national:
            return EditProblem(i, field, _("步骤 '{id}' 已被前面的修改删除").format(id=step_id))
        if any(s.id == step_id for s, _o, _n in result):
            return EditProblem(
                i,
                field,
                _("'{id}' 是本省增加的步骤：{field} 只能写全国指南中的步骤 id（可选：{known}）").format(
                    id=step_id, field=field, known=_("、").join(national)
                ),
            )
        return EditProblem(
            i,
            field,
            _("全国指南中没有步骤 '{id}'{hint}可选：{known}").format(
                id=step_id, hint=did_you_mean(step_id, national) or _("；"), known=_("、").join(national)
            ),
        )

    def taken(step_id: str, allowed: int | None = None) -> bool:
        return any(s.id == step_id for j, (s, _o, _n) in enumerate(result) if j != allowed)

    for i, edit in enumerate(edits):
        if edit.action in ("replace", "remove"):
            if edit.target is None:
                problems.append(
                    EditProblem(
                        i,
                        "action",
                        _("{action} 需要写 target：要修改的全国步骤 id（可选：{known}）").format(
                            action=edit.action, known=_("、").join(national)
                        ),
                    )
                )
                continue
            at = position(edit.target)
            if at is None:
                problems.append(not_found(i, "target", edit.target))
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
            if taken(edit.step.id, at):
                problems.append(EditProblem(i, "step", _("步骤 id '{id}' 已被使用").format(id=edit.step.id)))
                continue
            result[at] = (edit.step, "replaced", edit.target)
            continue
        # add
        if edit.target is not None:
            problems.append(EditProblem(i, "target", _("add 不用 target；用 after 指定插在哪一步之后")))
            continue
        if edit.step is None:
            problems.append(
                EditProblem(i, "action", _("{action} 需要写 step：新步骤的内容").format(action=edit.action))
            )
            continue
        if taken(edit.step.id):
            problems.append(
                EditProblem(i, "step", _("步骤 id '{id}' 已被使用：新步骤需要新的 id").format(id=edit.step.id))
            )
            continue
        if edit.after is None:
            result.append((edit.step, "added", None))
            continue
        at = position(edit.after)
        if at is None:
            problems.append(not_found(i, "after", edit.after))
            continue
        at += 1
        while at < len(result) and result[at][1] == "added":  # after the steps added after it before
            at += 1
        result.insert(at, (edit.step, "added", None))
    return [(s, origin) for s, origin, _n in result], problems


@dataclass(frozen=True)
class Cited:
    law: Law
    article: Article | None  # None: the document as a whole


@dataclass(frozen=True)
class ResolvedOnline:
    """A channel through which a guide or a step can also be done online (a province's variation)."""

    channel: Channel | LocalChannel
    national: bool  # a national channel (else the province's own)
    note: str | None


@dataclass(frozen=True)
class ResolvedStep:
    step: Step
    origin: str  # national | added | replaced
    legal_basis: list[Cited]
    online: list[ResolvedOnline] = field(default_factory=list)  # can also be done through these
    source: Origin | None = None  # where it is written: the guide's file, or the province's for its own step


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
    online: list[ResolvedOnline] = field(default_factory=list)  # the whole guide can also be done there

    @property
    def fee_is_local(self) -> bool:
        """The fee is the province's own rule, not the national one."""
        return self.variation is not None and self.variation.fee is not None

    @property
    def time_limit_is_local(self) -> bool:
        return self.variation is not None and self.variation.time_limit is not None

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
    origins: Origins = field(default_factory=Origins)  # where each object is written (edit links)

    def national_steps(self, guide: Guide) -> list[ResolvedStep]:
        return [
            ResolvedStep(s, "national", _cite(self.laws, s.legal_basis), source=self.origins.step(guide.id, s.id))
            for s in guide.steps
        ]

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
    materials = {**site.materials, **{mat.id: mat for mat in province.materials}}
    own_channels = {c.id: c for c in province.channels if c.id}

    def online(step_id: str | None) -> list[ResolvedOnline]:
        return [
            ResolvedOnline(site.channels.get(o.channel) or own_channels[o.channel], o.channel in site.channels, o.note)
            for o in (variation.online if variation else [])
            if o.step == step_id
        ]

    return ProvinceGuide(
        guide=guide,
        province=province,
        role=role,
        variation=variation,
        steps=[
            ResolvedStep(
                s,
                origin,
                _cite(site.laws, s.legal_basis),
                online(s.id),
                site.origins.step(guide.id, s.id, None if origin == "national" else province.slug),
            )
            for s, origin in steps
        ],
        materials=[_material(materials, u, local) for u, local in uses],
        fee=(variation.fee if variation and variation.fee else guide.fee),
        time_limit=(variation.time_limit if variation and variation.time_limit else guide.time_limit),
        offices=[o for o in province.offices if guide.id in o.guides] if local else [],
        local_channels=list(province.channels) if local else [],
        national_channels=[site.channels[c] for c in province.national_channels],
        legal_basis=_cite(site.laws, guide.legal_basis),
        notes=site.notes(guide),
        online=online(None),
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
        origins=content.origins,
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
