"""Publishing: the workflow that builds main with the README's own command and deploys it (GitHub
Pages, or another host by the documented switch), the pull request's artifact kept, and the
site's address in one place."""

from __future__ import annotations

import re

import yaml

from generator import config
from generator.config import LANGUAGES, REPO_ROOT, site_url

WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def _workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_main_is_built_with_the_readmes_command_and_deployed():
    flow = _workflow("publish.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    build = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in build]
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in runs and "make site" in readme
    checkout = next(s for s in build if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the feed needs the history
    site = next(s for s in build if s.get("run") == "make site")
    assert "GUIDESITE_SITE_URL" in site["env"]
    deploy = flow["jobs"]["github-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in build)


def test_the_switch_is_documented_with_each_of_its_values():
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    switch = re.search(r"github-pages\|rsync\|artifact\)", text)
    assert switch, "the workflow checks PUBLISH_TO"
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for value in ("github-pages", "rsync", "artifact"):
        assert f"`{value}`" in readme, value
    assert "PUBLISH_TO" in readme and "`site/`" in readme and "GUIDESITE_SITE_URL" in readme


def test_the_pull_request_keeps_its_artifact():
    steps = _workflow("pull-request.yml")["jobs"]["check"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"


def test_the_site_address_is_in_one_place(monkeypatch):
    monkeypatch.delenv(config.SITE_URL_VARIABLE, raising=False)
    assert site_url() == config.SITE_URL and site_url(LANGUAGES[1]) == config.SITE_URL + "en/"
    monkeypatch.setenv(config.SITE_URL_VARIABLE, "https://example.org/guides")
    assert (
        site_url() == "https://example.org/guides/" and site_url(LANGUAGES[2]) == "https://example.org/guides/zh-Hant/"
    )
    # nothing else in the package or the MkDocs configuration names an address of its own
    for path in [*(REPO_ROOT / "generator").rglob("*.py"), REPO_ROOT / "mkdocs.yml"]:
        if path.name != "config.py":
            assert config.SITE_URL not in path.read_text(encoding="utf-8"), path
    assert "site_url" not in yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
