"""The personal plan's selection (generator/core/plan.py) on the shipped content: which guides and
steps a reader's situation gets, in which of their provinces each step is done, the pension claim
place of 国办发〔2009〕66号 Art. 6 and the temporary account of its Art. 5, and the materials once."""

from __future__ import annotations

import pytest
from helpers import site_of

from generator.config import REPO_ROOT, Project
from generator.core import model as m
from generator.core.plan import Choices, ClaimPlace, claim_place, compose, temporary_account

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


def test_beijing_shanghai_sichuan_man_of_55_keeps_his_pension_and_claims_in_beijing(site):
    choices = Choices(
        now="sichuan",
        previous=("beijing", "shanghai"),
        years={"beijing": 12, "shanghai": 8, "sichuan": 1},
        hukou="beijing",
        situation="retiring",
        sex="male",
        age=55,
        needs=("transfer", "pension-claim"),
    )
    plan = compose(site, choices)
    assert plan.temporary_account  # Art. 5: 50+, not moving to his hukou's province
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
    assert "temporary-account" in {a.id for a in plan.advice}
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
    assert [s for _g, s, _p in steps(plan)] == ["enroll", "transfer-out", "check"]
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
    assert plan.claim == ClaimPlace(None, None)
    assert where(plan, "pension-claim-place", "gather") is None
    assert plan.parts[0].resolved is None  # the national steps


@pytest.mark.parametrize(
    ("choices", "temporary", "expected"),
    [
        # (1) the relationship is in the hukou's province
        (Choices(now="hunan", previous=("guangdong",), hukou="hunan"), False, ("hunan", 1)),
        # (2) not there, but 10 years where it is
        (Choices(now="zhejiang", previous=("hunan",), hukou="hunan", years={"zhejiang": 10}), False, ("zhejiang", 2)),
        # (3) under 10 where it is: back to the last place with 10, not the first
        (
            Choices(
                now="sichuan",
                previous=("hebei", "beijing", "shanghai"),
                years={"sichuan": 3, "shanghai": 9, "beijing": 11, "hebei": 20},
            ),
            False,
            ("beijing", 3),
        ),
        # (4) under 10 everywhere: gathered to the hukou's province
        (
            Choices(now="sichuan", previous=("beijing",), hukou="henan", years={"sichuan": 3, "beijing": 9}),
            False,
            ("henan", 4),
        ),
        # under 10 everywhere and no hukou given (a foreigner): not decided here
        (Choices(now="sichuan", previous=("beijing",), years={"sichuan": 3, "beijing": 9}), False, (None, None)),
        # a year count missing on the way back: not decided
        (Choices(now="sichuan", previous=("beijing",), years={"sichuan": 3}), False, (None, None)),
        # a temporary account: the relationship stayed in the province left last
        (Choices(now="sichuan", previous=("beijing", "shanghai"), years={"shanghai": 10}), True, ("shanghai", 2)),
    ],
)
def test_pension_claim_place_follows_66hao_article_6(choices, temporary, expected):
    assert claim_place(RULES, choices, temporary) == ClaimPlace(*expected)


@pytest.mark.parametrize(
    ("sex", "age", "hukou", "expected"),
    [
        ("male", 50, None, True),
        ("male", 49, None, False),
        ("female", 40, None, True),
        ("female", 39, None, False),
        ("male", 55, "sichuan", False),  # returning to the hukou's province: transferred as usual
        (None, 55, None, False),  # not said: not assumed
    ],
)
def test_temporary_account_follows_66hao_article_5(sex, age, hukou, expected):
    choices = Choices(now="sichuan", previous=("beijing",), hukou=hukou, sex=sex, age=age)
    assert temporary_account(AGES, choices) is expected
    assert temporary_account(AGES, Choices(now="sichuan", sex=sex, age=age)) is False  # first time insured
