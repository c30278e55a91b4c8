"""Search as a reader uses it, on the shipped content in every language (the queries of
benchmarks/reader_bench.py): each guide, journey, law and the materials answer once (no copy of a
guide by province), a query naming a province leads to that province's page first, and the
"missing" line under a result names only words that result really lacks."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from .conftest import AXE, unavailable

# (language folder, query, the page that must come first or None, pages that must be among the results)
QUERIES = [
    ("", "社会保障卡", "guides/social-security-card/", ["guides/card-replacement/"]),
    # the guide before the law it cites, though the law's title holds the same words
    ("", "养老保险关系转移", "guides/transfer-insurance/", ["laws/pension-transfer-measures/"]),
    ("", "异地就医", "guides/yidi-jiuyi-beian/", []),
    ("", "社保卡丢了", None, ["guides/card-replacement/"]),
    ("", "浙江 转移", "provinces/zhejiang/", ["guides/transfer-insurance/"]),
    ("", "广东 社保卡", "provinces/guangdong/", ["guides/social-security-card/"]),
    # what readers call a procedure (benchmarks/search_queries.yaml, the guides' search_terms)
    ("", "补卡", "guides/card-replacement/", []),
    ("", "领养老金", "guides/pension-claim-place/", []),
    ("", "转医保", "guides/transfer-insurance/", []),
    ("", "医保转移", "guides/transfer-insurance/", []),
    # split into 失业 and 金 (no word of the index): 金 is never named as missing where 失业 is found
    ("", "失业金", "guides/unemployment-transfer/", []),
    # a province anywhere, with or without a space or 省: that province's page first
    ("", "社保转移 广东", "provinces/guangdong/", ["guides/transfer-insurance/"]),
    ("", "广东省 转社保", "provinces/guangdong/", ["guides/transfer-insurance/"]),
    ("", "社保转移广东", "provinces/guangdong/", ["guides/transfer-insurance/"]),
    # Traditional characters on the Simplified page, Simplified on the Traditional; pinyin typed on
    ("", "異地就醫 廣東", "provinces/guangdong/", ["guides/yidi-jiuyi-beian/"]),
    ("zh-Hant", "补卡", "guides/card-replacement/", []),
    ("", "yidi就医", "guides/yidi-jiuyi-beian/", []),
    ("zh-Hant", "補卡", "guides/card-replacement/", []),
    ("en", "pension transfer", "guides/transfer-insurance/", []),
    # "province" is in every province's name: it names none of them
    ("en", "medical treatment in another province", "guides/yidi-jiuyi-beian/", []),
    ("en", "shanxi transfer", "provinces/shanxi/", ["guides/transfer-insurance/"]),
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


# What readers type, however it gets into the box: each answers with results or with the "no
# results" line and where else to look, never the silent "type to start searching". (language
# folder, query): the queries, then a sample of the class — no spaces, a word the index
# lacks, a typo, Chinese mixed with pinyin or English, Traditional on a Simplified page, nonsense.
ANY_QUERY = [
    ("", "社保卡"),
    ("", "补办"),
    ("", "补办社保卡"),
    ("", "社保转移 广东"),
    ("", "社保卡丢了怎么补办"),
    ("", "社报卡"),
    ("", "shebao卡"),
    ("", "社保 card"),
    ("", "社會保障卡"),
    ("", "qwxz"),
    ("en", "lost card"),
    ("en", "pensoin trnasfer"),
    ("en", "社保卡"),
    ("zh-Hant", "社保卡"),
    ("zh-Hant", "补办社保卡"),
    ("zh-Hant", "qwxz"),
]

ANSWER = """() => {
  const meta = document.querySelector(".md-search-result__meta").textContent.trim();
  const help = document.querySelector("[data-search-help]");
  return {
    meta,
    results: document.querySelectorAll(".md-search-result__item").length,
    help: help && !help.hidden ? [...help.querySelectorAll("a")].map(a => new URL(a.href).pathname) : null,
  };
}"""


def _answer(page, url: str, query: str) -> dict:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    initial = page.locator(".md-search-result__meta").text_content().strip()
    page.locator("input.md-search__input").click()
    # an input method commits a word as text, with no key event of its own (as a paste does)
    page.keyboard.insert_text(query)
    page.wait_for_function(
        "initial => document.querySelector('.md-search-result__meta').textContent.trim() !== initial",
        arg=initial,
        timeout=15_000,
    )
    page.wait_for_timeout(300)  # results are rendered in one go; let it finish
    return page.evaluate(ANSWER)


@pytest.mark.parametrize(("folder", "query"), ANY_QUERY, ids=[f"{q[0] or 'zh'}-{q[1]}" for q in ANY_QUERY])
def test_every_query_gets_an_answer_however_it_is_entered(page, real_site_url, folder, query):
    root = urlsplit(real_site_url).path + (folder + "/" if folder else "")
    answer = _answer(page, real_site_url + (folder + "/" if folder else ""), query)
    if answer["results"] == 0:
        # the "no results" line, and where else to look: the guides and the plan
        assert answer["help"] == [root + "guides/", root + "plan/"], answer
    else:
        assert answer["help"] is None, answer
    assert page.errors == []


def test_nonsense_finds_nothing_and_says_where_to_look(page, real_site_url):
    answer = _answer(page, real_site_url + "en/", "qwxz")
    assert answer["results"] == 0
    assert answer["meta"] and answer["help"], answer
    page.locator("[data-search-help] a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/guides/")


LANGUAGE_FOLDERS = ["", "en", "zh-Hant"]


@pytest.fixture(scope="session")
def axe():
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE}: run `make test-tools` (needs npm)")
    return AXE


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS, ids=["zh", "en", "zh-Hant"])
@pytest.mark.parametrize("query", ["社保卡", "card", "qwxz"], ids=["results-zh", "results-en", "none"])
def test_search_dialog_text_is_readable(page, real_site_url, axe, folder, query):
    # the result count, the words found (highlighted) and the "no results" help, against WCAG AA
    _answer(page, real_site_url + (folder + "/" if folder else ""), query)
    page.add_script_tag(path=str(axe))
    found = page.evaluate(
        """async () => (await axe.run(document.querySelector(".md-search"),
             {runOnly: ["color-contrast", "link-in-text-block"]})).violations
           .flatMap(v => v.nodes.map(n => v.id + " " + n.target.join(" ") + " " + n.any.map(a => a.message).join()))"""
    )
    assert found == []


def test_search_loads_when_first_used(page, real_site_url):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(real_site_url + "guides/transfer-insurance/zhejiang/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if "search_index" in url or "/workers/" in url or "/lunr/" in url]
    page.keyboard.press("/")  # Material's search key
    page.keyboard.insert_text("社保卡")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert any(url.endswith("/search/search_index.json") for url in asked)
    assert page.errors == []
