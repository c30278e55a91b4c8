"""What a reader does, in headless Chromium: open the home page, find their guide and province,
switch language, search, read on a phone, print."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

PHONE = {"width": 360, "height": 740}


def test_home_page_loads(page, site_url):
    response = page.goto(site_url)
    assert response.ok
    assert page.locator("article h1").first.inner_text().rstrip("¶") == "跨省社保办事指南"
    assert page.get_by_role("link", name="甲事项", exact=True).is_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert page.errors == []


def test_reader_picks_a_guide_then_a_province(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="甲事项", exact=True).click()
    page.wait_for_url(f"{site_url}guides/alpha/")
    page.get_by_role("link", name="广东省", exact=True).click()
    page.wait_for_url(f"{site_url}guides/alpha/guangdong/")
    assert page.locator("h1").first.inner_text().startswith("甲事项 · 广东省")
    assert page.get_by_text("本省核验").first.is_visible()  # the province's own step
    assert page.errors == []


def test_reader_picks_a_province_then_a_guide(page, site_url):
    page.goto(site_url)
    page.locator("article").get_by_role("link", name="湖南", exact=True).click()
    page.wait_for_url(f"{site_url}provinces/hunan/")
    page.locator("article").get_by_role("link", name="乙事项", exact=True).click()
    page.wait_for_url(f"{site_url}guides/beta/hunan/")
    assert page.locator("h1").first.inner_text().startswith("乙事项 · 湖南省")


@pytest.mark.parametrize(
    "start, to, expected",
    [
        ("guides/alpha/guangdong/", "en", "en/guides/alpha/guangdong/"),
        ("en/laws/test-law/", "zh-Hant", "zh-Hant/laws/test-law/"),
        ("zh-Hant/provinces/hunan/", "zh-Hans", "provinces/hunan/"),
    ],
)
def test_language_switcher_keeps_the_page(page, site_url, start, to, expected):
    page.goto(site_url + start)
    page.locator(".md-header .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{to}"]').click()
    page.wait_for_url(site_url + expected)
    assert page.evaluate("document.documentElement.lang") == to


def test_search_box_finds_the_card_guide(page, card_site_url):
    page.goto(card_site_url)
    page.wait_for_load_state("networkidle")  # the search index is loaded
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("社保卡")
    # Chinese is typed through an input method, whose commit ends with a key event: Material
    # searches on key events, not on the text changing (fill() alone finds nothing)
    box.press("End")
    result = page.locator('.md-search-result__link[href$="guides/beta/"]').first
    result.wait_for(timeout=15_000)
    # jieba's segments are marked with U+200B in the index (申领\u200b社保卡)
    assert "申领社保卡" in result.inner_text().replace("\u200b", "")
    assert "社保卡" in result.locator("mark").all_inner_texts()
    result.click()
    page.wait_for_url(f"{card_site_url}guides/beta/")


PAGES = [
    "",
    "guides/alpha/",
    "guides/alpha/guangdong/",
    "journeys/alpha-then-beta/guangdong/",
    "laws/test-law/",
    "materials/",
    "en/guides/alpha/guangdong/",
    "zh-Hant/guides/alpha/",
]


SCREENSHOTS = {"": "home", "guides/alpha/guangdong/": "guide-guangdong", "laws/test-law/": "law"}


def test_nothing_scrolls_sideways_on_a_phone(new_page, site_url, artifacts):
    page = new_page(PHONE)
    wide = {}
    for path in PAGES:
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path or "/"] = width
        if path in SCREENSHOTS:
            page.screenshot(path=str(artifacts / f"phone-{SCREENSHOTS[path]}.png"), full_page=True)
    assert wide == {}, f"wider than {PHONE['width']} px: {wide}"
    assert page.errors == []


def _display(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).display")


def test_print_hides_navigation_and_header(page, site_url, artifacts):
    page.goto(site_url + "guides/alpha/guangdong/")
    chrome = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
    assert _display(page, ".md-header") != "none"  # on screen they are there
    page.emulate_media(media="print")
    for selector in chrome:
        assert _display(page, selector) == "none", selector
    assert page.locator("article h1").first.is_visible()
    assert re.search(r"某路1号", page.locator("article").inner_text())
    page.screenshot(path=str(artifacts / "print-guide-guangdong.png"), full_page=True)


def test_ticked_materials_survive_a_reload_on_this_device_only(page, site_url):
    url = site_url + "journeys/alpha-then-beta/hunan/"
    page.goto(url)
    boxes = page.locator("article ul.checklist input[type=checkbox]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(boxes.count() - 1).check()
    page.reload()
    boxes = page.locator("article ul.checklist input[type=checkbox]")
    ticked = [boxes.nth(i).is_checked() for i in range(boxes.count())]
    assert ticked[0] and ticked[-1] and not any(ticked[1:-1])
    boxes.nth(0).uncheck()
    page.reload()
    assert not page.locator("article ul.checklist input[type=checkbox]").nth(0).is_checked()
    # kept in this browser, per page: another page's boxes are its own
    page.goto(site_url + "journeys/alpha-then-beta/guangdong/")
    assert not any(b.is_checked() for b in page.locator("article ul.checklist input[type=checkbox]").all())
    stored = page.evaluate("Object.keys(localStorage)")
    assert stored == [f"guidesite.checklist:{urlsplit(site_url).path}journeys/alpha-then-beta/hunan/"]


@pytest.mark.parametrize("to", ["en", "zh-Hant"])
def test_switching_language_keeps_the_section(page, site_url, to):
    page.goto(site_url + "guides/alpha/guangdong/")
    page.evaluate("document.getElementById('materials').scrollIntoView({behavior: 'instant'})")  # reading them
    page.locator(".md-header .md-select").hover()
    # clicked where it is: Playwright's click() may first scroll the page to bring the menu into view
    page.locator(f'.md-select__link[hreflang="{to}"]').evaluate("a => a.click()")
    page.wait_for_url(f"{site_url}{to}/guides/alpha/guangdong/#materials")
    # the same section, in the other language
    assert page.locator("#materials").evaluate("h => h.getBoundingClientRect().top") < PHONE["height"]
    assert page.evaluate("document.documentElement.lang") == to


PROVINCE_LISTS = ["", "en/", "zh-Hant/", "guides/alpha/hunan/", "en/guides/alpha/hunan/"]


@pytest.mark.parametrize("path", PROVINCE_LISTS)
def test_province_names_stay_whole_and_no_line_starts_with_a_separator(new_page, site_url, path):
    page = new_page({"width": 320, "height": 640})
    page.goto(site_url + path)
    names = page.locator("article .province-list a")
    assert names.count() >= 1
    # each name on one line
    assert (
        page.evaluate(
            """() => [...document.querySelectorAll("article .province-list a")]
            .filter(a => a.getClientRects().length !== 1).map(a => a.textContent)"""
        )
        == []
    )
    # each "·" of a run of links follows the text before it on its line
    starts = page.evaluate(
        """() => {
          const found = [];
          for (const block of document.querySelectorAll("article p, article li")) {
            const left = block.getBoundingClientRect().left;
            const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let i = node.data.indexOf("·"); i >= 0; i = node.data.indexOf("·", i + 1)) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const rect = range.getBoundingClientRect();
                if (rect.width && rect.left - left < 2) found.push(block.textContent.slice(0, 40));
              }
            }
          }
          return found;
        }"""
    )
    assert starts == []
