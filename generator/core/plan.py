"""The personal plan: from a reader's choices (where they paid before, where they are now, who they
are, what they need) to one ordered list of steps, each done in a named province, and the
materials for all of them once. The rules are data (content/plan.yaml); the place roles of each
guide's steps are bound to the reader's provinces; where the pension relationship is follows
国办发〔2009〕66号 Art. 5 (by the age at which the reader started paying in each province, not their
age today) and the claim place its Art. 6, with the thresholds plan.yaml gives. Where the choices
do not decide (no hukou given, none to give, an age or a year count missing, two moves past the
age), the plan says so and why (`undecided`) and never guesses.

The plan page composes the same plan in the reader's browser (templates/theme/assets/javascripts/
plan.js, from the pieces generator/outputs/plan_data.py writes): this module is the reference the
browser tests hold that script to, step for step, and tests/plan_cases.yaml holds both to the
answers real readers' cases must get."""

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
    # The year they started paying in each of [*previous, now], in that order (None: not given).
    since: tuple[int | None, ...] = ()
    born: int | None = None  # the year they were born
    hukou: str | None = None  # the hukou's province (mainland residents)
    situation: str | None = None  # a situation id of plan.yaml
    identity: m.Holder = "mainland"
    sex: Sex | None = None
    needs: tuple[str, ...] = ()  # need ids of plan.yaml


@dataclass(frozen=True)
class Pension:
    """Where the basic pension relationship is, by 66号 Art. 5, walking through the reader's moves.

    `temporary` is whether the move to the province they are in now opened only a temporary
    account (None: the choices do not tell); `undecided` says why something is not told."""

    temporary: bool | None
    relationship: str | None  # the province holding the relationship now (None: not told)
    undecided: tuple[m.PlanUndecided, ...]


@dataclass(frozen=True)
class ClaimPlace:
    """The pension claim place by 66号 Art. 6: the province, and which of its four rules decided
    (None: the choices do not tell; `undecided` says why)."""

    province: str | None
    rule: int | None
    undecided: tuple[m.PlanUndecided, ...] = ()


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
    pension: Pension
    claim: ClaimPlace
    parts: list[PlannedPart]
    materials: list[ResolvedMaterial]  # every part's, each material once, in first use's order
    advice: list[m.PlanAdvice]

    @property
    def temporary_account(self) -> bool | None:
        return self.pension.temporary

    @property
    def undecided(self) -> tuple[m.PlanUndecided, ...]:
        return tuple(dict.fromkeys((*self.pension.undecided, *self.claim.undecided)))


def insured_provinces(choices: Choices) -> list[str]:
    """Where the reader paid, earliest first, each once (at its last place in the order)."""
    order = [*choices.previous, choices.now]
    return [p for i, p in enumerate(order) if p not in order[i + 1 :]]


def _stays(rules: m.PlanTemporaryAccount, choices: Choices, started: int | None) -> bool | m.PlanUndecided:
    """Whether a move to a province that is not (known to be) the hukou's, begun in the year
    `started`, leaves the relationship where it was (Art. 5(2)); or why that is not told.

    The age that counts is the age when paying began there (not today's); from years alone it
    is known to a year: born 1975 and started in 2025 is 49 or 50."""
    if choices.born is None or started is None:
        return "age"
    age = started - choices.born  # the age reached in that year: the age then was age - 1 or age
    thresholds = [rules.men if choices.sex == "male" else rules.women] if choices.sex else [rules.men, rules.women]
    if age < min(thresholds):
        return False
    if age - 1 < max(thresholds):
        return "age"  # under or over the threshold, by the birthday or by the sex not given
    if choices.identity != "mainland":
        return "no-hukou"  # the rule turns on returning to the hukou's province: none to return to
    if choices.hukou is None:
        return "hukou"
    return True


def pension(rules: m.PlanTemporaryAccount, choices: Choices) -> Pension:
    """66号 Art. 5, move by move, earliest first: the relationship moves with the reader, except
    that a man from 50 or a woman from 40 who starts paying in a province that is not their
    hukou's keeps it where it was, with a temporary account in the new one; a second such move
    keeps it where it was before the first (the temporary accounts are gathered there or to the
    claim place). A province paid 0 years in (a retiree living there) is no move."""
    order = [*choices.previous, choices.now]
    since = [*choices.since, *[None] * len(order)][: len(order)]
    relationship: str | None = order[0]
    undecided: list[m.PlanUndecided] = []
    temporary: bool | None = False
    kept = 0  # moves that left the relationship behind
    for province, started in zip(order[1:], since[1:], strict=True):
        temporary = False
        if choices.years.get(province) == 0 or province == relationship:
            continue  # no contributions there, or back where the relationship is
        stays = False if province == choices.hukou else _stays(rules, choices, started)  # Art. 5(1): any age
        if stays is False:
            # the relationship moves here: whatever was not told about it before no longer matters
            relationship, undecided, kept = province, [], 0
        elif stays is True:
            temporary = True
            kept += 1
            if kept == 2:
                undecided.append("moves")
        else:
            temporary = None
            relationship = None
            undecided.append(stays)
    if choices.years.get(choices.now) == 0:
        temporary = False
    if "moves" in undecided:
        relationship = None
    return Pension(temporary, relationship, tuple(dict.fromkeys(undecided)))


def claim_place(rules: m.PlanPensionClaim, choices: Choices, pension: Pension) -> ClaimPlace:
    """66号 Art. 6, from where the relationship is (Art. 5)."""
    here = pension.relationship
    if here is None:
        return ClaimPlace(None, None, pension.undecided)
    if choices.hukou is not None and here == choices.hukou:
        return ClaimPlace(here, 1)
    years = choices.years.get(here)
    if years is None:
        return ClaimPlace(None, None, ("years",))
    if years >= rules.years:
        return ClaimPlace(here, 2)  # in the hukou's province or not, it is claimed here
    if choices.identity == "mainland" and choices.hukou is None:
        return ClaimPlace(None, None, ("hukou",))  # Art. 6(1) may apply
    order = [*choices.previous, choices.now]
    before = order[: len(order) - 1 - order[::-1].index(here)]  # the places paid in before it
    for province in reversed(before):
        if province == here:
            continue
        paid = choices.years.get(province)
        if paid is None:
            return ClaimPlace(None, None, ("years",))
        if paid >= rules.years:
            return ClaimPlace(province, 3)
    if choices.hukou is None:
        return ClaimPlace(None, None, ("no-hukou",))  # Art. 6(4) gathers to the hukou's province
    return ClaimPlace(choices.hukou, 4)


def holds(when: m.PlanWhen | None, choices: Choices, pension: Pension, claim: ClaimPlace) -> bool:
    """Whether a rule's condition holds for the reader: every field written (a list: any of it).
    A temporary account the choices do not tell is neither true nor false."""
    if when is None:
        return True
    undecided = (*pension.undecided, *claim.undecided)
    return (
        (not when.situations or choices.situation in when.situations)
        and (not when.identities or choices.identity in when.identities)
        and (not when.needs or any(n in choices.needs for n in when.needs))
        and (when.temporary_account is None or when.temporary_account is pension.temporary)
        and (when.previous is None or when.previous == bool(choices.previous))
        and (not when.undecided or any(u in undecided for u in when.undecided))
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
    kept = pension(rules.temporary_account, choices)
    claim = claim_place(rules.pension_claim, choices, kept)
    applying = [r for r in rules.rules if holds(r.when, choices, kept, claim)]
    parts: list[PlannedPart] = []
    for need in rules.needs:
        if need.id not in choices.needs:
            continue
        for part in need.parts:
            if not holds(part.when, choices, kept, claim):
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
    advice = [a for a in rules.advice if holds(a.when, choices, kept, claim)]
    return Plan(choices, kept, claim, parts, list(seen.values()), advice)
