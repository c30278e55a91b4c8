"""The personal plan: from a reader's choices (where they paid before, where they are now, who they
are, what they need) to one ordered list of steps, each done in a named province, and the
materials for all of them once. The rules are data (content/plan.yaml); the place roles of each
guide's steps are bound to the reader's provinces; the pension claim place follows 国办发〔2009〕66号
Art. 6 and the temporary pension account its Art. 5, with the thresholds plan.yaml gives.

The plan page composes the same plan in the reader's browser (templates/theme/assets/javascripts/
plan.js, from the pieces generator/outputs/plan_data.py writes): this module is the reference the
browser tests hold that script to, step for step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from . import model as m
from .resolve import ProvinceGuide, ResolvedMaterial, ResolvedStep, Site

Sex = Literal["male", "female"]
# How many provinces paid in before the plan page offers to choose, in order.
PREVIOUS_SLOTS = 4


@dataclass(frozen=True)
class Choices:
    """What the reader told the plan page (all of it lives in the page's URL)."""

    now: str  # the province they live and work in now (its slug)
    previous: tuple[str, ...] = ()  # provinces they paid in before, earliest first
    years: dict[str, float] = field(default_factory=dict)  # years paid in a province, where given
    hukou: str | None = None  # the hukou's province (mainland residents)
    situation: str | None = None  # a situation id of plan.yaml
    identity: m.Holder = "mainland"
    sex: Sex | None = None
    age: int | None = None
    needs: tuple[str, ...] = ()  # need ids of plan.yaml


@dataclass(frozen=True)
class ClaimPlace:
    """The pension claim place by 66号 Art. 6: the province, and which of its four rules decided
    (None: the choices do not tell, e.g. years not given)."""

    province: str | None
    rule: int | None


@dataclass(frozen=True)
class PlannedStep:
    step: ResolvedStep
    provinces: tuple[str, ...] | None  # where it is done; () online or anywhere; None: not known yet
    required: bool


@dataclass(frozen=True)
class PlannedPart:
    need: str
    guide: m.Guide
    roles: dict[str, tuple[str, ...] | None]  # each place role of the guide: the provinces playing it
    resolved: ProvinceGuide | None  # the guide as it applies in its own role's province, if that is one
    steps: list[PlannedStep]
    materials: list[ResolvedMaterial]


@dataclass(frozen=True)
class Plan:
    choices: Choices
    temporary_account: bool
    claim: ClaimPlace
    parts: list[PlannedPart]
    materials: list[ResolvedMaterial]  # every part's, each material once, in first use's order
    advice: list[m.PlanAdvice]


def insured_provinces(choices: Choices) -> list[str]:
    """Where the reader paid, earliest first, each once (at its last place in the order)."""
    order = [*choices.previous, choices.now]
    return [p for i, p in enumerate(order) if p not in order[i + 1 :]]


def temporary_account(rules: m.PlanTemporaryAccount, choices: Choices) -> bool:
    """66号 Art. 5: a man from `men` or a woman from `women` years old who moves to a province that
    is not their hukou's keeps the pension where it was, with a temporary account in the new one."""
    if not choices.previous or choices.age is None or choices.sex is None:
        return False
    threshold = rules.men if choices.sex == "male" else rules.women
    return choices.age >= threshold and choices.hukou != choices.now


def claim_place(rules: m.PlanPensionClaim, choices: Choices, temporary: bool) -> ClaimPlace:
    """66号 Art. 6. The pension relationship is where the reader is insured now, or, with a
    temporary account, still in the province they left last."""
    order = [*choices.previous, choices.now]
    here = choices.previous[-1] if temporary else choices.now
    if choices.hukou is not None and here == choices.hukou:
        return ClaimPlace(here, 1)
    years = choices.years.get(here)
    if years is None:
        return ClaimPlace(None, None)
    if years >= rules.years:
        return ClaimPlace(here, 2)
    before = order[: len(order) - 1 - order[::-1].index(here)]  # the places paid in before it
    for province in reversed(before):
        if province == here:
            continue
        paid = choices.years.get(province)
        if paid is None:
            return ClaimPlace(None, None)
        if paid >= rules.years:
            return ClaimPlace(province, 3)
    return ClaimPlace(choices.hukou, 4 if choices.hukou else None)


def holds(when: m.PlanWhen | None, choices: Choices, temporary: bool) -> bool:
    """Whether a rule's condition holds for the reader: every field written (a list: any of it)."""
    if when is None:
        return True
    return (
        (not when.situations or choices.situation in when.situations)
        and (not when.identities or choices.identity in when.identities)
        and (not when.needs or any(n in choices.needs for n in when.needs))
        and (when.temporary_account is None or when.temporary_account == temporary)
        and (when.previous is None or when.previous == bool(choices.previous))
    )


def bind(who: str, choices: Choices, claim: ClaimPlace) -> tuple[str, ...] | None:
    """The provinces that play a role bound to `who` (m.PlanProvinces); None when not known."""
    if who == "now":
        return (choices.now,)
    if who == "previous":
        return tuple(dict.fromkeys(p for p in choices.previous if p != choices.now))
    if who == "last-previous":
        return choices.previous[-1:]
    if who == "hukou":
        return (choices.hukou,) if choices.hukou else None
    if who == "pension-claim":
        return (claim.province,) if claim.province else None
    assert who == "not-pension-claim", who
    if claim.province is None:
        return None
    return tuple(p for p in insured_provinces(choices) if p != claim.province)


def compose(site: Site, choices: Choices) -> Plan:
    """The reader's plan from the site's resolved guides and the rules of plan.yaml."""
    rules = site.plan
    assert rules is not None, "a site without plan.yaml has no plan"
    temporary = temporary_account(rules.temporary_account, choices)
    claim = claim_place(rules.pension_claim, choices, temporary)
    applying = [r for r in rules.rules if holds(r.when, choices, temporary)]
    parts: list[PlannedPart] = []
    for need in rules.needs:
        if need.id not in choices.needs:
            continue
        for part in need.parts:
            if not holds(part.when, choices, temporary):
                continue
            guide = site.guides[part.guide]
            roles: dict[str, tuple[str, ...] | None] = {
                role: bind(who, choices, claim) for role, who in part.roles.items()
            }
            own = roles.get(guide.province_role)
            resolved = site.province_guides[(guide.id, own[0])] if own and len(own) == 1 else None
            steps = resolved.steps if resolved else site.national_steps(guide)
            skipped = {s for r in applying if r.guide == guide.id and r.then == "skip" for s in r.steps}
            required = {s for r in applying if r.guide == guide.id and r.then == "require" for s in r.steps}
            planned = []
            for rs in steps:
                place = rs.step.place
                if rs.step.id in skipped or roles.get(place) == ():
                    continue  # skipped for this reader, or a role none of their provinces plays
                where = roles.get(place, ())
                planned.append(PlannedStep(rs, where, not rs.step.optional or rs.step.id in required))
            unused = {u for r in applying if r.guide == guide.id and r.then == "skip" for u in r.materials}
            materials = resolved.materials if resolved else site.national_materials(guide)
            parts.append(
                PlannedPart(
                    need.id, guide, roles, resolved, planned, [rm for rm in materials if rm.material.id not in unused]
                )
            )
    seen: dict[str, ResolvedMaterial] = {}
    for planned_part in parts:
        for rm in planned_part.materials:
            seen.setdefault(rm.material.id, rm)
    advice = [a for a in rules.advice if holds(a.when, choices, temporary)]
    return Plan(choices, temporary, claim, parts, list(seen.values()), advice)
