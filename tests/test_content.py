"""The shipped content itself: it validates, covers all 31 provinces and builds."""
import shutil

import pytest

from generator.config import REPO_ROOT, Project
from generator.divisions import PROVINCIAL_DIVISIONS
from generator.build import build
from generator.validate import load_project


@pytest.fixture(scope="module")
def site():
    return load_project(Project(REPO_ROOT))


def test_all_31_provinces_have_a_file(site):
    assert sorted(p.code for p in site.provinces.values()) == sorted(PROVINCIAL_DIVISIONS)


def test_seed_guides_and_journey_are_there(site):
    assert {"transfer-insurance", "social-security-card"} <= set(site.guides)
    assert site.journeys["card-after-moving"].guides == ["transfer-insurance", "social-security-card"]


def test_seed_legal_basis_is_cited(site):
    cited = {(c.law, c.article) for g in site.guides.values() for c in g.legal_basis}
    assert ("social-insurance-law", 19) in cited
    assert ("social-security-card-measures", 7) in cited


def test_transfer_guide_names_both_agencies_and_the_old_place(site):
    guide = site.guides["transfer-insurance"]
    assert set(guide.agencies) == {"hrss", "healthcare"}
    assert {s.place for s in guide.steps} >= {"new", "old"}


def test_the_real_site_builds(tmp_path):
    root = tmp_path / "real"
    for part in ("content", "data"):
        shutil.copytree(REPO_ROOT / part, root / part)
    pages = build(Project(root), tmp_path / "site")
    provinces, guides, journeys = 31, 2, 1
    assert pages == 5 + guides * (1 + provinces) + journeys * (1 + provinces) + provinces + 4
    assert (tmp_path / "site/journeys/card-after-moving/guangdong/index.html").is_file()
