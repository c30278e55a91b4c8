"""`guidesite serve` end to end, as an editor uses it: the real server on the fixture project, a
saved change shows in the served page, only the pages it reaches are built again, search finds the
new text once, and a broken file is reported with its line while the last good pages stay up.
(How fast is measured by benchmarks/serve_bench.py, not here.)"""

import json
from pathlib import Path

from helpers import edit, http_get, until

HUNAN = "data/provinces/hunan.yaml"


def _search_entries(server) -> list[dict]:
    return json.loads(http_get(server.url + "search/search_index.json") or '{"docs": []}')["docs"]


def test_a_saved_change_is_served_and_only_its_pages_are_built_again(project, preview_server):
    server = preview_server
    assert f"预览地址：{server.url}" in Path(server.log.name).read_text(encoding="utf-8"), (
        "the editor is not told where to look"
    )
    site = server.site()
    other = site / "guides/alpha/guangdong/index.html"
    changed = site / "guides/alpha/hunan/index.html"
    other_mtime, changed_mtime = other.stat().st_mtime_ns, changed.stat().st_mtime_ns

    edit(project, HUNAN, "湖南省医保局（测试）", "湖南省医疗保障局（预览）")
    until(
        lambda: "湖南省医疗保障局（预览）" in http_get(server.url + "guides/alpha/hunan/"), "change in the page", server
    )

    assert changed.stat().st_mtime_ns != changed_mtime
    assert other.stat().st_mtime_ns == other_mtime, "a page the change does not reach was built again"
    assert "广东" in http_get(server.url + "guides/alpha/guangdong/")

    entries = _search_entries(server)
    locations = [e["location"] for e in entries]
    assert len(locations) == len(set(locations)), "the search index holds a page twice"
    assert {"guides/alpha/guangdong/", "guides/alpha/hunan/", ""} <= set(locations), "pages went missing from search"
    hunan_text = " ".join(e["text"] for e in entries if e["location"].startswith("guides/alpha/hunan/"))
    assert "湖南省医疗保障局（预览）" in hunan_text.replace("\u200b", "")
    assert "湖南省医保局（测试）" not in hunan_text.replace("\u200b", "")


def test_a_broken_file_is_reported_and_the_last_good_pages_stay(project, preview_server):
    server = preview_server
    page = server.url + "guides/alpha/hunan/"
    assert 'class="preview-errors"' not in http_get(page) and "preview-errors.json" in http_get(page)
    path = edit(project, HUNAN, 'code: "430000"', 'code: "439999"')

    until(lambda: "hunan.yaml:3:" in http_get(server.url + "preview-errors.json"), "errors for the page", server)
    errors = json.loads(http_get(server.url + "preview-errors.json"))
    assert errors and all(": error: " in e for e in errors)
    assert "hunan.yaml:3:" in Path(server.log.name).read_text(encoding="utf-8"), "errors not printed for the editor"
    assert "湖南" in http_get(page), "the last good page is no longer served"

    path.write_text(path.read_text(encoding="utf-8").replace('"439999"', '"430000"'), encoding="utf-8")
    edit(project, HUNAN, "湖南省医保局（测试）", "湖南省医疗保障局（修好后）")
    until(lambda: "湖南省医疗保障局（修好后）" in http_get(page), "recovery", server)
    assert json.loads(http_get(server.url + "preview-errors.json")) == []
    assert "Traceback" not in Path(server.log.name).read_text(encoding="utf-8")


def test_a_removed_file_takes_its_pages_with_it(project, preview_server):
    server = preview_server
    (project.root / HUNAN).unlink()
    until(lambda: http_get(server.url + "guides/alpha/hunan/") == "", "the page to go", server)

    assert "广东" in http_get(server.url + "guides/alpha/guangdong/")
    assert not (server.site() / "provinces/hunan/index.html").exists()
    locations = [e["location"] for e in _search_entries(server)]
    assert locations and not [loc for loc in locations if "hunan" in loc], "search still finds the removed pages"
