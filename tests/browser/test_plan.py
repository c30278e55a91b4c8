"""The plan page in Chromium, on the shipped content: the readers' cases of tests/plan_cases.yaml
(plan.js held to the answers they expect and to Python's); five readers' plans, online and from the
offline bundle (file://), each step in the province the Python selection (generator/core/plan.py)
puts it in and the materials it lists; in three languages, with pending translations marked;
printed as a checklist; used with the keyboard only; axe-clean."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from helpers import site_of
from plan_cases import CASES, answers, mismatches, query

from generator.config import LANGUAGES, OFFLINE_BUNDLE, REPO_ROOT, Project
from generator.core.plan import Choices, compose

from .test_accessibility import AXE_RUN, axe_js  # noqa: F401 - axe_js is a fixture

PLANS = {
    "guangdong-to-zhejiang": Choices(
        now="zhejiang", previous=("guangdong",), situation="employee", needs=("transfer", "card")
    ),
    "beijing-shanghai-sichuan-55": Choices(
        now="sichuan",
        previous=("beijing", "shanghai"),
        years={"beijing": 12, "shanghai": 8},
        since=(1993, 2005, 2025),
        born=1971,
        hukou="beijing",
        situation="retiring",
        sex="male",
        needs=("transfer", "pension-claim"),
    ),
    "foreigner-shanghai-to-jiangsu": Choices(
        now="jiangsu", previous=("shanghai",), identity="foreign", situation="employee", needs=("transfer", "card")
    ),
    "hong-kong-to-guangdong": Choices(
        now="guangdong", identity="hong-kong-macao", situation="employee", needs=("transfer", "card")
    ),
    "hunan-to-guangdong-between-jobs": Choices(
        now="guangdong", previous=("hunan",), situation="between-jobs", needs=("transfer", "unemployment")
    ),
}


@pytest.fixture(scope="module")
def site():
    return site_of(Project(REPO_ROOT))


def expected(site, c: Choices) -> dict:
    plan = compose(site, c)
    return {
        "steps": [
            [p.guide.id, s.step.step.id, "?" if s.provinces is None else " ".join(s.provinces)]
            for p in plan.parts
            for s in p.steps
        ],
        "materials": [rm.material.id for rm in plan.materials],
        "temporary": "unknown" if plan.temporary_account is None else str(plan.temporary_account).lower(),
        "claim": plan.claim.province or "",
    }


SHOWN = """() => {
  const result = document.getElementById("plan-result");
  return {
    steps: [...result.querySelectorAll("li.plan-step")].map(li => [li.dataset.guide, li.dataset.step, li.dataset.provinces]),
    materials: [...result.querySelectorAll("li[data-material]")].map(li => li.dataset.material),
    temporary: result.dataset.temporary,
    claim: result.dataset.claim,
  };
}"""

# What the page tells, in the terms of tests/plan_cases.yaml (plan_cases.answers for Python's).
ANSWERS = """() => {
  const result = document.getElementById("plan-result");
  const words = value => value ? value.split(" ") : [];
  const steps = {};
  for (const li of result.querySelectorAll("li.plan-step")) {
    const where = li.dataset.provinces;
    steps[li.dataset.guide + "/" + li.dataset.step] = where === "?" ? "?" : words(where);
  }
  const temporary = result.dataset.temporary;
  return {
    temporary_account: temporary === "unknown" ? "unknown" : temporary === "true",
    claim: result.dataset.claim ? {province: result.dataset.claim, rule: Number(result.dataset.rule)} : "cannot-decide",
    undecided: words(result.dataset.undecided),
    steps: steps,
    advice: words(result.dataset.advice),
  };
}"""


def open_plan(page, url: str):
    page.goto(url)
    page.locator("#plan-result li.plan-step").first.wait_for(timeout=15_000)
    return page.evaluate(SHOWN)


def text(page) -> str:
    return page.locator("#plan-result").inner_text()


@pytest.mark.parametrize("name", PLANS)
def test_five_plans_online(page, real_site_url, site, name):
    c = PLANS[name]
    shown = open_plan(page, real_site_url + "plan/" + query(c))
    assert shown == expected(site, c)
    assert len(shown["materials"]) == len(set(shown["materials"]))
    body = text(page)
    if name == "guangdong-to-zhejiang":
        assert (
            "在哪里办：浙江省（转入地）" in body
            and "在哪里办：广东省（原参保地） · 经办机构之间办理，你不用出面" in body
        )
        assert "浙江省人力资源和社会保障厅" in body  # where to find an office: none is recorded for 浙江
        assert "浙里办" in body and "待核实" in body  # the province's app, not yet checked
        assert "先在现在的省份参保缴费" in body and "不要为了一次性领回个人账户" in body
    elif name == "beijing-shanghai-sichuan-55":
        assert "转回上一个累计缴费满10年的北京市领取养老金" in body
        assert "临时基本养老保险缴费账户" in body
        assert "北京市（原参保地）、上海市（原参保地）" in body  # medical insurance leaves both
        assert "上海市（原参保地）、四川省（原参保地）" in body  # both gathered to 北京
    elif name == "foreigner-shanghai-to-jiangsu":
        identity = page.locator('li[data-material="identity-document"]').inner_text()
        assert "护照" in identity and "居民身份证" not in identity
        assert "外国人：" in body and "不要为了一次性领回个人账户" not in body
    elif name == "hong-kong-to-guangdong":
        identity = page.locator('li[data-material="identity-document"]').inner_text()
        assert "港澳居民来往内地通行证" in identity and "护照" not in identity
        assert "你以前没有在其他省份参保" in body and "港澳台居民：" in body
    else:
        assert "在哪里办：湖南省（原参保地）" in body and "失业保险关系转迁证明材料" in body
    assert page.errors == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_readers_cases_in_the_browser(page, real_site_url, site, case):
    """The table of cases against plan.js: the answers it expects, and Python's, on the page."""
    open_plan(page, real_site_url + "plan/" + query(case.choices))
    shown = page.evaluate(ANSWERS)
    assert mismatches(case, shown) == [], case.reader
    assert shown == answers(compose(site, case.choices))
    if case.expect["claim"] == "cannot-decide" and "pension-claim" in case.choices.needs:
        assert "本清单不能确定你在哪里领取养老金" in text(page)
        assert "undefined" not in text(page)  # each reason has its words
    assert page.errors == []


@pytest.fixture(scope="module")
def offline_bundle(real_site, tmp_path_factory):
    """The Simplified Chinese offline zip, unpacked as a reader would."""
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(real_site / OFFLINE_BUNDLE.format(language="zh-Hans")) as archive:
        archive.extractall(folder)
    return folder / Path(OFFLINE_BUNDLE.format(language="zh-Hans")).stem


@pytest.mark.parametrize("name", ["guangdong-to-zhejiang", "beijing-shanghai-sichuan-55", "hong-kong-to-guangdong"])
def test_plans_from_the_offline_bundle(page, offline_bundle, site, name):
    c = PLANS[name]
    shown = open_plan(page, (offline_bundle / "plan" / "index.html").as_uri() + query(c))
    assert shown == expected(site, c)
    # links lead to the bundle's files, not to folders a file:// browser would list
    href = page.locator("#plan-result h4 a").first.get_attribute("href")
    assert href.endswith(".html"), href
    page.locator("#plan-result h4 a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.locator("article h1").first.is_visible()
    assert page.errors == []


def test_the_form_is_kept_in_the_address_and_bookmarked(page, real_site_url, site):
    c = PLANS["guangdong-to-zhejiang"]
    open_plan(page, real_site_url + "plan/" + query(c))
    assert page.locator("#plan-to").input_value() == "zhejiang"
    assert page.locator("#plan-need-card").is_checked() and not page.locator("#plan-need-treatment").is_checked()
    page.locator("#plan-need-card").uncheck()
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_function("!location.search.includes('need=card')")
    assert "need=transfer" in page.url
    assert page.evaluate(SHOWN)["steps"] == expected(site, Choices(**{**c.__dict__, "needs": ("transfer",)}))["steps"]
    page.go_back()
    page.wait_for_function("location.search.includes('need=card')")
    page.locator('li[data-guide="social-security-card"]').first.wait_for()


def test_a_plan_made_with_the_keyboard_only(page, real_site_url):
    page.goto(real_site_url + "plan/")

    def tab_to(element_id: str) -> None:
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    tab_to("plan-from1")
    while page.locator("#plan-from1").input_value() != "hunan":
        page.keyboard.press("ArrowDown")
    tab_to("plan-to")
    while page.locator("#plan-to").input_value() != "guangdong":
        page.keyboard.press("ArrowDown")
    tab_to("plan-need-transfer")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # submits the form
    page.locator("#plan-result li.plan-step").first.wait_for()
    assert page.evaluate("document.activeElement.id") == "plan-title"  # the reader is taken to the list
    assert "清单已列出" in page.locator("#plan-status").inner_text()
    # the boxes of the checklist are reached and ticked from the keyboard too
    tab_to_box = page.evaluate(
        "() => { const b = document.querySelector('#plan-result input[type=checkbox]'); b.focus(); return b === document.activeElement; }"
    )
    assert tab_to_box
    page.keyboard.press("Space")
    assert page.locator("#plan-result input[type=checkbox]").first.is_checked()


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
def test_in_every_language_and_accessible(page, real_site_url, axe_js, language):  # noqa: F811 - a fixture
    prefix = language.prefix + "/" if language.prefix else ""
    open_plan(page, real_site_url + prefix + "plan/" + query(PLANS["beijing-shanghai-sichuan-55"]))
    assert page.evaluate("document.documentElement.lang") == language.code
    body = text(page)
    expected_words = {"zh-Hans": "北京市", "en": "Beijing", "zh-Hant": "北京市"}[language.code]
    assert expected_words in body
    if language.code == "en":
        assert "Your checklist" in body and "Sichuan Province (the province you moved to)" in body
    if language.code == "zh-Hant":
        assert "辦理步驟" in body
    assert page.locator("#plan-result .untranslated").count() == 0  # the shipped catalogs are complete
    page.add_script_tag(path=str(axe_js))
    violations = page.evaluate(AXE_RUN)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_pending_translations_are_marked(page, site_url):
    """The fixture's text is not in the shipped English catalog: shown in Chinese, marked, and said."""
    open_plan(page, site_url + "en/plan/?from1=hunan&to=guangdong&need=move&need=card")
    marked = page.locator("#plan-result .untranslated")
    assert marked.count() > 0 and marked.first.get_attribute("lang") == "zh-Hans"
    assert "Translation pending" in text(page)


def test_printed_it_is_a_checklist_with_boxes(page, real_site_url, artifacts):
    open_plan(page, real_site_url + "plan/" + query(PLANS["guangdong-to-zhejiang"]))
    page.emulate_media(media="print")
    assert page.eval_on_selector("#plan-form", "e => getComputedStyle(e).display") == "none"
    assert page.eval_on_selector(".plan-print", "e => getComputedStyle(e).display") == "none"
    boxes = page.locator("#plan-result input[type=checkbox]")
    steps = page.locator("#plan-result li.plan-step").count()
    materials = page.locator("#plan-result li[data-material]").count()
    assert boxes.count() == steps + materials and all(boxes.nth(i).is_visible() for i in range(boxes.count()))
    assert "从广东省到浙江省" in text(page)  # the choices, summed up on paper
    page.screenshot(path=str(artifacts / "print-plan.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_on_a_phone_nothing_scrolls_sideways(new_page, real_site_url, artifacts):
    page = new_page({"width": 360, "height": 740})
    open_plan(page, real_site_url + "plan/" + query(PLANS["beijing-shanghai-sichuan-55"]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "phone-plan.png"), full_page=True)
