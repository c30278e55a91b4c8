"""The readers' cases of tests/plan_cases.yaml against the Python selection (generator/core/plan.py)
on the shipped content: each gets the claim place, temporary account, steps, advice and "cannot
decide" answers the table says. The browser tests run the same table against plan.js."""

from __future__ import annotations

import pytest
from helpers import site_of
from plan_cases import CASES, answers, mismatches

from generator.config import REPO_ROOT, Project
from generator.core.plan import compose


@pytest.fixture(scope="module")
def site():
    return site_of(Project(REPO_ROOT))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_readers_case(site, case):
    assert mismatches(case, answers(compose(site, case.choices))) == [], case.reader


def test_the_table_holds_the_cases_the_review_named():
    names = {c.name for c in CASES}
    assert {
        "henan-to-zhejiang-at-35",
        "hukou-left-empty-moved-at-52",
        "foreigner-moved-at-53",
        "two-moves-after-50",
    } <= names
    assert len(names) == len(CASES)  # each name once: the browser tests are parametrised by it
