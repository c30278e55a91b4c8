"""The shipped content itself: it validates, covers all 31 provinces and builds."""

import json
import re

import pytest
from helpers import site_of

from generator.config import LANGUAGES, REPO_ROOT, Project
from generator.core.divisions import PROVINCIAL_DIVISIONS
from generator.core.validate import validate_project


@pytest.fixture(scope="module")
def site():
    return validate_project(Project(REPO_ROOT))


def test_all_31_provinces_have_a_file(site):
    assert sorted(p.code for p in site.provinces.values()) == sorted(PROVINCIAL_DIVISIONS)


def test_seed_guides_and_journey_are_there(site):
    assert {"transfer-insurance", "social-security-card"} <= set(site.guides)
    assert [p.guide for p in site.journeys["card-after-moving"].guides] == [
        "transfer-insurance",
        "social-security-card",
    ]


def test_seed_legal_basis_is_cited(site):
    cited = {(c.law, c.article) for g in site.guides.values() for c in g.legal_basis}
    assert ("social-insurance-law", 19) in cited
    # the card measures' Art. 7 is what a department files to become an issuer: never a person's basis
    assert ("social-security-card-measures", 5) in cited and ("social-security-card-measures", 16) in cited
    steps = {(c.law, c.article) for g in site.guides.values() for s in g.steps for c in s.legal_basis}
    assert ("social-security-card-measures", 7) not in cited | steps


def test_transfer_guide_names_both_agencies_and_the_old_place(site):
    guide = site.guides["transfer-insurance"]
    assert set(guide.agencies) == {"hrss", "healthcare"}
    assert {s.place for s in guide.steps} >= {"moved-to", "left"}
    assert all(s.by == "agencies" for s in guide.steps if s.place == "left" and not s.optional)


def test_the_real_site_has_every_page_in_every_language(site, real_site):
    for language in LANGUAGES:
        base = real_site / language.prefix
        for slug in site.provinces:
            assert (base / "provinces" / slug / "index.html").is_file()
            for guide in site.guides:
                assert (base / "guides" / guide / slug / "index.html").is_file(), (language.code, guide, slug)
            for journey in site.journeys:
                assert (base / "journeys" / journey / slug / "index.html").is_file()
        for law in site.laws:
            assert (base / "laws" / law / "index.html").is_file()


def _search(index_file, word: str) -> set[str]:
    """Pages whose indexed words include `word`, splitting as Material's search does."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    return {
        doc["location"].split("#")[0]
        for doc in index["docs"]
        if word in separator.split(doc["title"] + " " + doc["text"])
    }


# Each guide is one result: its copies by province are not indexed (generator/outputs/search_index.py).
@pytest.mark.parametrize(
    ("language", "word", "guide"),
    [
        ("", "社保卡", "social-security-card"),
        ("", "社会保障卡", "social-security-card"),
        ("", "养老保险", "transfer-insurance"),
        ("", "转移", "transfer-insurance"),
        ("zh-Hant", "社會保障卡", "social-security-card"),
        ("zh-Hant", "養老保險", "transfer-insurance"),
    ],
)
def test_chinese_search_finds_the_guides(real_site, language, word, guide):
    found = _search(real_site / language / "search" / "search_index.json", word)
    assert f"guides/{guide}/" in found and f"guides/{guide}/guangdong/" not in found


def test_english_search_has_its_own_index(real_site):
    index = json.loads((real_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"]
    assert any("social security card" in doc["text"].lower() for doc in index["docs"])


@pytest.mark.slow
def test_the_pdf_font_covers_every_character_of_every_shipped_print_document(site, tmp_path):
    """Every character of every shipped print document has a glyph in the PDFs' font: the build
    would stop on one that has none (generator/outputs/pdf.py, `uncovered`)."""
    from fontTools.ttLib import TTFont

    from generator.outputs.fonts import FontNotFound, find_cjk_font
    from generator.outputs.pdf import uncovered
    from generator.outputs.print_model import print_models

    try:
        face = find_cjk_font()
    except FontNotFound as exc:
        pytest.skip(str(exc))
    whole = set(TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap())
    for language in LANGUAGES:
        documents = print_models(site_of(Project(REPO_ROOT), language.code), language.code)
        missing = {rel: uncovered(model, whole) for rel, model in documents.items()}
        assert not any(missing.values()), f"{language.code}: no glyph for {dict(list(missing.items())[:5])}"
