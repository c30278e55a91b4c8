"""The offline bundles in Chromium from file://, with no network: a language's whole site and one
province's part of it. A reader unzips, opens index.html, navigates and searches; a page the
bundle does not hold (another province's) is the site's page online."""

from __future__ import annotations

import pytest

from generator.config import LANGUAGES, site_url

ZH = LANGUAGES[0]


def _search(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)
    return page.evaluate(
        """() => [...document.querySelectorAll(".md-search-result__item .md-search-result__link")]
            .map(a => a.href).filter(href => !href.includes("#"))"""
    )


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
def test_a_language_bundle_browses_and_searches_from_disk(page, unzipped, language):
    folder = unzipped(language)
    page.goto((folder / "index.html").as_uri())
    page.locator("article a[href$='provinces/hunan.html']").first.click()
    page.wait_for_url((folder / "provinces/hunan.html").as_uri())
    page.locator("article a[href$='guides/alpha/hunan.html']").first.click()
    page.wait_for_url((folder / "guides/alpha/hunan.html").as_uri())
    assert page.locator("article h1").first.is_visible()
    found = _search(page, {"en": "hunan"}.get(language.code, "甲事项"))
    assert found and all(href.startswith(folder.as_uri()) for href in found), found
    page.goto(found[0])
    assert page.locator("article h1").first.is_visible()
    assert page.errors == [] and page.console == [] and page.failed == []


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
def test_a_query_naming_a_province_finds_its_page_first_offline(page, unzipped, language):
    # pages are files here (provinces/hunan.html); Simplified characters on the Traditional bundle
    folder = unzipped(language)
    page.goto((folder / "index.html").as_uri())
    found = _search(page, {"en": "hunan"}.get(language.code, "湖南 甲事项"))
    assert found[0] == (folder / "provinces/hunan.html").as_uri(), found
    assert page.errors == [] and page.console == [] and page.failed == []


def test_a_province_bundle_holds_its_pages_and_leads_online_for_the_others(page, unzipped):
    folder = unzipped(ZH, "hunan")
    page.goto((folder / "index.html").as_uri())
    # its own guide answers the search, not the national page or another province's copy
    found = _search(page, "甲事项")
    assert found[0] == (folder / "guides/alpha/hunan.html").as_uri(), found
    assert not any("guangdong" in href for href in found)
    page.goto((folder / "guides/alpha/index.html").as_uri())  # a national page, in the bundle
    own = page.locator("article a[href$='hunan.html']").first.get_attribute("href")
    other = page.locator("article a[href*='guangdong']").first.get_attribute("href")
    assert own == "hunan.html"
    assert other == site_url(ZH) + "guides/alpha/guangdong/"
    page.goto((folder / "provinces/hunan.html").as_uri())
    pdf = page.locator("article a[href$='.pdf']").first.get_attribute("href")
    assert (folder / "provinces" / pdf).resolve().is_file()
    # the whole navigation stays inside the bundle
    for link in page.locator("nav.md-nav--primary a.md-nav__link[href]").all():
        href = link.get_attribute("href")
        assert not href.startswith("http") and (folder / "provinces" / href.split("#")[0]).resolve().is_file(), href
    assert page.errors == [] and page.console == [] and page.failed == []
