"""Search benchmark: does the site's search put the right guide first for what readers type
(issue 28)? The queries of benchmarks/search_queries.yaml, each with the guide (and province) it
should find, in a real browser on a built site, each entered two ways:

- typed: character by character, a key event each (a Latin keyboard; an input method's word
  arrives the same way once committed);
- pasted: the whole query inserted at once with no key event (a paste, an input method's commit,
  a phone keyboard's suggestion).

    python benchmarks/search_bench.py --site DIR [--out benchmarks/RESULTS-search.md]
        [--rows ROWS.json] [--before OLD_ROWS.json --before-label TEXT]

DIR is a built site (`guidesite build`, or build/reader-bench/site after benchmarks/reader_bench.py).
Reports hit@1 and hit@3 per language and way: the share of queries whose page is the first
result, or among the first three. A result counts when it is the guide's page, its page for the
query's province, or (a query naming a province) that province's page, which stands for the
guide's copies in the index (generator/outputs/search_index.py). Also counted: queries left
silent (no results and no "no results" line). The held-out queries, not used to tune the
ranking (`held_out: true`; `held_out: 2`, a second set written later), are reported apart.
`--rows` keeps a run's results, which `--before` shows next to a later run's (a site built from an
earlier commit). Not part of the tests; the figures of a real run are committed in
benchmarks/RESULTS-search.md.
"""

from __future__ import annotations

import argparse
import json
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


# (name, the queries' `held_out`): true (1) for the first held-out set, 2 for the second
SETS = (("tuning", 0), ("held out 1", 1), ("held out 2", 2))


def _figures(rows: list[dict]) -> tuple[str, str, int]:
    at1 = sum(1 for r in rows if r["rank"] == 1)
    at3 = sum(1 for r in rows if r["rank"] and r["rank"] <= 3)
    silent = sum(1 for r in rows if r["silent"])
    return f"{at1 / len(rows):.0%} ({at1})", f"{at3 / len(rows):.0%} ({at3})", silent


def report(rows: list[dict], site: Path, before: list[dict] | None = None, before_label: str = "") -> str:
    lines = [
        "# Search benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        f"`python benchmarks/search_bench.py --site {site}`; Chromium at 1280 x 900. "
        f"{len(rows) // len(WAYS)} queries of benchmarks/search_queries.yaml, each typed (a key event "
        "per character) and pasted (inserted with no key event). hit@k: the share whose page is among "
        "the first k results; silent: no results and no 'no results' line. Held out: queries written "
        "before the ranking they measure and never used to tune it.",
        "",
    ]
    if before:
        lines += [f"Before: {before_label}.", ""]
        lines += [
            "| queries | language | way | n | hit@1 before | hit@1 | hit@3 before | hit@3 | silent before | silent |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
    else:
        lines += [
            "| queries | language | way | n | hit@1 | hit@3 | silent |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
    for name, held in SETS:
        for language in FOLDER:
            for way in WAYS:
                some = _pick(rows, language, way, held)
                if not some:
                    continue
                at1, at3, silent = _figures(some)
                if before:
                    old = _pick(before, language, way, held)
                    b1, b3, bs = _figures(old) if old else ("—", "—", "—")
                    lines.append(
                        f"| {name} | {language} | {way} | {len(some)} | {b1} | {at1} | {b3} | {at3} | {bs} | {silent} |"
                    )
                else:
                    lines.append(f"| {name} | {language} | {way} | {len(some)} | {at1} | {at3} | {silent} |")
    old_rank = {(r["language"], r["query"]): r for r in before or [] if r["way"] == "pasted"}
    for name, held in SETS:
        lines += [
            "",
            f"## Each query, {name} (pasted)",
            "",
            "| language | query | expected | rank before | rank | first three |"
            if before
            else "| language | query | expected | rank | first three |",
            "| --- | --- | --- | --- | --- | --- |" if before else "| --- | --- | --- | --- | --- |",
        ]
        for r in rows:
            if r["way"] != "pasted" or int(r.get("held_out") or 0) != held:
                continue
            expected = r["guide"] + (f" ({r['province']})" if r.get("province") else "")
            cells = [r["language"], r["query"], expected]
            if before:
                earlier = old_rank.get((r["language"], r["query"]))
                cells.append(_rank(earlier) if earlier else "—")
            cells += [_rank(r), " · ".join(r["top"]) or "—"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _pick(rows: list[dict], language: str, way: str, held: int) -> list[dict]:
    return [r for r in rows if r["language"] == language and r["way"] == way and int(r.get("held_out") or 0) == held]


def _rank(row: dict) -> str:
    return "silent" if row["silent"] else (str(row["rank"]) if row["rank"] else "—")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-search.md")
    parser.add_argument("--rows", type=Path, help="write this run's results (JSON) here")
    parser.add_argument("--before", type=Path, help="an earlier run's --rows, shown next to this run's")
    parser.add_argument("--before-label", default="an earlier run", help="what the earlier run measured")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        raise SystemExit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    rows = measure(args.site)
    if args.rows:
        args.rows.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
    text = report(rows, args.site, before, args.before_label)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
