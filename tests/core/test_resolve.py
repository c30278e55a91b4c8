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
    assert gd.time_limit.working_days == 5 and gd.time_limit_is_local  # the province's
    assert gd.fee.note == "本省免费" and gd.fee_is_local
    assert [o.id for o in gd.offices] == ["guangdong-guangzhou-hall", "guangdong-shenzhen-centre"]
    assert str(gd.verification.oldest_check) == "2026-01-10"  # the oldest of province, office, variation
    assert "https://hrss.example.gov.cn/rule" in gd.sources
    # online: the province's app for the first step, a national channel for the whole guide; no step added
    assert [(o.channel.name, o.national, o.note) for o in gd.steps[0].online] == [
        ("本省App", False, "在首页搜索“甲事项”")
    ]
    assert [s.online for s in gd.steps[1:]] == [[], []]
    assert [(o.channel.name, o.national) for o in gd.online] == [("全国平台", True)]


def test_a_material_the_province_defines_is_on_its_page_only(project):
    site = site_of(project)
    gd = site.province_guides[("beta", "guangdong")]
    assert [(m.material.name, m.required, m.local) for m in gd.materials] == [("本省登记表", False, True)]
    assert "guangdong-local-form" not in site.materials  # not in the national registry
    assert site.province_guides[("beta", "hunan")].materials == []


def test_province_without_variation_gets_the_national_guide(project):
    site = site_of(project)
    hn = site.province_guides[("alpha", "hunan")]
    assert hn.variation is None
    assert [rs.step.id for rs in hn.steps] == ["apply", "transfer", "collect"]
    assert hn.time_limit.working_days == 30 and not hn.time_limit_is_local and not hn.fee_is_local
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
        StepEdit(action="add", after="d", step=_step("e")),  # after names a national step
    ]
    result, problems = apply_step_edits(steps, edits)
    assert [s.id for s, _origin in result] == ["a", "d", "c"]
    assert [(p.index, p.field, p.message) for p in problems] == [
        (3, "target", "步骤 'b' 已被前面的修改删除"),
        (4, "step", "步骤 id 'a' 已被使用：新步骤需要新的 id"),
        (5, "after", "'d' 是本省增加的步骤：after 只能写全国指南中的步骤 id（可选：a、b）"),
    ]


def test_steps_added_after_the_same_step_keep_the_order_they_are_written_in():
    steps = [_step("a"), _step("b")]
    edits = [
        StepEdit(action="add", after="a", step=_step("x")),
        StepEdit(action="add", after="a", step=_step("y")),
        StepEdit(action="replace", target="a", step=_step("a2")),  # the national id still names it
        StepEdit(action="add", after="a", step=_step("z")),
    ]
    result, problems = apply_step_edits(steps, edits)
    assert problems == []
    assert [(s.id, origin) for s, origin in result] == [
        ("a2", "replaced"),
        ("x", "added"),
        ("y", "added"),
        ("z", "added"),
        ("b", "national"),
    ]


def test_citing_lists_guides_that_cite_a_law_in_any_step(project):
    site = site_of(project)
    assert [g.id for g in site.citing("test-law")] == ["alpha", "beta"]
