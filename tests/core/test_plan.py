"""The personal plan's selection (generator/core/plan.py) on the shipped content: which guides and
steps a reader's situation gets, in which of their provinces each step is done, the pension claim
place of 国办发〔2009〕66号 Art. 6 and the temporary account of its Art. 5, and the materials once.
Readers' whole cases are in tests/plan_cases.yaml (tests/core/test_plan_cases.py)."""

from __future__ import annotations

import pytest
from helpers import site_of

from generator.config import REPO_ROOT, Project
from generator.core import model as m
from generator.core.plan import Choices, ClaimPlace, Pension, claim_place, compose, pension

RULES = m.PlanPensionClaim(years=10, legal_basis=[m.Citation(law="pension-transfer-measures", article=6)])
AGES = m.PlanTemporaryAccount(men=50, women=40, legal_basis=[m.Citation(law="pension-transfer-measures", article=5)])


@pytest.fixture(scope="module")
def site():
    return site_of(Project(REPO_ROOT))


def steps(plan) -> list[tuple[str, str, tuple[str, ...] | None]]:
    return [(p.guide.id, s.step.step.id, s.provinces) for p in plan.parts for s in p.steps]


def where(plan, guide: str, step: str) -> tuple[str, ...] | None:
    return next(prov for g, s, prov in steps(plan) if (g, s) == (guide, step))


def test_guangdong_to_zhejiang_employee(site):
    plan = compose(
        site, Choices(now="zhejiang", previous=("guangdong",), situation="employee", needs=("transfer", "card"))
    )
    assert [p.guide.id for p in plan.parts] == ["transfer-insurance", "social-security-card"]
    # "moved-to" steps happen in 浙江, resolved from its own data; "left" steps in 广东
    assert all(p.resolved is not None and p.resolved.province.slug == "zhejiang" for p in plan.parts)
    assert where(plan, "transfer-insurance", "apply-pension") == ("zhejiang",)
    assert where(plan, "transfer-insurance", "pension-out") == ("guangdong",)
    assert where(plan, "transfer-insurance", "check") == ()  # online
    assert where(plan, "social-security-card", "old-card") == ("guangdong",)
    # each material once, though both guides ask for an identity document
    ids = [rm.material.id for rm in plan.materials]
    assert ids.count("identity-document") == 1 and "ssc-application-form" in ids
    assert {"enroll-first", "no-cash-out", "no-trip-back"} <= {a.id for a in plan.advice}
    assert not plan.temporary_account


def test_beijing_shanghai_sichuan_man_who_started_in_sichuan_at_54_keeps_his_pension(site):
    choices = Choices(
        now="sichuan",
        previous=("beijing", "shanghai"),
        years={"beijing": 12, "shanghai": 8, "sichuan": 1},
        since=(1993, 2005, 2025),
        born=1971,
        hukou="beijing",
        situation="retiring",
        sex="male",
        needs=("transfer", "pension-claim"),
    )
    plan = compose(site, choices)
    assert plan.temporary_account  # Art. 5: 54 when he started in 四川, not his hukou's province
    assert plan.pension.relationship == "shanghai"  # moved there at 34
    assert plan.claim == ClaimPlace("beijing", 3)  # Art. 6 (3): back to the last place with 10 years
    got = steps(plan)
    # the pension stays where it is: no transfer of it this time; medical insurance moves as usual
    assert not {"apply-pension", "pension-out", "pension-in"} & {s for g, s, _ in got if g == "transfer-insurance"}
    assert where(plan, "transfer-insurance", "medical-out") == ("beijing", "shanghai")
    # the claim place gathers the others: the temporary account in 四川 and the relationship in 上海
    assert where(plan, "pension-claim-place", "gather") == ("beijing",)
    assert where(plan, "pension-claim-place", "transfer-out") == ("shanghai", "sichuan")
    claim_part = next(p for p in plan.parts if p.guide.id == "pension-claim-place")
    assert claim_part.resolved is not None and claim_part.resolved.province.slug == "beijing"
    assert {"temporary-account", "temporary-account-medical"} <= {a.id for a in plan.advice}
    assert "pension-transfer-application" not in [
        rm.material.id for rm in next(p for p in plan.parts if p.guide.id == "transfer-insurance").materials
    ]


def test_a_foreign_national_from_shanghai_to_jiangsu(site):
    plan = compose(
        site,
        Choices(now="jiangsu", previous=("shanghai",), identity="foreign", situation="employee", needs=("transfer",)),
    )
    assert where(plan, "transfer-insurance", "apply-medical") == ("jiangsu",)
    assert where(plan, "transfer-insurance", "medical-out") == ("shanghai",)
    # the "don't cash out" rule is for mainland residents: foreigners may, on leaving China
    assert "no-cash-out" not in {a.id for a in plan.advice}
    group = next(rm for rm in plan.materials if rm.material.id == "identity-document")
    assert {"passport", "foreign-permanent-residence-id"} <= {a.id for a in group.alternatives}


def test_a_hong_kong_resident_insured_for_the_first_time_in_guangdong(site):
    plan = compose(
        site, Choices(now="guangdong", identity="hong-kong-macao", situation="employee", needs=("transfer", "card"))
    )
    # nothing to transfer: enrol, then get the card; no old card to deal with
    assert steps(plan)[0] == ("transfer-insurance", "enroll", ("guangdong",))
    assert [s for g, s, _ in steps(plan) if g == "transfer-insurance"] == ["enroll"]
    assert "old-card" not in [s for g, s, _ in steps(plan)]
    assert {a.id for a in plan.advice} == {"first-time"}
    assert "pension-transfer-application" not in [rm.material.id for rm in plan.materials]


def test_hunan_to_guangdong_between_jobs_claims_unemployment_benefit_in_guangdong(site):
    plan = compose(
        site,
        Choices(now="guangdong", previous=("hunan",), situation="between-jobs", needs=("transfer", "unemployment")),
    )
    unemployment = next(p for p in plan.parts if p.guide.id == "unemployment-transfer")
    planned = {s.step.step.id: s for s in unemployment.steps}
    assert list(planned) == ["apply-out", "transfer-out", "claim-in", "check"]  # no employer to enrol him
    assert planned["apply-out"].provinces == ("hunan",) and planned["apply-out"].required  # optional made required
    assert planned["claim-in"].provinces == ("guangdong",)
    assert "unemployment-transfer-certificate" in [rm.material.id for rm in plan.materials]
    assert "unemployment-first" in {a.id for a in plan.advice}


def test_an_employee_changing_jobs_does_not_claim_unemployment_benefit(site):
    plan = compose(site, Choices(now="guangdong", previous=("hunan",), situation="employee", needs=("unemployment",)))
    assert [s for _g, s, _p in steps(plan)] == ["enroll", "check"]  # 8号令 Art. 22: 划转 is for the unemployed
    assert "termination-certificate" not in [rm.material.id for rm in plan.materials]


def test_treatment_elsewhere_is_filed_where_the_medical_insurance_is(site):
    worker = compose(site, Choices(now="zhejiang", previous=("guangdong",), situation="employee", needs=("treatment",)))
    assert worker.parts[0].roles == {"insured": ("guangdong",), "treatment": ("zhejiang",)}
    assert where(worker, "yidi-jiuyi-beian", "apply-counter") == ("guangdong",)
    retired = compose(
        site,
        Choices(
            now="hainan",
            previous=("hunan",),
            years={"hunan": 30, "hainan": 0},
            hukou="hunan",
            situation="retiring",
            needs=("treatment",),
        ),
    )
    assert retired.parts[0].roles == {"insured": ("hunan",), "treatment": ("hainan",)}


def test_a_claim_place_not_yet_known_leaves_its_steps_with_their_role(site):
    plan = compose(site, Choices(now="sichuan", previous=("beijing",), needs=("pension-claim",)))
    assert plan.claim == ClaimPlace(None, None, ("age",))
    assert where(plan, "pension-claim-place", "gather") is None
    assert plan.parts[0].resolved is None  # the national steps


def settled(relationship: str) -> Pension:
    return Pension(False, relationship, ())


@pytest.mark.parametrize(
    ("choices", "relationship", "expected"),
    [
        # (1) the relationship is in the hukou's province
        (Choices(now="hunan", previous=("guangdong",), hukou="hunan"), "hunan", ("hunan", 1)),
        # (2) not there, but 10 years where it is
        (
            Choices(now="zhejiang", previous=("hunan",), hukou="hunan", years={"zhejiang": 10}),
            "zhejiang",
            ("zhejiang", 2),
        ),
        # (2) 10 years there and no hukou given: (1) or (2), claimed there either way
        (Choices(now="zhejiang", previous=("hunan",), years={"zhejiang": 10}), "zhejiang", ("zhejiang", 2)),
        # (3) under 10 where it is: back to the last place with 10, not the first
        (
            Choices(
                now="sichuan",
                previous=("hebei", "beijing", "shanghai"),
                hukou="henan",
                years={"sichuan": 3, "shanghai": 9, "beijing": 11, "hebei": 20},
            ),
            "sichuan",
            ("beijing", 3),
        ),
        # (4) under 10 everywhere: gathered to the hukou's province
        (
            Choices(now="sichuan", previous=("beijing",), hukou="henan", years={"sichuan": 3, "beijing": 9}),
            "sichuan",
            ("henan", 4),
        ),
        # under 10 where it is and no hukou given: (1) may apply, not decided
        (
            Choices(now="sichuan", previous=("beijing",), years={"sichuan": 3, "beijing": 11}),
            "sichuan",
            (None, None, ("hukou",)),
        ),
        # under 10 everywhere and no hukou to have (a foreigner): not decided
        (
            Choices(now="sichuan", previous=("beijing",), identity="foreign", years={"sichuan": 3, "beijing": 9}),
            "sichuan",
            (None, None, ("no-hukou",)),
        ),
        # a year count missing on the way back: not decided
        (
            Choices(now="sichuan", previous=("beijing",), hukou="henan", years={"sichuan": 3}),
            "sichuan",
            (None, None, ("years",)),
        ),
    ],
)
def test_pension_claim_place_follows_66hao_article_6(choices, relationship, expected):
    assert claim_place(RULES, choices, settled(relationship)) == ClaimPlace(*expected)


@pytest.mark.parametrize(
    ("sex", "born", "hukou", "expected"),
    [
        # started in 四川 in 2020: the age then, not today's, decides
        ("male", 1969, "henan", Pension(True, "beijing", ())),  # 51 in 2020 (50 or 51 on the day)
        ("male", 1970, "henan", Pension(None, None, ("age",))),  # 49 or 50: the year does not tell
        ("male", 1971, "henan", Pension(False, "sichuan", ())),  # 48 or 49
        ("female", 1979, "henan", Pension(True, "beijing", ())),  # 40 or 41
        ("female", 1981, "henan", Pension(False, "sichuan", ())),
        (None, 1985, "henan", Pension(False, "sichuan", ())),  # 34 or 35: under either age
        (None, 1975, "henan", Pension(None, None, ("age",))),  # 44 or 45: a man's no, a woman's yes
        ("male", 1960, "sichuan", Pension(False, "sichuan", ())),  # back to the hukou's province: moves
        ("male", 1960, None, Pension(None, None, ("hukou",))),  # 四川 may be his hukou's: not assumed
        ("male", None, "henan", Pension(None, None, ("age",))),  # not said: not assumed
    ],
)
def test_the_relationship_follows_66hao_article_5(sex, born, hukou, expected):
    choices = Choices(now="sichuan", previous=("beijing",), since=(2000, 2020), hukou=hukou, sex=sex, born=born)
    assert pension(AGES, choices) == expected
    assert pension(AGES, Choices(now="sichuan", sex=sex, born=born)) == Pension(False, "sichuan", ())  # first time


def test_a_second_move_past_the_age_keeps_the_relationship_where_it_was_before_the_first():
    choices = Choices(
        now="jiangsu",
        previous=("guangdong", "shanghai"),
        since=(1990, 2016, 2021),
        hukou="henan",
        sex="male",
        born=1965,
    )
    assert pension(AGES, choices) == Pension(True, None, ("moves",))
    # one move past the age: the relationship stays in 广东, where it was, not the last province
    one = Choices(now="shanghai", previous=("guangdong",), since=(1990, 2016), hukou="henan", sex="male", born=1965)
    assert pension(AGES, one) == Pension(True, "guangdong", ())
