"""The search index a reader's browser loads (generator/outputs/search_index.py): one entry set per
guide, journey, law and the materials, a province's page as one entry named by its province, no
list pages, and UTF-8 as it is. What the searches themselves answer, in a browser, is in
tests/browser/test_search.py."""

import json

from helpers import site_of

from generator.outputs.documents import Doc, Kind, documents
from generator.outputs.search_index import PROVINCE_BOOST, ZENSICAL_INDEX, han_forms, indexed, select, serialize


def _entry(location: str, title: str = "t", text: str = "x") -> dict:
    return {"location": location, "title": title, "text": text}


def test_each_guide_answers_once_and_a_province_page_stands_for_its_copies(project):
    docs = documents(site_of(project))
    kept = {doc.kind for doc in docs if indexed(doc)}
    assert kept == {Kind.GUIDE, Kind.JOURNEY, Kind.PROVINCE, Kind.LAW, Kind.MATERIALS, Kind.PLAN}
    # in a province's bundle, its own copies answer instead of the national pages
    hunan = {doc for doc in docs if indexed(doc, "hunan")}
    assert Doc.guide_in("alpha", "hunan") in hunan and Doc.journey_in("alpha-then-beta", "hunan") in hunan
    assert Doc.guide("alpha") not in hunan and Doc.guide_in("alpha", "guangdong") not in hunan
    assert Doc.province_page("hunan") in hunan and Doc.province_page("guangdong") not in hunan
    assert Doc.law("test-law") in hunan and Doc.materials() in hunan


def test_select_keeps_the_results_and_merges_a_province_page(project):
    docs = documents(site_of(project))
    index: dict = {
        "config": {"lang": ["zh"]},
        "docs": [
            _entry("", "首页"),
            _entry("guides/alpha/", "甲事项", "全国"),
            _entry("guides/alpha/#steps", "办理步骤", "第一步"),
            _entry("guides/alpha/hunan/", "甲事项 · 湖南省", "湖南"),
            _entry("provinces/hunan/", "湖南省", ""),
            _entry("provinces/hunan/#guides", "办事指南", "甲事项 乙事项"),
            _entry("provinces/hunan/#departments", "主管部门", "湖南省人力资源和社会保障厅"),
        ],
    }
    out = select(index, docs)
    assert out["config"] == {**index["config"], "han_forms": han_forms(out["docs"])}
    assert select(index, docs, other_forms=ZENSICAL_INDEX.other_forms)["config"] == index["config"]
    assert [e["location"] for e in out["docs"]] == ["guides/alpha/", "guides/alpha/#steps", "provinces/hunan/"]
    province = out["docs"][-1]
    assert province["title"] == "湖南省" and province["boost"] == PROVINCE_BOOST
    assert "办事指南 甲事项 乙事项" in province["text"] and "湖南省人力资源和社会保障厅" in province["text"]
    # offline, addresses are files, and a province's bundle keeps its own copies instead
    files = ["index.html", "guides/alpha/index.html", "guides/alpha/index.html#steps", "guides/alpha/hunan.html"]
    files += ["provinces/hunan.html", "provinces/hunan.html#guides", "provinces/hunan.html#departments"]
    offline = {**index, "docs": [{**e, "location": f} for e, f in zip(index["docs"], files)]}
    kept = [e["location"] for e in select(offline, docs, directory_urls=False, province="hunan")["docs"]]
    assert kept == ["guides/alpha/hunan.html", "provinces/hunan.html"]


def _pairs(forms: str) -> dict[str, str]:
    return dict(zip(forms[::2], forms[1::2], strict=True))


def test_a_query_in_the_other_script_finds_the_page_s_characters():
    # the search worker rewrites each typed character the index lacks into its form there
    hans = _pairs(han_forms([_entry("guides/e-card/", "领取\u200b电子\u200b社保卡", "医保关系转移")]))
    assert hans["電"] == "电" and hans["領"] == "领" and hans["關"] == "关" and hans["係"] == "系"
    hant = _pairs(han_forms([{**_entry("guides/e-card/", "領取電子社保卡", "醫保關係轉移"), "tags": ["補卡"]}]))
    assert hant["电"] == "電" and hant["医"] == "醫" and hant["补"] == "補"
    # a character the index has is searched as it is, and so is one it has in neither form
    assert "社" not in hans and "乾" not in hans and "干" not in hant
    assert set(hans.values()) <= set("领取电子社保卡医关系转移")


def test_the_index_is_written_as_utf8_and_offline_as_a_script():
    index = {"config": {}, "docs": [_entry("a/", "社会\u200b保障卡", "“引号”")]}
    data = serialize(index)
    assert "社会\u200b保障卡" in data and "\\u" not in data and ": " not in data
    assert json.loads(data) == index
    script = serialize(index, offline=True)
    assert script.startswith("var __index = ") and json.loads(script.removeprefix("var __index = ")) == index


def test_every_page_has_one_address_on_the_site_and_one_in_a_bundle(project):
    docs = documents(site_of(project))
    assert Doc.home().url == "" and Doc.home().file_url == "index.html"
    assert Doc.guide("alpha").url == "guides/alpha/" and Doc.guides().url == "guides/"
    assert Doc.guide_in("alpha", "hunan").file_url == "guides/alpha/hunan.html"
    assert Doc.materials().url == "materials/"
    assert len({d.url for d in docs}) == len({d.file_url for d in docs}) == len(docs)
