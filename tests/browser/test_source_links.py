"""On a phone, every page's "edit this page" and "report a problem" links (and a step's edit link)
can be seen and tapped: not hidden, not covered, at least 24 CSS pixels high (WCAG 2.2's minimum
target size)."""

from __future__ import annotations

import pytest

PHONE = {"width": 360, "height": 740}
MIN_TARGET = 24


@pytest.mark.parametrize(
    ("path", "selectors"),
    [
        ("guides/alpha/guangdong/", (".page-source__edit", ".page-source__report", "a.source-link")),
        ("en/provinces/hunan/", (".page-source__edit", ".page-source__report")),
        ("zh-Hant/materials/", (".page-source__edit", ".page-source__report", "a.source-link")),
        ("journeys/", (".page-source__edit", ".page-source__report")),
    ],
)
def test_source_and_report_links_are_visible_and_tappable_on_a_phone(new_page, site_url, path, selectors):
    page = new_page(PHONE)
    page.goto(site_url + path)
    for selector in selectors:
        link = page.locator(selector).last
        link.scroll_into_view_if_needed()
        assert link.is_visible(), (path, selector)
        link.click(trial=True, timeout=5000)  # actionable: visible, stable, receives the tap
        box = link.bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, (path, selector, box)
        center = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.href ?? null", list(center))
        assert hit == link.get_attribute("href").replace("&amp;", "&"), (path, selector, hit)
    assert page.errors == []
