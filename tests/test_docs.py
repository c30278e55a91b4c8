"""CONTRIBUTING's complete example (section 11.6) is what a provincial editor copies: written into
the real Zhejiang file as the docs say, it validates, and the pages in every language and the
print documents the PDFs are made from show what the docs promise. It is example data: none of it
may reach data/provinces/."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import REPO, printed

from generator.build import site_in
from generator.config import LANGUAGES, Project
from generator.core.validate import validate_project
from generator.i18n.hant import LANGUAGE as HANT
from generator.i18n.hant import to_hant
from generator.i18n.messages import load_translations
from generator.outputs.documents import Doc
from generator.outputs.pages import render_pages

DOCS = ("CONTRIBUTING.md", "CONTRIBUTING.en.md")
MARK = "<!-- worked-example"


def example(doc: str) -> str:
    """The YAML of the complete example in `doc`."""
    text = (REPO / doc).read_text(encoding="utf-8")
    assert text.count(MARK) == 1, f"{doc}: one complete example, marked {MARK}"
    block = text[text.index(MARK) :].split("```yaml\n", 1)[1].split("\n```\n", 1)[0]
    return block + "\n"


def test_both_languages_of_the_docs_give_the_same_example():
    assert example(DOCS[0]) == example(DOCS[1])


def test_the_example_is_marked_as_such_and_is_in_no_province_file():
    for doc in DOCS:
        text = (REPO / doc).read_text(encoding="utf-8")
        warning = text[text.index(MARK) :].split("```yaml", 1)[0]
        assert "示例" in warning or "example" in warning.lower()
    for path in (REPO / "data/provinces").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "示例" not in text and "example" not in text, f"{path.name} holds example data"


@pytest.fixture(scope="module")
def zhejiang(tmp_path_factory) -> Project:
    """A copy of the project whose Zhejiang file has the example, written in as the docs say:
    the existing `channels` entry (the last part of the file) with an id, then the rest."""
    root = tmp_path_factory.mktemp("docs") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "data", root / "data")
    path = root / "data/provinces/zhejiang.yaml"
    head, channels = path.read_text(encoding="utf-8").split("\nchannels:\n")
    assert "浙里办" in channels and channels.count("  - name:") == 1, "the docs expect one channel, 浙里办, last"
    path.write_text(head + "\n" + example(DOCS[0]), encoding="utf-8")
    return Project(root)


@pytest.fixture(scope="module")
def pages(zhejiang) -> dict[str, dict[str, str]]:
    content = validate_project(zhejiang).content  # no error: the example validates
    out = {}
    for language in LANGUAGES:
        site = site_in(content, zhejiang, language)
        out[language.code] = render_pages(site, language.code, select=lambda d: d.province == "zhejiang")
    return out


def _section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


@pytest.mark.parametrize("language", [lang.code for lang in LANGUAGES])
def test_the_example_shows_on_the_pages_as_the_docs_say(pages, language):
    t = load_translations(language, "messages").gettext  # the interface's words

    def c(text: str) -> str:  # the example's own text, as each language shows it until translated
        return to_hant(text) if language == HANT else text

    page = pages[language][Doc.guide_in("transfer-insurance", "zhejiang").path]

    def step(n: int) -> str:
        return t("第 %(n)s 步：") % {"n": n}

    headings = [line for line in page.splitlines() if line.startswith("### ") and re.search(r"\d", line)]
    assert len(headings) == 9  # 9 national steps, one added, one removed
    assert c("现场核验身份") in headings[1] and step(2) in headings[1]
    assert step(6) in headings[5] and c("示例：申请转移医疗保险关系") in headings[5]
    assert c("参保缴费凭证") not in "".join(headings)
    added = _section(page, step(2), step(3))
    assert t("本省增加的步骤") in added
    assert t("本省规定") in _section(page, step(6), step(7))
    third = _section(page, step(3), step(4))
    assert t("也可以网上办理：") in third and c("浙里办") in third  # with the step, not a step of its own
    cities = [line for line in page.splitlines() if line.startswith("#### ")]
    assert len(cities) == 2 and c("杭州市") in cities[0] and c("宁波市") in cities[1]
    offices = _section(page, cities[0], cities[1])
    assert c("示例社保服务大厅") in offices and c("示例医保服务中心") in offices  # the two in Hangzhou
    assert page.count(t("本省要求")) == 2  # the province's material and the national one it adds

    card = pages[language][Doc.guide_in("card-replacement", "zhejiang").path]
    fee = next(line for line in card.splitlines() if line.startswith("- " + t("费用：")))
    limit = next(line for line in card.splitlines() if line.startswith("- " + t("办理时限：")))
    assert fee.endswith(t("本省规定")) and limit.endswith(t("本省规定"))
    online = _section(card, "### " + t("网上办理"), "## " + t("费用和时限"))
    assert online.index(c("浙里办")) < online.index(t("其他网上渠道："))


def test_the_example_shows_in_print(zhejiang):
    content = validate_project(zhejiang).content
    language = LANGUAGES[0]
    pdf = Doc.guide_in("card-replacement", "zhejiang").pdf_rel
    html = printed(site_in(content, zhejiang, language), language.code, only=[pdf])[pdf]
    assert re.search(r"费用：.*免费.*<strong>本省规定</strong>", html)
    assert re.search(r"办理时限：.*5 个工作日.*<strong>本省规定</strong>", html)
    transfer = Doc.guide_in("transfer-insurance", "zhejiang").pdf_rel
    html = printed(site_in(content, zhejiang, language), language.code, only=[transfer])[transfer]
    assert html.index('<p class="city"><strong>杭州市</strong></p>') < html.index("宁波市")
    assert "也可以网上办理：<strong>浙里办</strong>" in html
