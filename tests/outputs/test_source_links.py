"""Every page leads back to its source: each page of every kind, in every language, links to the
file of the repository it is made from (the host's editor) and to the prefilled issue form; each
step, office, material and article to its own line of its file. The links name files and lines
that exist and hold what the page shows; the issue form is what GitHub's issue forms accept."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from helpers import FIXTURE, site_of

from generator.config import LANGUAGES, REPO_ROOT, REPORT_FORM, Project, repository_branch, repository_url
from generator.core.origins import Origins
from generator.core.sources import read_sources
from generator.outputs.documents import Kind, documents
from generator.outputs.pages import render_pages

EDIT = re.compile(r'<a class="page-source__edit" href="([^"]+)"')
REPORT = re.compile(r'<a class="page-source__report" href="([^"]+)"')
LINE = re.compile(r'<a class="source-link" href="([^"]+)"')
FORMS = REPO_ROOT / ".github" / "ISSUE_TEMPLATE"


def _file(url: str, kind: str) -> tuple[str, int | None]:
    """(path in the repository, line or None) of an edit or blob link."""
    url = url.replace("&amp;", "&")
    prefix = f"{repository_url()}{kind}/{repository_branch()}/"
    assert url.startswith(prefix), url
    path, _hash, anchor = url.removeprefix(prefix).partition("#")
    return unquote(path), int(anchor.removeprefix("L")) if anchor else None


@pytest.fixture(scope="module", params=[REPO_ROOT, FIXTURE], ids=["shipped", "fixture"])
def rendered(request) -> tuple[Path, dict[str, dict[str, str]], object]:
    """Every page of a project in every language, with the project's root and its zh-Hans site."""
    project = Project.at(request.param)
    pages = {lang.code: render_pages(site_of(project, lang.code), lang.code) for lang in LANGUAGES}
    return request.param, pages, site_of(project, "zh-Hans")


def test_every_page_of_every_kind_in_every_language_has_both_links(rendered):
    root, pages, site = rendered
    kinds = {doc.kind for doc in documents(site)}
    assert Kind.JOURNEYS in kinds and Kind.PLAN in kinds  # the shipped content and the fixture have both
    for language, by_path in pages.items():
        for doc in documents(site):
            text = by_path[doc.path]
            edits, reports = EDIT.findall(text), REPORT.findall(text)
            assert edits and reports, f"{language} {doc.path}: no edit or report link"
            for url in edits:
                path, line = _file(url, "edit")
                # the templates are the repository's; the data, the project's
                base = REPO_ROOT if path.startswith("templates/") else root
                assert (base / path).is_file(), f"{language} {doc.path}: {path} does not exist"
                assert line is None
            if doc.kind in (Kind.GUIDE_IN, Kind.PROVINCE, Kind.JOURNEY_IN):
                assert _file(edits[0], "edit")[0] == f"data/provinces/{doc.province}.yaml"
            if doc.kind is Kind.GUIDE_IN:
                assert _file(edits[1], "edit")[0] == f"content/guides/{doc.id}.yaml"  # the national text
            if doc.kind is Kind.LAW:
                assert _file(edits[0], "edit")[0] == f"content/laws/{doc.id}.yaml"
            if doc.kind is Kind.MATERIALS:
                assert _file(edits[0], "edit")[0] == "content/materials.yaml"
            if doc.kind is Kind.PLAN:
                assert _file(edits[0], "edit")[0] == "content/plan.yaml"
            query = parse_qs(urlsplit(reports[0].replace("&amp;", "&")).query)
            assert query["template"] == [REPORT_FORM]
            assert query["page"][0].endswith("/" + doc.url) and query["title"][0]
            assert query.get("province") == ([doc.province] if doc.province else None)


def test_every_line_link_points_at_a_line_holding_what_the_page_shows(rendered):
    root, pages, site = rendered
    origins: Origins = site.origins
    known = {(origins.files[(reg, obj)], line) for (reg, obj, _p, _i), line in origins.lines.items()}
    seen = 0
    for language, by_path in pages.items():
        for page, text in by_path.items():
            for url in LINE.findall(text):
                path, line = _file(url, "blob")
                assert line is not None, f"{language} {page}: {url} has no line"
                lines = (root / path).read_text(encoding="utf-8").split("\n")
                assert line <= len(lines), f"{language} {page}: {path} has no line {line}"
                assert (path, line) in known, (
                    f"{language} {page}: {path}:{line} is no step, office, material or article"
                )
                seen += 1
    assert seen


def test_each_recorded_line_holds_the_id_it_is_recorded_for(rendered):
    root, _pages, site = rendered
    for (registry, obj, _part, part_id), line in site.origins.lines.items():
        path = site.origins.files[(registry, obj)]
        lines = (root / path).read_text(encoding="utf-8").split("\n")
        first = lines[line - 1]
        # the line starts the item (a list item, or a province's step under `step:`) ...
        indent = len(first) - len(first.lstrip(" -"))
        item = [first.lstrip(" -")]
        for following in lines[line:]:
            if following.strip() and len(following) - len(following.lstrip(" ")) < indent:
                break
            if following.strip() and len(following) - len(following.lstrip(" ")) == indent - 2:
                break  # the next item of the same list
            item.append(following.strip())
        # ... which holds the id it is recorded for (a province's own step: "<guide>/<step>")
        wanted = part_id.split("/")[-1]
        pattern = re.compile(rf"^(id|number|guide): *['\"]?{re.escape(wanted)}['\"]?\s*$")
        assert any(pattern.match(entry) for entry in item), (path, line, first)


def test_step_links_name_the_file_the_step_is_written_in():
    site = site_of(Project.at(FIXTURE), "zh-Hans")
    pg = site.province_guides[("alpha", "guangdong")]
    where = {rs.step.id: (rs.origin, rs.source.path if rs.source else None) for rs in pg.steps}
    assert where["apply"] == ("national", "content/guides/alpha.yaml")
    assert all(path == "data/provinces/guangdong.yaml" for origin, path in where.values() if origin != "national")


def test_a_line_counts_as_editors_count_it():
    """The recorded line is the one GitHub's #L anchor and editors show (a comment's U+2028 is
    refused before anything is counted: tests/bad_inputs/line-separator-in-comment.yaml)."""
    src, diags = read_sources(Project.at(FIXTURE))
    assert not diags
    text = (FIXTURE / "content" / "guides" / "alpha.yaml").read_text(encoding="utf-8").split("\n")
    origin = src.content.origins.of("guides", "alpha", "steps", "apply")
    assert origin is not None and origin.line is not None
    assert text[origin.line - 1].strip() == "- id: apply"


# --- the issue form and the templates --------------------------------------------------------------

# GitHub's issue-forms syntax, as much of it as a mistake here would break (the host refuses a form
# it cannot read and shows the blank issue instead, silently).
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
TOP_KEYS = {"name", "description", "body", "title", "labels", "assignees", "projects", "type"}
ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _forms() -> list[Path]:
    return sorted(p for p in FORMS.glob("*.yml") if p.name != "config.yml")


def test_there_is_a_report_form_and_the_links_name_it():
    assert (FORMS / REPORT_FORM) in _forms()


@pytest.mark.parametrize("path", _forms(), ids=lambda p: p.name)
def test_issue_forms_follow_githubs_schema(path):
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(form, dict) and set(form) <= TOP_KEYS, sorted(form)
    assert isinstance(form["name"], str) and form["name"].strip()
    assert isinstance(form["description"], str) and form["description"].strip()
    assert isinstance(form.get("labels", []), list)
    body = form["body"]
    assert isinstance(body, list) and body
    ids = []
    for item in body:
        assert set(item) <= {"type", "id", "attributes", "validations"}, item
        assert item["type"] in FIELD_TYPES
        attributes = item["attributes"]
        assert isinstance(attributes, dict)
        if item["type"] == "markdown":
            assert "id" not in item and isinstance(attributes["value"], str)
            continue
        assert ID.match(item["id"]), item["id"]
        ids.append(item["id"])
        assert isinstance(attributes["label"], str) and attributes["label"].strip()
        assert isinstance(item.get("validations", {}).get("required", False), bool)
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert any(item["type"] != "markdown" for item in body), "a form needs a field besides text"
    if path.name == REPORT_FORM:
        # filled in by the page's link (source_links.report_url), read by the labelling workflow
        assert {"page", "province", "problem", "correct", "source"} <= set(ids)


def test_the_labelling_workflow_reads_the_forms_province_field():
    form = yaml.safe_load((FORMS / REPORT_FORM).read_text(encoding="utf-8"))
    label = next(item["attributes"]["label"] for item in form["body"] if item.get("id") == "province")
    workflow = (REPO_ROOT / ".github" / "workflows" / "label-reports.yml").read_text(encoding="utf-8")
    assert f"### {label}" in workflow
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)
    assert all({"name", "url", "about"} <= set(link) for link in config["contact_links"])


def test_every_province_has_its_reviewers():
    owners = (REPO_ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "data" / "provinces").glob("*.yaml")):
        assert f"/data/provinces/{path.name} @" in owners, path.name


def test_the_pull_request_template_walks_through_the_content_policy():
    text = (REPO_ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for word in ("sources", "checked", "entered", "make validate"):
        assert word in text


def test_the_labelling_workflow_finds_the_province_in_an_issue_githubs_form_wrote():
    """GitHub writes a form's answers as "### <label>" then the answer ("_No response_" when
    empty); the workflow's pattern (JavaScript, the same syntax here) finds the province in it."""
    workflow = (REPO_ROOT / ".github" / "workflows" / "label-reports.yml").read_text(encoding="utf-8")
    pattern = re.compile(re.search(r"const match = /(.+)/\.exec", workflow).group(1))  # type: ignore[union-attr]
    body = "### 哪个页面 / Which page\n\nhttps://example.org/provinces/zhejiang/\n\n### 省份（拼音）/ Province (pinyin)\n\n{}\n\n### 哪里有误或缺少 / What is wrong or missing\n\n电话错了"
    found = pattern.search(body.format("zhejiang"))
    assert found and found.group(1) == "zhejiang"
    assert pattern.search(body.format("_No response_")) is None
