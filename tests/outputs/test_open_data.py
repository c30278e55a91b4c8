"""Open data beside the pages (generator/outputs/open_data.py): per language an index of every
guide × province and each of them as JSON, valid against the published JSON Schema generated from
the typed models; and the Atom feed of content changes from the repository's history."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from helpers import edit, site_of

from generator.config import LANGUAGES, site_url
from generator.core.history import content_history
from generator.i18n.messages import load_translations
from generator.outputs.feed import ATOM, render_feed
from generator.outputs.open_data import render_open_data, schemas

A = f"{{{ATOM}}}"


def _href(entry) -> str:
    link = entry.find(A + "link")
    assert link is not None
    return link.get("href")


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schemas()[f"data/schema/{name}.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_guide_in_every_province_is_published_and_valid(project):
    site = site_of(project, "en")
    files = render_open_data(site, LANGUAGES[1], pdfs=True, with_schemas=False)
    index = json.loads(files["data/index.json"])
    assert not _validator("index").is_valid(dict(index, entries="x"))  # the schema can fail
    _validator("index").validate(index)
    assert {(e["guide"], e["province"]) for e in index["entries"]} == {
        (g, p) for g in ("alpha", "beta") for p in ("guangdong", "hunan")
    }
    entry = next(e for e in index["entries"] if (e["guide"], e["province"]) == ("alpha", "guangdong"))
    base = site_url(LANGUAGES[1])
    assert entry["urls"] == {
        "page": base + "guides/alpha/guangdong/",
        "json": base + "data/guides/alpha/guangdong.json",
        "pdf": base + "pdf/guides/alpha/guangdong.pdf",
    }
    # how much is checked, as the page says it: the province, its hall and variation checked; its
    # app and its Shenzhen centre entered, awaiting a check
    assert entry["verification"] == {"checked": 3, "entered": 2, "oldest_check": "2026-01-10"}
    validator = _validator("guide-in-province")
    for e in index["entries"]:
        record = json.loads(files[f"data/guides/{e['guide']}/{e['province']}.json"])
        validator.validate(record)
    record = json.loads(files["data/guides/alpha/guangdong.json"])
    assert [s["id"] for s in record["steps"]] == ["apply", "local-check", "transfer"]
    assert record["steps"][1]["origin"] == "added"
    assert record["offices"][0]["name"].startswith("<script>")  # data, as typed: JSON escapes nothing away
    assert record["offices"][0]["checked"] == "2026-01-15"
    assert record["translation_pending"] is True  # the fixture's text is not in the English catalog


def test_the_schemas_are_published_once_with_their_address():
    files = schemas()
    assert set(files) == {"data/schema/index.schema.json", "data/schema/guide-in-province.schema.json"}
    schema = json.loads(files["data/schema/guide-in-province.schema.json"])
    assert schema["$id"] == site_url() + "data/schema/guide-in-province.schema.json"
    assert "steps" in schema["required"] and "json" in schema["$defs"]["OpenUrls"]["properties"]


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def history_project(project):
    """The fixture project as a git repository with three commits, 2026-01-01, -02 and -03."""
    root = project.root
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "editor@example.org")
    _git(root, "config", "user.name", "Editor")

    def commit(message: str, day: int) -> None:
        _git(root, "add", "-A")
        stamp = f"2026-01-0{day}T08:00:00+00:00"
        subprocess.run(
            ["git", "-C", str(root), "commit", "-q", "-m", message],
            check=True,
            capture_output=True,
            env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "PATH": "/usr/bin:/bin"},
        )

    commit("Initial data", 1)
    edit(project, "data/provinces/hunan.yaml", "checked: 2026-03-01", "checked: 2026-03-02")
    commit("Hunan: office checked again", 2)
    edit(project, "content/guides/alpha.yaml", "text: 到窗口申请。", "text: 到窗口或网上申请。")
    (root / "notes.txt").write_text("not data")
    commit("Alpha: apply online too", 3)
    return project


def test_the_feed_lists_content_changes_by_their_commit_dates(history_project):
    history = content_history(history_project.root)
    assert [c.subject for c in history] == ["Alpha: apply online too", "Hunan: office checked again", "Initial data"]
    site = site_of(history_project)
    ui = load_translations("zh-Hans", "messages")
    xml = render_feed(site, LANGUAGES[0], history, ui)
    assert xml == render_feed(site, LANGUAGES[0], history, ui)  # same history, same bytes
    feed = ET.fromstring(xml)
    assert feed.tag == A + "feed" and feed.findtext(A + "updated") == "2026-01-03T08:00:00Z"
    entries = feed.findall(A + "entry")
    first, second = entries[0], entries[1]
    assert first.findtext(A + "title") == "指南有更新：甲事项"
    assert _href(first) == site_url() + "guides/alpha/"
    assert first.findtext(A + "summary") == "Alpha: apply online too"
    assert second.findtext(A + "title") == "湖南省的信息有更新"
    assert _href(second) == site_url() + "provinces/hunan/"
    assert second.findtext(A + "updated") == "2026-01-02T08:00:00Z"
    ids = [e.findtext(A + "id") for e in entries]
    assert len(ids) == len(set(ids)) and all((i or "").startswith("tag:") for i in ids)
    # the first commit added every data file: one entry each, the plan's rules among them
    assert "办事清单的规则有更新" in [e.findtext(A + "title") for e in entries]
    english = ET.fromstring(
        render_feed(site_of(history_project, "en"), LANGUAGES[1], history, load_translations("en", "messages"))
    )
    assert _href(english.findall(A + "entry")[0]) == site_url(LANGUAGES[1]) + "guides/alpha/"


def test_outside_a_repository_the_feed_is_empty_and_dated_by_the_build(project):
    assert content_history(project.root) == ()
    feed = ET.fromstring(
        render_feed(site_of(project), LANGUAGES[0], (), load_translations("zh-Hans", "messages"), 1767225600)
    )
    assert feed.findall(A + "entry") == [] and feed.findtext(A + "updated") == "2026-01-01T00:00:00Z"


def test_the_built_site_publishes_them_beside_the_pages_but_not_in_the_offline_zip(built_once):
    import zipfile

    from generator.config import OFFLINE_BUNDLE

    for language in LANGUAGES:
        root = built_once / language.prefix
        index = json.loads((root / "data/index.json").read_text(encoding="utf-8"))
        assert index["language"] == language.code and len(index["entries"]) == 4
        assert (root / "data/guides/alpha/hunan.json").is_file()
        assert ET.parse(root / "feed.xml").getroot().tag == A + "feed"
        with zipfile.ZipFile(root / OFFLINE_BUNDLE.format(language=language.code)) as bundle:
            names = bundle.namelist()
        folder = Path(OFFLINE_BUNDLE.format(language=language.code)).stem
        assert f"{folder}/plan/data/hunan.js" in names  # the plan works offline
        assert not any(n.startswith(f"{folder}/data/") or n.endswith("feed.xml") for n in names)
    assert (built_once / "data/schema/guide-in-province.schema.json").is_file()
    assert not (built_once / "en/data/schema").exists()  # published once
    page = (built_once / "guides/alpha/guangdong/index.html").read_text(encoding="utf-8")
    assert page.count('<script type="application/ld+json">') == 1
