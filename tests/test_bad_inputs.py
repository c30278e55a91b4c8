"""The bad-input corpus (tests/bad_inputs/cases.toml): every malformed file gives its
documented message at its file:line:col through `guidesite build`, exit status 1, no
traceback, and leaves the existing site as it was; text that only looks like markup builds and
is shown as typed. (How fast is not asserted here: tests do not time things; the whole corpus
runs in a few seconds.)"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURE, TESTS

from generator.cli import main
from generator.config import LOCALES_DIR

CORPUS = TESTS / "bad_inputs"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
ERRORS = CASES["error"]
ESCAPED = CASES["escaped"]


def _generate(kind: str, path: Path) -> None:
    if kind == "symlink-to-passwd":
        path.unlink(missing_ok=True)
        path.symlink_to("/etc/passwd")
    elif kind == "symlink-to-proc-environ":
        path.symlink_to("/proc/self/environ")  # size 0: a size cap alone would let it through
    elif kind == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
    elif kind == "symlinked-folder":
        elsewhere = path.parent.parent.parent / "elsewhere"
        shutil.move(path, elsewhere)
        path.symlink_to(elsewhere, target_is_directory=True)
    elif kind == "text-too-long":
        # 30 000 escaped characters in one step's text cost Python-Markdown 1.4 s per page
        text = (FIXTURE / "content/guides/beta.yaml").read_text(encoding="utf-8")
        path.write_text(text.replace("text: 网上办理。", 'text: "' + "*" * 30_000 + '"'), encoding="utf-8")
    elif kind == "huge-50mb":
        line = b"  - \xe6\x96\x87\xe5\xad\x97\n"  # "  - 文字"
        with path.open("wb") as fp:
            fp.write(b"slug: hunan\nitems:\n")
            chunk = line * (1 << 16)
            while fp.tell() < 50 * 1024 * 1024:
                fp.write(chunk)
    elif kind == "deep-nesting":
        path.write_text("slug: " + "[" * 10_000 + "\n", encoding="utf-8")
    else:  # pragma: no cover - a typo in cases.toml
        raise AssertionError(f"unknown generator {kind!r}")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def _place(case: dict, root: Path) -> None:
    """Put the case's file where it goes in a copy of the fixture project (catalogs: in a copy of
    the repository's own, which the project then uses)."""
    target = root / case["target"]
    if case["target"].startswith("locales/") and not (root / "locales").exists():
        shutil.copytree(LOCALES_DIR, root / "locales")
    if "generate" in case:
        _generate(case["generate"], target)
    else:
        shutil.copyfile(CORPUS / case.get("file", case["name"] + ".yaml"), target)


def test_the_corpus_is_complete():
    names = [c["name"] for c in ERRORS + ESCAPED]
    assert len(ERRORS) >= 25 and len(names) == len(set(names))
    committed = {p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".po")}
    wanted = {c.get("file", c["name"] + ".yaml") for c in ERRORS + ESCAPED if "generate" not in c}
    assert committed == wanted, "every file in tests/bad_inputs/ has its case, and every case its file"
    assert (CORPUS / "gbk-encoded.yaml").read_bytes().decode("gbk")  # really GBK
    assert (CORPUS / "bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (CORPUS / "empty-file.yaml").stat().st_size == 0


@pytest.mark.parametrize("case", ERRORS, ids=[c["name"] for c in ERRORS])
def test_bad_input_is_reported_at_its_place(case, tmp_path, capsys):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    _place(case, root)
    # an existing site, which a failed build must leave exactly as it was
    site = tmp_path / "site"
    (site / "guides" / "alpha").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>old</title>", encoding="utf-8")
    (site / "guides" / "alpha" / "index.html").write_bytes(b"\x00old bytes\xff")
    before = _digest(site)
    capsys.readouterr()

    status = main(["--root", str(root), "build", "--no-pdf", "--out", str(site)])
    out, err = capsys.readouterr()

    assert status == 1, out + err
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert err.splitlines() == lines + [f"发现 {len(lines)} 个错误，未生成网站。"], err  # nothing else
    expected = f"{case['at']}: error: "
    assert any(line.startswith(expected) and case["expect"] in line for line in lines), (
        f"wanted {expected}…{case['expect']}…, got:\n" + "\n".join(lines)
    )
    assert len(lines) == case.get("errors", 1), "\n".join(lines)
    for fragment in case.get("absent", []):
        assert fragment not in out + err, fragment  # e.g. nothing of a file outside the project
    assert not any(line.lstrip().startswith("::") for line in (out + err).splitlines())  # no workflow command
    assert _digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "elsewhere") == ["project", "site"]  # no staging


# The hostile titles of the escaped cases carry this element and attribute: wherever a page shows
# one as markup (a <title>, a heading, the navigation, a meta tag, the search page), the parser
# finds it. Python's parser reads <title> as markup, not text: stricter than a browser.
DATA_ELEMENT, DATA_ATTRIBUTE = "x-data", "data-from-data"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.in_script = False
        self.in_json_ld = False

    def handle_data(self, data):
        # JSON-LD is data, not code: the hostile text may be in it, but only as JSON whose "<" is
        # escaped, so it can neither end the element nor start one.
        if self.in_json_ld:
            json.loads(data)
            if "<" in data:
                self.bad.append(f"<script type=ld+json>{data.strip()[:60]}")
        elif self.in_script and "alert(" in data:
            self.bad.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        self.in_script = self.in_json_ld = False

    def handle_starttag(self, tag, attrs):
        self.in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs
        self.in_script = tag == "script" and not self.in_json_ld
        if tag == DATA_ELEMENT:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name == DATA_ATTRIBUTE:
                self.bad.append(f"<{tag} {name}>")
            if name.startswith("on") or (
                name in ("href", "src")
                and value
                and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.bad.append(f"<{tag}>")


@pytest.fixture(scope="module")
def escaped_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("escaped")
    root = tmp / "project"
    shutil.copytree(FIXTURE, root)
    targets = [c["target"] for c in ESCAPED]
    assert len(targets) == len(set(targets)), "one [[escaped]] case per file: they are built together"
    for case in ESCAPED:
        _place(case, root)
    assert main(["--root", str(root), "build", "--no-pdf", "--out", str(tmp / "site")]) == 0
    return tmp / "site"


@pytest.mark.parametrize("case", ESCAPED, ids=[c["name"] for c in ESCAPED])
def test_markup_in_text_builds_and_is_shown_as_typed(case, escaped_site):
    html = (escaped_site / case["page"]).read_text(encoding="utf-8")
    for fragment in case["shown"]:
        assert fragment in html, fragment
    for fragment in case["absent"]:
        assert fragment not in html, fragment


def test_no_page_of_the_escaped_build_has_markup_from_the_data(escaped_site):
    pages = sorted(escaped_site.rglob("*.html"))
    assert len(pages) > 60  # every language
    for page in pages:
        parser = _Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.bad == [], page.relative_to(escaped_site)
    for index in escaped_site.rglob("search_index.json"):  # Material shows results' titles as HTML
        assert f"<{DATA_ELEMENT}" not in index.read_text(encoding="utf-8"), index
