"""Accessibility: axe-core (from npm, see `make test-tools`) in Chromium on the home page, a
province's guide page and a law page, in every language: no serious or critical violation."""

from __future__ import annotations

import json
import re

import pytest

from generator.config import LANGUAGES

from .conftest import AXE, unavailable

PAGES = {"home": "", "guide": "guides/alpha/guangdong/", "law": "laws/test-law/"}

# Violations allowed, by rule and the elements it names: none. (Those found when these tests
# were written — footer contrast, the search dialog's name, unlabelled checklist boxes, links
# told by colour only — are fixed in templates/theme/.)
KNOWN: dict[str, re.Pattern] = {}

AXE_RUN = """async () => (await axe.run(document)).violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .flatMap(v => v.nodes.map(n => ({id: v.id, impact: v.impact, help: v.help, node: n.target.join(" ")})))"""


@pytest.fixture(scope="session")
def axe_js():
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE}: run `make test-tools` (needs npm)")
    return AXE


def _violations(page, url: str, axe_js) -> list[dict]:
    assert page.goto(url).ok
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(AXE_RUN)


def _url(site_url: str, language, kind: str) -> str:
    return site_url + (language.prefix + "/" if language.prefix else "") + PAGES[kind]


@pytest.mark.parametrize("language", LANGUAGES, ids=[lang.code for lang in LANGUAGES])
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_accessibility_violation(page, site_url, axe_js, language, kind):
    url = _url(site_url, language, kind)
    found = _violations(page, url, axe_js)
    new = [v for v in found if not (v["id"] in KNOWN and KNOWN[v["id"]].search(v["node"]))]
    assert new == [], f"{url}:\n" + json.dumps(new, ensure_ascii=False, indent=1)
