"""No console errors and no failed request: a sample of pages of every kind in each language, and
missing addresses at several depths (served, as a static host does, the root's 404.html), on a
phone. The 404 page speaks the language of the folder the address is in and its ways back work."""

from __future__ import annotations

import pytest

from generator.config import LANGUAGES

PAGES = [
    "",
    "guides/",
    "guides/alpha/",
    "guides/alpha/guangdong/",
    "journeys/alpha-then-beta/",
    "journeys/alpha-then-beta/hunan/",
    "provinces/",
    "provinces/hunan/",
    "laws/",
    "laws/test-law/",
    "materials/",
    "freshness/",
]
MISSING = ["no-such-page/", "guides/alpha/nowhere/", "guides/alpha/hunan/a/b/c.html"]
PHONE = {"width": 360, "height": 740}


def _visit(page, url: str) -> int:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response.status


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
def test_pages_load_without_console_errors_or_failed_requests(new_page, site_url, language):
    page = new_page(PHONE)
    root = site_url + (language.prefix + "/" if language.prefix else "")
    for path in PAGES:
        assert _visit(page, root + path) == 200, path
    assert page.console == [] and page.failed == [] and page.errors == []


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
def test_a_missing_address_gets_a_404_page_in_its_language_with_ways_back(new_page, site_url, language):
    page = new_page(PHONE)
    root = site_url + (language.prefix + "/" if language.prefix else "")
    texts = {"zh-Hans": "找不到这个页面", "en": "Page not found", "zh-Hant": "找不到這個頁面"}
    for path in MISSING:
        assert _visit(page, root + path) == 404
        assert texts[language.code] in page.locator("#not-found-title").inner_text(), path
        assert page.evaluate("document.documentElement.lang") == language.code
        # the ways back resolve from any depth: no failed request, and they lead home and to the guides
        assert page.locator("#not-found-home").evaluate("a => a.href") == root
        assert page.locator("#not-found-guides").evaluate("a => a.href") == root + "guides/"
        for link in page.locator(".md-select__link").all():
            assert link.evaluate("a => a.href").startswith(site_url), link.get_attribute("href")
    # the documents themselves are the expected 404s; nothing else failed
    own = {root + path for path in MISSING}
    assert [f for f in page.failed if f.removeprefix("404: ") not in own] == []
    assert [c for c in page.console if c.rpartition(" @ ")[2] not in own] == []
    assert page.errors == []
    # its search goes to the home page, where Material opens the search with the words
    page.locator("#not-found-query").fill("甲事项")
    page.locator("#not-found-submit").click()
    page.wait_for_url(root + "?q=%E7%94%B2%E4%BA%8B%E9%A1%B9")
    page.wait_for_load_state("networkidle")
    assert page.locator("input.md-search__input").input_value() == "甲事项"
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert [c for c in page.console if c.rpartition(" @ ")[2] not in own] == []
