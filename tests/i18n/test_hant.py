"""zh-Hant keeps the mainland's words: every converted entry of the catalogs differs from its
character-level conversion only by a reviewed glossary choice, and from OpenCC's phrase-level
s2t only by a reviewed rejection; law texts, titles in 《》 and official names change no word."""

import re

import pytest
from babel.messages.pofile import read_po

from generator.config import LOCALES_DIR
from generator.i18n import hant
from generator.i18n.catalogs import AUTO_FLAG
from generator.i18n.messages import DOMAINS, load_translations


def _entries():
    """(domain, message) for every entry of the shipped zh-Hant catalogs."""
    for domain in DOMAINS:
        with (LOCALES_DIR / "zh_Hant/LC_MESSAGES" / f"{domain}.po").open("rb") as fp:
            yield from ((domain, m) for m in read_po(fp, domain=domain) if m.id)


ENTRIES = list(_entries())


def _parts(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


def test_the_catalogs_are_there():
    assert len(ENTRIES) > 700


def test_glossary_and_rejections_are_reviewed_character_choices():
    assert hant.check_data() == []
    assert len(hant.glossary()) >= 16 and len(hant.rejections()) >= 12


@pytest.mark.parametrize(
    ("hans", "hant_"),
    [
        # the examples: Taiwan's words (視窗, 程式, 稽核, 物件, 資訊, 積體電路, 使用者) are not taken
        ("办事窗口", "辦事窗口"),
        ("发卡", "發卡"),  # not 髮卡, "hairpin"
        ("按下列程序办理", "按下列程序辦理"),
        ("代码", "代碼"),
        ("审核", "審核"),
        ("对象", "對象"),
        ("联系函", "聯繫函"),
        ("发布日期", "發布日期"),
        ("集成电路卡", "集成電路卡"),
        ("《参保人员基本医疗保险信息表》", "《參保人員基本醫療保險信息表》"),
        ("一般可用户口簿", "一般可用戶口簿"),
        # s2t's own phrase choices that would change a word, and those taken
        ("换发新卡", "換發新卡"),
        ("审核并发出联系函", "審核並發出聯繫函"),
        ("缴费年限不合并计算", "繳費年限不合併計算"),
        ("复印件", "複印件"),
        ("社会保险关系", "社會保險關係"),
        # a glossary entry s2t does not have, only where a word starts
        ("即时制卡", "即時製卡"),
        ("控制卡片", "控制卡片"),  # 控制 + 卡片: 制卡 is not a word here
        ("机制卡住", "機制卡住"),
        ("批准发卡", "批准發卡"),
        # glyphs readers in Hong Kong and Taiwan know
        ("以当地为准", "以當地為準"),
        ("浙里办", "浙裡辦"),
        # nothing but Chinese characters changes
        ("%(num)s 个工作日", "%(num)s 個工作日"),
        ("[链接](https://x.gov.cn/a_b) **粗体** <b>{name}</b>", "[鏈接](https://x.gov.cn/a_b) **粗體** <b>{name}</b>"),
    ],
)
def test_conversion_keeps_the_words(hans, hant_):
    assert hant.to_hant(hans) == hant_


def test_every_source_string_differs_only_by_reviewed_decisions():
    """Each difference from the character level is a glossary entry; each difference from s2t a
    rejection (or a glossary entry s2t does not have, at a word's start); no non-CJK character
    changes (placeholders, Markdown, HTML, punctuation)."""
    problems = []
    for domain, message in ENTRIES:
        for part in _parts(message.id):
            ex = hant.explain(part)
            problems += [f"{domain}: {d} in {part[:40]!r}" for d in ex.unreviewed]
            if ex.changed_non_cjk:
                problems.append(f"{domain}: a non-CJK character changed in {part[:40]!r}")
    assert problems == []


def test_every_converted_entry_is_the_reviewed_conversion():
    """What the conversion wrote (flag `opencc`) is exactly `to_hant` of the source: a catalog
    converted by another tool (s2twp's 視窗, 程式) fails here. Entries a person took over (flag
    removed) are theirs."""
    wrong = []
    for domain, message in ENTRIES:
        if AUTO_FLAG not in message.flags:
            continue
        want = [hant.to_hant(p) for p in _parts(message.id)]
        have = _parts(message.string)
        if have != want[: len(have)]:  # zh_Hant has one plural form
            wrong.append(f"{domain}: {have[0][:30]!r} should be {want[0][:30]!r}")
    assert wrong == [], f"{len(wrong)} entries:\n" + "\n".join(wrong[:20])


def _law_texts():
    return [
        p
        for domain, m in ENTRIES
        if domain == "content" and any(path.startswith("content/laws/") for path, _line in m.locations)
        for p in _parts(m.id)
    ]


def _titles():
    return [t for _d, m in ENTRIES for p in _parts(m.id) for t in re.findall(r"《[^《》]+》", p)]


def _names():
    return [p for _d, m in ENTRIES for p in _parts(m.id) if any(c.endswith(".name") for c in m.auto_comments)]


@pytest.mark.parametrize("texts", [_law_texts, _titles, _names], ids=["law texts", "titles in 《》", "official names"])
def test_laws_titles_and_official_names_are_character_converted_only(texts):
    """No exemption is needed: the glossary only chooses among the traditional forms of each
    character, so the converted text is the same word, character for character."""
    found = texts()
    assert len(found) >= 5
    changed = [t for t in found if not hant.is_char_variant(t, hant.to_hant(t))]
    assert changed == []


def test_a_glossary_entry_that_changes_a_word_is_refused(monkeypatch, tmp_path):
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("- zh-Hans: 窗口\n  zh-Hant: 視窗\n  why: Taiwan usage\n", encoding="utf-8")
    monkeypatch.setattr(hant, "GLOSSARY", glossary)
    hant.glossary.cache_clear()
    hant._by_first_character.cache_clear()
    try:
        with pytest.raises(hant.GlossaryError, match="窗口 -> 視窗 changes the word"):
            hant.to_hant("办事窗口")
        assert "glossary: 窗口 -> 視窗 is not a per-character variant" in hant.check_data()
    finally:
        hant.glossary.cache_clear()
        hant._by_first_character.cache_clear()


def test_an_unreviewed_phrase_choice_is_reported():
    """头发 ("hair") is 頭髮 in s2t; the character level writes 頭發. No decision covers it: the
    review names it, so a new text like it cannot reach the catalog unnoticed."""
    [d] = hant.explain("剪头发").unreviewed
    assert (d.hans, d.ours, d.other) == ("发", "發", "髮")


def test_a_string_the_catalog_lacks_is_converted_at_build_time():
    catalog = load_translations("zh-Hant", "content")
    text = "新增的办事窗口说明：可以复印。"
    assert catalog.gettext(text) == "新增的辦事窗口說明：可以複印。"
