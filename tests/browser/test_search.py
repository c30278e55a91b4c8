"""Search as a reader uses it, on the shipped content in every language (the queries of
benchmarks/reader_bench.py): each guide, journey, law and the materials answer once (no copy of a
guide by province), a query naming a province leads to that province's page first, and the
"missing" line under a result names only words that result really lacks."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

# (language folder, query, the page that must come first or None, pages that must be among the results)
QUERIES = [
    ("", "社会保障卡", "guides/social-security-card/", ["guides/card-replacement/"]),
    ("", "养老保险关系转移", None, ["guides/transfer-insurance/", "laws/pension-transfer-measures/"]),
    ("", "异地就医", "guides/yidi-jiuyi-beian/", []),
    ("", "社保卡丢了", None, ["guides/card-replacement/"]),
    ("", "浙江 转移", "provinces/zhejiang/", ["guides/transfer-insurance/"]),
    ("", "广东 社保卡", "provinces/guangdong/", ["guides/social-security-card/"]),
    ("en", "pension transfer", None, ["guides/transfer-insurance/"]),
    ("en", "lost card", "guides/card-replacement/", []),
    ("en", "zhejiang transfer", "provinces/zhejiang/", ["guides/transfer-insurance/"]),
    ("zh-Hant", "社會保障卡", "guides/social-security-card/", []),
    ("zh-Hant", "醫保", None, ["guides/yidi-jiuyi-beian/"]),
    ("zh-Hant", "浙江 轉移", "provinces/zhejiang/", []),
]

RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item => ({
  page: new URL(item.querySelector(".md-search-result__link").href).pathname,
  documents: [...item.querySelectorAll(".md-search-result__link")].map(link => ({
    location: new URL(link.href).pathname + new URL(link.href).hash,
    missing: [...link.querySelectorAll(".md-search-result__terms del")].map(d => d.textContent),
  })),
}))"""


def _search(page, url: str, query: str) -> list[dict]:
    page.goto(url)
    page.wait_for_load_state("networkidle")  # the search index is loaded
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Chinese is typed through an input method, whose commit ends with a key event: Material
    # searches on key events, not on the text changing
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)  # results are rendered in one go; let it finish
    return page.evaluate(RESULTS)


def _indexed_text(site, folder: str) -> dict[str, str]:
    index = json.loads((site / folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {
        e["location"]: " ".join([e["title"], e["text"], *e.get("tags", [])]).replace("\u200b", "").lower()
        for e in index["docs"]
    }


@pytest.mark.parametrize(
    ("folder", "query", "first", "among"), QUERIES, ids=[f"{q[0] or 'zh'}-{q[1]}" for q in QUERIES]
)
def test_search_answers_once_per_guide_and_names_the_province_first(
    page, real_site, real_site_url, folder, query, first, among
):
    root = urlsplit(real_site_url).path + (folder + "/" if folder else "")
    results = _search(page, real_site_url + (folder + "/" if folder else ""), query)
    pages = [r["page"].removeprefix(root) for r in results]
    assert len(pages) == len(set(pages))
    # a guide or journey as it applies in one province is never a result of its own
    copies = [p for p in pages if p.startswith(("guides/", "journeys/")) and p.count("/") == 3]
    assert copies == [], copies
    if first:
        assert pages[0] == first, pages[:5]
    for wanted in among:
        assert wanted in pages, (wanted, pages)
    texts = _indexed_text(real_site, folder)
    wrong = [
        (d["location"], word)
        for r in results
        for d in r["documents"]
        for word in d["missing"]
        if word.lower() in texts[d["location"].removeprefix(root)]
    ]
    assert wrong == [], f"'missing' words the result has: {wrong}"
    assert page.errors == []


def test_a_question_finds_the_guide_without_its_filler_words(page, real_site_url):
    # 了 (a particle) is no search word: the card guides answer, none marked as lacking it
    results = _search(page, real_site_url, "社保卡丢了")
    missing = {word for r in results for d in r["documents"] for word in d["missing"]}
    assert "了" not in missing and "社保卡" not in missing
    assert len(results) < 60  # not nearly every page, as when 社保卡 was read as 社保*
