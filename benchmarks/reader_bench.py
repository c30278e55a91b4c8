"""Reader benchmark: what a phone fetches before a guide page is ready, what search answers, and
how big the offline bundles are, measured in a real browser (issue 17).

    python benchmarks/reader_bench.py [--site DIR] [--out benchmarks/RESULTS-reader.md]

Builds the shipped site (every language, with PDFs, taken from build/cache when unchanged) into
build/reader-bench/ unless --site names a built one, serves it on 127.0.0.1 without compression,
and opens in Debian's Chromium (/usr/bin/chromium, or $GUIDESITE_CHROMIUM), at phone size
(360 x 740), one province's guide page per language:

- first view: every byte the page fetches until the network is idle (HTML, styles, scripts), as
  served (uncompressed) and gzip-compressed (level 6, a server's usual); then what search fetches
  when the reader first uses it (the search box focused: the worker, its languages and the index),
  and the search index on its own (issue 28: search loads on first use, not with every page);
- the same page over a slow link (Chromium's network emulation, 1.6 Mbit/s, 150 ms): seconds
  until the page has loaded, and from the first use of search until it is ready;
- the search queries of tests/browser/test_search.py: results, the first three, and whether
  Material's "missing" line names a word the result really lacks;
- the offline bundles' sizes (the language's zip, and the smallest and largest province's).

Targets: a first view of at most 350 KB uncompressed (issue 28; 1.5 MB with search, issue 17) and 400 KB gzip, an index of at most 1 MB,
a language bundle of at most 25 MB, a province bundle of at most 5 MB. Not part of the tests
(`make bench` runs it); the figures of a real run are committed in benchmarks/RESULTS-reader.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from helpers import serve_static  # noqa: E402  (the tests' static host)

from generator.build import build  # noqa: E402
from generator.config import LANGUAGES, OFFLINE_BUNDLE, PROVINCE_BUNDLE, BuildOptions, Project, source_date_of  # noqa: E402

CHROMIUM = Path(os.environ.get("GUIDESITE_CHROMIUM", "/usr/bin/chromium"))
PHONE = {"width": 360, "height": 740}
PAGE = "guides/transfer-insurance/zhejiang/"
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
TARGETS = {
    "first": 350_000,
    "with search": 1_500_000,
    "gzip": 400_000,
    "index": 1_000_000,
    "bundle": 25_000_000,
    "province": 5_000_000,
}
# (language prefix, query, the page expected first or None)
QUERIES = [
    ("", "社会保障卡", "guides/social-security-card/"),
    ("", "养老保险关系转移", None),
    ("", "异地就医", "guides/yidi-jiuyi-beian/"),
    ("", "社保卡丢了", None),
    ("", "浙江 转移", "provinces/zhejiang/"),
    ("", "广东 社保卡", "provinces/guangdong/"),
    ("en", "pension transfer", None),
    ("en", "lost card", "guides/card-replacement/"),
    ("en", "zhejiang transfer", "provinces/zhejiang/"),
    ("zh-Hant", "社會保障卡", "guides/social-security-card/"),
    ("zh-Hant", "醫保", None),
    ("zh-Hant", "浙江 轉移", "provinces/zhejiang/"),
]
# Material's search result list says this while its worker is not ready.
READY = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  return meta && !meta.textContent.trim().match(/初始化|Initializing/);
}"""


def first_view(browser, url: str) -> dict:
    """Every response of one page load until idle and search ready: bytes, gzip bytes, files."""
    context = browser.new_context(viewport=PHONE)
    context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
    bodies: dict[str, bytes] = {}
    failed: list[str] = []

    def finished(request):
        response = request.response()
        if response is None:
            return
        if response.status >= 400:
            failed.append(f"{response.status} {request.url}")
        try:
            bodies[request.url] = response.body()
        except Exception:  # noqa: BLE001 - a body Chromium no longer holds counts as nothing fetched
            bodies.setdefault(request.url, b"")

    context.on("requestfinished", finished)
    context.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    first = dict(bodies)
    page.locator("label.md-header__button[for='__search']").click()  # a phone's search button
    page.wait_for_function(READY, timeout=120_000)
    page.wait_for_load_state("networkidle")
    context.close()
    raw = sum(len(b) for b in first.values())
    packed = sum(len(gzip.compress(b, 6)) for b in first.values())
    searching = sum(len(b) for u, b in bodies.items() if u not in first)
    index = next((len(b) for u, b in bodies.items() if u.endswith("search_index.json")), 0)
    return {
        "raw": raw,
        "gzip": packed,
        "index": index,
        "search_bytes": searching,
        "with search": raw + searching,
        "files": len(first),
        "failed": failed,
    }


def slow_view(browser, url: str) -> dict:
    """Seconds until the page's load event, and from the first use of search until it is ready,
    at 1.6 Mbit/s."""
    context = browser.new_context(viewport=PHONE)
    context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW)
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=300_000)
    loaded = time.perf_counter() - start
    page.wait_for_load_state("networkidle", timeout=300_000)
    start = time.perf_counter()
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function(READY, timeout=300_000, polling=100)
    ready = time.perf_counter() - start
    context.close()
    return {"load": loaded, "search": ready}


def search(browser, base: str, prefix: str, query: str) -> dict:
    context = browser.new_context(viewport=PHONE)
    context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
    page = context.new_page()
    page.goto(base + (prefix + "/" if prefix else ""), wait_until="networkidle")
    box = page.locator("input.md-search__input")
    page.locator("label.md-header__button[for='__search']").click()  # a phone's search button
    page.wait_for_function(READY, timeout=120_000)  # search loads on first use
    box.fill(query)
    box.press("End")  # Material searches on key events (an input method's commit ends with one)
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0"
        " || /没有|沒有|No matching/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=30_000,
    )
    found = page.evaluate(
        """() => [...document.querySelectorAll(".md-search-result__item")].map(item => ({
          href: new URL(item.querySelector(".md-search-result__link").href).pathname,
          documents: [...item.querySelectorAll(".md-search-result__link")].map(link => ({
            location: new URL(link.href).pathname + new URL(link.href).hash,
            missing: [...link.querySelectorAll(".md-search-result__terms del")].map(d => d.textContent),
          })),
        }))"""
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    context.close()
    return {"meta": meta, "results": found}


def wrongly_missing(site: Path, prefix: str, results: list[dict]) -> list[tuple[str, str]]:
    """(location, word) for each word Material says a result lacks that its indexed text has."""
    index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = {
        entry["location"]: (entry["title"] + " " + entry["text"] + " " + " ".join(entry.get("tags", [])))
        .replace("\u200b", "")
        .lower()
        for entry in index["docs"]
    }
    root = "/" + (prefix + "/" if prefix else "")
    wrong = []
    for result in results:
        for document in result["documents"]:
            location = document["location"].removeprefix(root)
            for word in document["missing"]:
                if word.lower() in text.get(location, ""):
                    wrong.append((location, word))
    return wrong


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve_static(site)
    out: dict = {"languages": {}, "queries": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        try:
            for language in LANGUAGES:
                root = base + (language.prefix + "/" if language.prefix else "")
                view = first_view(browser, root + PAGE)
                view.update(slow_view(browser, root + PAGE))
                downloads = site / language.prefix
                bundle = downloads / OFFLINE_BUNDLE.format(language=language.code)
                provinces = sorted(
                    (p.stat().st_size, p.name)
                    for p in downloads.glob(PROVINCE_BUNDLE.format(language=language.code, province="*"))
                )
                view["bundle"] = bundle.stat().st_size if bundle.is_file() else 0
                view["provinces"] = provinces
                out["languages"][language.code] = view
            for prefix, query, first in QUERIES:
                result = search(browser, base, prefix, query)
                result.update(prefix=prefix, query=query, first=first)
                result["wrong"] = wrongly_missing(site, prefix, result["results"])
                out["queries"].append(result)
        finally:
            browser.close()
            server.shutdown()
    return out


def mb(n: float) -> str:
    return f"{n / 1_000_000:.2f} MB"


def kb(n: float) -> str:
    return f"{n / 1000:.0f} KB"


def report(figures: dict, built: str) -> str:
    lines = [
        "# Reader benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        f"`make bench` (benchmarks/reader_bench.py), Chromium at 360 x 740. {built}",
        "",
        f"First view of `{PAGE}` in each language: every byte fetched until the network is idle, as "
        "served and gzip-compressed (level 6); search loads when first used (the search button "
        "pressed): what it then fetches (worker, languages, index) and the index alone. The slow link "
        "is Chromium's emulation of 1.6 Mbit/s with 150 ms latency, nothing cached; search ready: from "
        "the button pressed. Bundles: the language's zip and the smallest and largest province's.",
        "",
        "| language | first view | gzip | files | search on first use | search index | load at 1.6 Mbit/s "
        "| search ready | language bundle | province bundles |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for code, v in figures["languages"].items():
        provinces = v["provinces"]
        spread = f"{mb(provinces[0][0])} – {mb(provinces[-1][0])}" if provinces else "—"
        lines.append(
            f"| {code} | {kb(v['raw'])} | {kb(v['gzip'])} | {v['files']} | {kb(v['search_bytes'])} | {kb(v['index'])} | "
            f"{v['load']:.1f} s | {v['search']:.1f} s | {mb(v['bundle'])} | {spread} |"
        )
    worst = {
        "first": max(v["raw"] for v in figures["languages"].values()),
        "with search": max(v["with search"] for v in figures["languages"].values()),
        "gzip": max(v["gzip"] for v in figures["languages"].values()),
        "index": max(v["index"] for v in figures["languages"].values()),
        "bundle": max(v["bundle"] for v in figures["languages"].values()),
        "province": max((v["provinces"][-1][0] for v in figures["languages"].values() if v["provinces"]), default=0),
    }
    lines += [
        "",
        "Targets (issues 17, 28), the largest figure of any language against each: "
        + "; ".join(
            f"{name} {mb(worst[name])} ≤ {mb(limit)} {'yes' if worst[name] <= limit else 'NO'}"
            for name, limit in TARGETS.items()
        )
        + ".",
        "",
    ]
    failed = [f for v in figures["languages"].values() for f in v["failed"]]
    lines += [f"Failed requests during the first views: {', '.join(failed) or 'none'}.", ""]
    lines += [
        "## Search",
        "",
        "Each query typed into the search box of the language's home page, on a phone. Results: "
        "Material's count (one per page); first three: the first results; expected first: the page a "
        "reader must get first, where there is one; 'missing' wrong: words Material's line says a shown "
        "result (the first ten) lacks though its indexed text has them.",
        "",
        "| language | query | results | first three | expected first | 'missing' wrong |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for q in figures["queries"]:
        results = q["results"]
        top = " · ".join(
            r["href"].removeprefix("/" + q["prefix"] + "/" if q["prefix"] else "/") or "/" for r in results[:3]
        )
        first = "—"
        if q["first"]:
            ok = results and results[0]["href"].endswith("/" + q["first"])
            first = f"{q['first']} {'yes' if ok else 'NO'}"
        wrong = ", ".join(f"{word} ({where})" for where, word in q["wrong"]) or "none"
        count = re.sub(r"\D", "", q["meta"]) or "0"
        lines.append(f"| {q['prefix'] or 'zh-Hans'} | {q['query']} | {count} | {top} | {first} | {wrong} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to measure instead of building one")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-reader.md")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        raise SystemExit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    site = args.site
    built = f"Site: {site}."
    if site is None:
        # kept in build/ (git-ignored), so that a run can be measured again with --site
        work = REPO / "build" / "reader-bench"
        shutil.rmtree(work, ignore_errors=True)
        project = Project(work / "project")
        for part in ("content", "data"):
            shutil.copytree(REPO / part, project.root / part)
        options = BuildOptions(source_date=source_date_of(REPO), cache_dir=REPO / "build" / "cache")
        start = time.perf_counter()
        build(project, work / "site", options)
        site = work / "site"
        built = f"The shipped site, built with PDFs in {time.perf_counter() - start:.0f} s (PDFs taken from build/cache where a document was unchanged)."
    text = report(measure(site), built)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
