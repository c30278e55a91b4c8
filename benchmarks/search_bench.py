"""Search benchmark: does the site's search put the right guide first for what readers type
(issue 28)? The queries of benchmarks/search_queries.yaml, each with the guide (and province) it
should find, in a real browser on a built site, each entered two ways:

- typed: character by character, a key event each (a Latin keyboard; an input method's word
  arrives the same way once committed);
- pasted: the whole query inserted at once with no key event (a paste, an input method's commit,
  a phone keyboard's suggestion).

    python benchmarks/search_bench.py --site DIR [--out benchmarks/RESULTS-search.md]

DIR is a built site (`guidesite build`, or build/reader-bench/site after benchmarks/reader_bench.py).
Reports hit@1 and hit@3 per language and way: the share of queries whose page is the first
result, or among the first three. A result counts when it is the guide's page, its page for the
query's province, or (a query naming a province) that province's page, which stands for the
guide's copies in the index (generator/outputs/search_index.py). Also counted: queries left
silent (no results and no "no results" line). Not part of the tests; the figures of a real run
are committed in benchmarks/RESULTS-search.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from helpers import serve_static  # noqa: E402  (the tests' static host)

CHROMIUM = Path(os.environ.get("GUIDESITE_CHROMIUM", "/usr/bin/chromium"))
QUERIES = REPO / "benchmarks" / "search_queries.yaml"
FOLDER = {"zh-Hans": "", "en": "en/", "zh-Hant": "zh-Hant/"}
WAYS = ("typed", "pasted")

RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")]
  .map(item => new URL(item.querySelector(".md-search-result__link").href).pathname)"""
ANSWERED = """initial => {
  const meta = document.querySelector(".md-search-result__meta").textContent.trim();
  return meta !== initial && !/初始化|Initializing/.test(meta);
}"""


def wanted(entry: dict) -> set[str]:
    guide = f"guides/{entry['guide']}/"
    pages = {guide}
    if entry.get("province"):
        pages |= {f"{guide}{entry['province']}/", f"provinces/{entry['province']}/"}
    return pages


def ask(page, url: str, query: str, way: str) -> list[str] | None:
    """The result pages, in order (relative to the language's folder); None: the dialog said
    nothing within 15 s."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(
        "() => !/初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=60_000,
    )
    initial = page.locator(".md-search-result__meta").text_content().strip()
    if way == "typed":
        page.keyboard.type(query, delay=20)
    else:
        page.keyboard.insert_text(query)
    try:
        page.wait_for_function(ANSWERED, arg=initial, timeout=15_000)
    except Exception:  # noqa: BLE001 - a silent dialog is a figure here, not a failure
        return None
    page.wait_for_timeout(300)  # results are rendered in one go; let it finish
    root = url.split("://", 1)[1].split("/", 1)[1]
    return [p.removeprefix("/" + root) for p in page.evaluate(RESULTS)]


def measure(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    entries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]
    server, base = serve_static(site)
    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
            page = context.new_page()
            for entry in entries:
                for way in WAYS:
                    pages = ask(page, base + FOLDER[entry["language"]], entry["query"], way)
                    good = wanted(entry)
                    rank = next((i + 1 for i, p in enumerate(pages or []) if p in good), None)
                    out.append({**entry, "way": way, "rank": rank, "silent": pages is None, "top": (pages or [])[:3]})
        finally:
            browser.close()
            server.shutdown()
    return out


def report(rows: list[dict], site: Path) -> str:
    lines = [
        "# Search benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        f"`python benchmarks/search_bench.py --site {site}`; Chromium at 1280 x 900. "
        f"{len(rows) // len(WAYS)} queries of benchmarks/search_queries.yaml, each typed (a key event "
        "per character) and pasted (inserted with no key event). hit@k: the share whose page is among "
        "the first k results; silent: no results and no 'no results' line.",
        "",
        "| language | way | queries | hit@1 | hit@3 | silent |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for language in FOLDER:
        for way in WAYS:
            some = [r for r in rows if r["language"] == language and r["way"] == way]
            if not some:
                continue
            at1 = sum(1 for r in some if r["rank"] == 1)
            at3 = sum(1 for r in some if r["rank"] and r["rank"] <= 3)
            silent = sum(1 for r in some if r["silent"])
            lines.append(
                f"| {language} | {way} | {len(some)} | {at1 / len(some):.0%} ({at1}) | "
                f"{at3 / len(some):.0%} ({at3}) | {silent} |"
            )
    lines += [
        "",
        "## Each query (pasted)",
        "",
        "| language | query | expected | rank | first three |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        if r["way"] != "pasted":
            continue
        expected = r["guide"] + (f" ({r['province']})" if r.get("province") else "")
        rank = "silent" if r["silent"] else (str(r["rank"]) if r["rank"] else "—")
        lines.append(f"| {r['language']} | {r['query']} | {expected} | {rank} | {' · '.join(r['top']) or '—'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-search.md")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        raise SystemExit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    text = report(measure(args.site), args.site)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
