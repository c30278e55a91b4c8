# mypy: disable-error-code="union-attr, arg-type"
from helpers import site_of

from generator.core.model import Step, StepEdit
from generator.core.resolve import apply_step_edits


def _step(i: str) -> Step:
    return Step(id=i, title=i, place="moved-to", text=i)


def test_province_variation_resolves_steps_materials_and_limits(project):
    site = site_of(project)
    gd = site.province_guides[("alpha", "guangdong")]
    assert [(rs.step.id, rs.origin) for rs in gd.steps] == [
        ("apply", "national"),
        ("local-check", "added"),
        ("transfer", "replaced"),
    ]
    assert gd.steps[2].step.title == "本省转出方式"
    assert [c.article.number for c in gd.steps[1].legal_basis] == [2]
    assert [(m.material.id, m.count, m.local) for m in gd.materials] == [
        ("id-card", 1, False),
        ("form-a", 1, False),
        ("local-proof", 1, True),
    ]
    assert gd.materials[2].form == "copy"  # from the registry
    assert gd.time_limit.working_days == 5  # the province's
    assert gd.fee.amount == 0  # the national one, not varied
    assert [o.id for o in gd.offices] == ["gd-hall"]
    assert str(gd.verification.oldest_check) == "2026-01-10"  # the oldest of province, office, variation
    assert "https://hrss.example.gov.cn/rule" in gd.sources


def test_province_without_variation_gets_the_national_guide(project):
    site = site_of(project)
    hn = site.province_guides[("alpha", "hunan")]
    assert hn.variation is None
    assert [rs.step.id for rs in hn.steps] == ["apply", "transfer", "collect"]
    assert hn.time_limit.working_days == 30
    assert hn.offices == []
    assert [c.name for c in hn.national_channels] == ["全国平台"]


def test_journey_joins_guides_in_order(project):
    site = site_of(project)
    journey = site.province_journeys[("alpha-then-beta", "guangdong")]
    assert [part.guide.id for part in journey.parts] == ["alpha", "beta"]
    assert journey.parts[0] is site.province_guides[("alpha", "guangdong")]


def test_step_edits_apply_in_order_and_report_problems():
    steps = [_step("a"), _step("b")]
    edits = [
        StepEdit(action="add", step=_step("c")),  # appended
        StepEdit(action="add", after="a", step=_step("d")),
        StepEdit(action="remove", target="b"),
        StepEdit(action="remove", target="b"),  # already removed
        StepEdit(action="add", step=_step("a")),  # id taken
    ]
    result, problems = apply_step_edits(steps, edits)
    assert [s.id for s, _origin in result] == ["a", "d", "c"]
    assert [(p.index, p.field) for p in problems] == [(3, "target"), (4, "step")]


def test_citing_lists_guides_that_cite_a_law_in_any_step(project):
    site = site_of(project)
    assert [g.id for g in site.citing("test-law")] == ["alpha", "beta"]
