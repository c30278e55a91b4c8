"""Where each step is done is said from the data, never assumed: for every guide of the shipped
content and every province, the page's "whom this page is for" box names the role the province
plays, each step's "where" names its own place (the province by name where it is the page's
role), and "you need not go back" appears exactly where every step at the place left is done by
the offices between themselves. Print says the same."""

import re

import pytest
from helpers import printed, site_of

from generator.config import REPO_ROOT, Project
from generator.outputs.pages import render_pages
from generator.outputs.presentation import AUDIENCE_BOXES, PLACE_LABELS, ROLE_NAMES

# The step's heading and where it is done (followed by the link to the step's source).
STEP = re.compile(r"^### 第 (\d+) 步：.*\n\n\*在哪里办：(.*)\*(?:&nbsp;· <a class=\"source-link\".*)?$", re.M)


@pytest.fixture(scope="module")
def real():
    site = site_of(Project(REPO_ROOT))
    return site, render_pages(site)


def _where(pg, step) -> str:
    """What the page must say of where `step` is done."""
    if step.place == pg.role:
        text = f"{pg.province.name}（{ROLE_NAMES[step.place]}）"
    else:
        text = PLACE_LABELS[step.place]
    if step.by == "agencies":
        text += " · 经办机构之间办理，你不用出面"
    return text


def test_every_guide_page_says_what_its_data_says(real):
    site, pages = real
    checked = 0
    for (guide_id, slug), pg in site.province_guides.items():
        page = pages[f"guides/{guide_id}/{slug}.md"]
        box = page[page.index('!!! info "本页写给谁"') : page.index("[全国通用说明]")]
        name = pg.province.name
        assert AUDIENCE_BOXES[pg.role] % {"province": name} in box, (guide_id, slug)
        for role, sentence in AUDIENCE_BOXES.items():
            if role != pg.role:
                assert sentence % {"province": name} not in box, (guide_id, slug, role)
        found = STEP.findall(page)
        assert [int(n) for n, _where_text in found] == list(range(1, len(pg.steps) + 1)), (guide_id, slug)
        for (n, where_text), rs in zip(found, pg.steps, strict=True):
            assert where_text.startswith(_where(pg, rs.step)), (guide_id, slug, n, where_text)
        left = pg.steps_at("left")
        need_not_go_back = "left" in pg.others and all(rs.step.by == "agencies" for rs in left)
        assert ("你不必回去" in box) is need_not_go_back, (guide_id, slug)
        if left and pg.role != "left" and not need_not_go_back:
            assert "原参保地" in box  # what you do there yourself is said
        checked += 1
    assert checked == len(site.guides) * len(site.provinces) > 200


def test_a_guide_page_never_calls_its_province_a_role_it_does_not_play(real):
    site, pages = real
    for (guide_id, slug), pg in site.province_guides.items():
        page = pages[f"guides/{guide_id}/{slug}.md"]
        for role, role_name in ROLE_NAMES.items():
            said = f"{pg.province.name}（{role_name}）" in page or f"{pg.province.name}是你的{role_name}" in page
            assert said is (role == pg.role), (guide_id, slug, role)


def test_journey_parts_say_which_role_the_province_plays_in_each(real):
    site, pages = real
    for (journey_id, slug), pj in site.province_journeys.items():
        page = pages[f"journeys/{journey_id}/{slug}.md"]
        for part in pj.parts:
            role_name = ROLE_NAMES[part.role]
            assert f"这件事里，{pj.province.name}是你的{role_name}" in page, (journey_id, slug, part.guide.id)
    # moving for work: the medical filing is done where one is insured, not in the province moved to
    pj = site.province_journeys[("moving-for-work", "zhejiang")]
    filing = next(p for p in pj.parts if p.guide.id == "yidi-jiuyi-beian")
    assert filing.role == "treatment" and not filing.local and filing.offices == []


def test_print_says_the_same(real):
    site, _pages = real
    html = printed(
        site, "zh-Hans", only=["guides/payment-voucher/zhejiang.pdf", "guides/transfer-insurance/zhejiang.pdf"]
    )
    voucher = html["guides/payment-voucher/zhejiang.pdf"]
    assert AUDIENCE_BOXES["left"] % {"province": "浙江省"} in voucher and "你不必回去" not in voucher
    transfer = html["guides/transfer-insurance/zhejiang.pdf"]
    assert AUDIENCE_BOXES["moved-to"] % {"province": "浙江省"} in transfer
    assert "浙江省（转入地）" in transfer and PLACE_LABELS["left"] in transfer


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_other_languages_say_the_same_places(language):
    """The same statements in English and Traditional Chinese, from the same data: each step's
    place in the catalog's words, the audience box for the province's role."""
    from generator.i18n.messages import load_translations

    ui = load_translations(language, "messages")
    site = site_of(Project(REPO_ROOT), language)
    pages = render_pages(site, language)
    for (guide_id, slug), pg in site.province_guides.items():
        if slug not in ("zhejiang", "guangdong"):
            continue
        page = pages[f"guides/{guide_id}/{slug}.md"]
        for rs in pg.steps:
            if rs.step.place != pg.role:
                assert ui.gettext(PLACE_LABELS[rs.step.place]).split("(")[0].strip() in page.replace("\\(", "("), (
                    language,
                    guide_id,
                    rs.step.id,
                )
        if language == "en":
            assert "你不必回去" not in page  # the source text never leaks where a translation exists
        for role in ROLE_NAMES:
            box = ui.gettext(AUDIENCE_BOXES[role]).split("%(province)s")[0]
            if role == pg.role and box:
                assert box in page, (language, guide_id, role)


def test_print_states_each_guides_places_for_one_province(real):
    site, _pages = real
    only = [f"guides/{g}/sichuan.pdf" for g in site.guides]
    html = printed(site, "zh-Hans", only=only)
    for guide_id in site.guides:
        pg = site.province_guides[(guide_id, "sichuan")]
        doc = html[f"guides/{guide_id}/sichuan.pdf"]
        assert AUDIENCE_BOXES[pg.role] % {"province": "四川省"} in doc, guide_id
        for rs in pg.steps:
            assert _where(pg, rs.step) in doc, (guide_id, rs.step.id)
        need_not_go_back = "left" in pg.others and all(rs.step.by == "agencies" for rs in pg.steps_at("left"))
        assert ("你不必回去" in doc) is need_not_go_back, guide_id
