"""A real browser for the tests in this folder: Debian's Chromium (/usr/bin/chromium, which
`make test` installs where it can) driven by Playwright, and the built sites served on
127.0.0.1. Without the browser, Playwright or axe-core these tests skip and say why, except on
CI ($CI set), where they fail."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import FIXTURE, serve_static

from generator.config import (
    LANGUAGES,
    OFFLINE_BUNDLE,
    PROVINCE_BUNDLE,
    REPO_ROOT,
    BuildOptions,
    Project,
)
from generator.config import site_url as published_at

# Debian's Chromium by default; GUIDESITE_CHROMIUM names another Chromium-based browser (the
# pull-request workflow uses the Chrome that GitHub's Ubuntu runners carry).
CHROMIUM = Path(os.environ.get("GUIDESITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
AXE = REPO_ROOT / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "build" / "test-artifacts"  # git-ignored (build/)


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required on CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install -e '.[test]'")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium (make test does it as root)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - a browser that does not start is reported, not traced
        playwright.stop()
        unavailable(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
    yield chromium
    chromium.close()
    playwright.stop()


# The path the site is published under (GitHub Pages serves a project's site at /<name>/): served
# there in the tests too, so that a link or asset that assumes the host's root fails here as well.
BASE = urlsplit(published_at()).path


def _serve(folder: Path):
    """Yields the address of `folder` served under BASE, for as long as the fixture lives."""
    server, url = serve_static(folder, BASE)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(built_once):
    """The fixture project's site (every language, with PDFs) at http://127.0.0.1:<port>/<BASE>."""
    yield from _serve(built_once)


@pytest.fixture(scope="session")
def real_site_url(real_site):
    """The shipped content's site (every language, no PDFs) at http://127.0.0.1:<port>/<BASE>."""
    yield from _serve(real_site)


@pytest.fixture(scope="session")
def unzipped(built_once, tmp_path_factory):
    """The fixture site's offline bundles, unzipped: `unzipped(language, province=None)` is the
    folder holding its index.html."""
    folders: dict = {}

    def open_bundle(language, province=None):
        name = (
            PROVINCE_BUNDLE.format(language=language.code, province=province)
            if province
            else OFFLINE_BUNDLE.format(language=language.code)
        )
        if name not in folders:
            target = tmp_path_factory.mktemp("unzipped")
            with zipfile.ZipFile(built_once / language.prefix / name) as archive:
                archive.extractall(target)
            (folders[name],) = target.iterdir()
        return folders[name]

    return open_bundle


@pytest.fixture(scope="session")
def card_site_url(tmp_path_factory):
    """A variant of the fixture whose second guide is the social security card (社保卡) guide,
    built in Simplified Chinese only, for the search box."""
    from helpers import edit

    from generator.build import build

    tmp = tmp_path_factory.mktemp("card")
    shutil.copytree(FIXTURE, tmp / "project")
    project = dataclasses.replace(Project(tmp / "project"), languages=LANGUAGES[:1])
    edit(project, "content/guides/beta.yaml", "title: 乙事项", "title: 申领社保卡")
    edit(project, "content/guides/beta.yaml", "summary: 乙事项的说明。", "summary: 在新参保地申领社会保障卡。")
    build(project, tmp / "site", BuildOptions(pdfs=False))
    yield from _serve(tmp / "site")


LOCAL = re.compile(r"^(?:http://127\.0\.0\.1:\d+/|data:|blob:|about:|file:)")


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts that reach nothing but 127.0.0.1: the pages ask for
    Google Fonts (Material's default), which must neither slow the tests nor be needed.
    `page.errors` collects the page's uncaught JavaScript errors, `page.console` its console
    errors (a failed load included), `page.failed` requests that failed or got an error status."""
    contexts = []

    def make(viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        context.route(lambda url: not LOCAL.match(url), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        console: list[str] = []
        page.on(
            "console",
            lambda message: (
                console.append(f"{message.text} @ {message.location.get('url')}") if message.type == "error" else None
            ),
        )
        page.console = console
        failed: list[str] = []
        context.on("requestfailed", lambda request: failed.append(f"{request.failure}: {request.url}"))
        context.on(
            "requestfinished",
            lambda request: (
                failed.append(f"{request.response().status}: {request.url}")
                if request.response() and request.response().status >= 400
                else None
            ),
        )
        page.failed = failed
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
