"""Engine benchmark: the shipped site built by MkDocs + Material and by Zensical side by side, and
what each one's search answers (issue 26).

    python benchmarks/engine_bench.py [--out benchmarks/RESULTS-engines.md] [--no-search]

Copies content/ and data/ into build/engine-bench/, builds every language with its offline zips,
without PDFs (they are made before the engine runs and cost the same with either), once with each
engine, one after the other: wall time and CPU time (user + system of the build and its worker
processes, Zensical's own processes included), and the ratio Zensical / MkDocs. Then serves each
site on 127.0.0.1 and types the queries of tests/browser/test_search.py into each one's search box
in Debian's Chromium (/usr/bin/chromium, or $GUIDESITE_CHROMIUM): a query is answered when the page
a reader must get first is first and every page it must find is among the results.

Needs `pip install -e '.[zensical]'`. Not part of the tests; figures of a real run are committed
in benchmarks/RESULTS-engines.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from browser.test_search import QUERIES  # noqa: E402  (the queries the tests hold Material's search to)
from helpers import serve_static  # noqa: E402  (the tests' static host)

from generator.build import build  # noqa: E402
from generator.config import LANGUAGES, SOURCE_LANGUAGE, BuildOptions, Project, source_date_of  # noqa: E402
from generator.outputs.engines import ENGINES, ZENSICAL_REQUIREMENT  # noqa: E402

CHROMIUM = Path(os.environ.get("GUIDESITE_CHROMIUM", "/usr/bin/chromium"))
WORK = REPO / "build" / "engine-bench"


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_with(name: str) -> dict:
    project = Project(WORK / name / "project")
    shutil.rmtree(WORK / name, ignore_errors=True)
    for part in ("content", "data"):
        shutil.copytree(REPO / part, project.root / part)
    options = BuildOptions(pdfs=False, source_date=source_date_of(REPO))
    load = os.getloadavg()[0]
    cpu, start = cpu_seconds(), time.perf_counter()
    pages = build(project, WORK / name / "site", options, engine=ENGINES[name])
    return {
        "wall": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "pages": pages,
        "load": load,
        "site": WORK / name / "site",
    }


def engine_alone(name: str) -> dict:
    """The engine alone: one language's site (zh-Hans, the largest) from the docs its whole build
    left in build/docs/, as the site's second build of that language (no offline build) does it."""
    project = Project(WORK / name / "project")
    language = next(lang for lang in LANGUAGES if lang.code == SOURCE_LANGUAGE)
    out = WORK / name / "alone"
    shutil.rmtree(out, ignore_errors=True)
    cpu, start = cpu_seconds(), time.perf_counter()
    problem = ENGINES[name].build(project, language, out)
    if problem:
        raise SystemExit(problem)
    return {"wall": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "pages": len(list(out.rglob("*.html")))}


# Material: one result per page (its sections under it); Zensical: one per section, in a dialog of
# its own (an open shadow root, which Playwright's selectors enter).
_RESULTS = {
    "mkdocs": ".md-search-result__item .md-search-result__link:first-child",
    "zensical": "ol[role=listbox] a[role=option]",
}


def search(browser, engine: str, base: str, prefix: str, query: str) -> list[str]:
    """The pages of the results, in order, each once, relative to the language's root."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort())
    page = context.new_page()
    root = base + (prefix + "/" if prefix else "")
    page.goto(root, wait_until="networkidle")
    if engine == "mkdocs":
        box = page.locator("input.md-search__input")
        box.click()
    else:
        page.locator("button.md-search__button").first.click()
        box = page.locator("input[role=combobox]")
    box.fill(query)
    box.press("End")  # an input method's commit ends with a key event
    try:
        page.locator(_RESULTS[engine]).first.wait_for(timeout=30_000)
    except Exception:  # noqa: BLE001 - no result at all is a figure, not a failure
        context.close()
        return []
    page.wait_for_timeout(500)  # results are rendered in one go; let it finish
    hrefs = page.locator(_RESULTS[engine]).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    context.close()
    path = "/" + (prefix + "/" if prefix else "")
    pages: list[str] = []
    for href in hrefs:
        rel = href.removeprefix(path)
        if rel not in pages:
            pages.append(rel)
    return pages


def answered(pages: list[str], first: str | None, among: list[str]) -> bool:
    return bool(pages) and (first is None or pages[0] == first) and all(p in pages for p in among)


def measure_search(sites: dict[str, Path]) -> dict[str, list[dict]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[dict]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        try:
            for engine, site in sites.items():
                server, base = serve_static(site)
                try:
                    out[engine] = []
                    for prefix, query, first, among in QUERIES:
                        pages = search(browser, engine, base, prefix, query)
                        out[engine].append(
                            {
                                "prefix": prefix,
                                "query": query,
                                "first": first,
                                "pages": pages,
                                "ok": answered(pages, first, among),
                            }
                        )
                finally:
                    server.shutdown()
        finally:
            browser.close()
    return out


def report(builds: dict[str, dict], alone: dict[str, dict], searches: dict[str, list[dict]]) -> str:
    from importlib.metadata import version

    import mkdocs

    mk, zs = builds["mkdocs"], builds["zensical"]
    lines = [
        "# Engine benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        f"MkDocs {mkdocs.__version__} + Material {version('mkdocs-material')}, Zensical {version('zensical')}; "
        "benchmarks/engine_bench.py, one run of each, one after the other.",
        "",
        "The shipped site, every language with its offline zips, without PDFs (made before the engine runs, "
        "the same work with either). CPU: user + system of the build and every process it started.",
        "",
        "| engine | pages | wall | CPU | load average at the start |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, b in builds.items():
        lines.append(f"| {name} | {b['pages']} | {b['wall']:.1f} s | {b['cpu']:.1f} s | {b['load']:.1f} |")
    lines += [
        "",
        f"Zensical / MkDocs: wall {zs['wall'] / mk['wall']:.2f}, CPU {zs['cpu'] / mk['cpu']:.2f}.",
        "",
    ]
    if alone:
        mk, zs = alone["mkdocs"], alone["zensical"]
        lines += [
            "The engine alone: the zh-Hans site (no offline build) from the docs the whole build left, "
            "as the second build of a language does it (MkDocs in this process with jieba; Zensical as "
            "its command).",
            "",
            "| engine | HTML pages | wall | CPU |",
            "| --- | --- | --- | --- |",
            *(f"| {n} | {a['pages']} | {a['wall']:.1f} s | {a['cpu']:.1f} s |" for n, a in alone.items()),
            "",
            f"Zensical / MkDocs: wall {zs['wall'] / mk['wall']:.2f}, CPU {zs['cpu'] / mk['cpu']:.2f}.",
            "",
        ]
    if searches:
        lines += [
            "## Search",
            "",
            "The queries of tests/browser/test_search.py typed into each site's search box (Chromium, "
            "1200 x 900). Answered: the page a reader must get first is first, and every page the test "
            "requires is among the results. First three: the results' pages, each once.",
            "",
            "| language | query | expected first | "
            + " | ".join(f"{e}: answered | {e}: first three" for e in searches)
            + " |",
            "| --- | --- | --- | " + " | ".join("--- | ---" for _ in searches) + " |",
        ]
        rows = zip(*searches.values(), strict=True)
        for row in rows:
            q = row[0]
            cells = []
            for r in row:
                cells += ["yes" if r["ok"] else "NO", " · ".join(p or "/" for p in r["pages"][:3]) or "none"]
            lines.append(
                f"| {q['prefix'] or 'zh-Hans'} | {q['query']} | {q['first'] or '—'} | " + " | ".join(cells) + " |"
            )
        lines += [
            "",
            "Answered: " + ", ".join(f"{e} {sum(r['ok'] for r in rs)}/{len(rs)}" for e, rs in searches.items()) + ".",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-engines.md")
    parser.add_argument("--no-search", action="store_true", help="time the builds only")
    args = parser.parse_args()
    missing = ENGINES["zensical"].missing()
    if missing:
        raise SystemExit(f"{missing} ({ZENSICAL_REQUIREMENT})")
    builds = {name: build_with(name) for name in ("mkdocs", "zensical")}
    alone = {name: engine_alone(name) for name in ("mkdocs", "zensical")}
    print(report(builds, alone, {}), flush=True)  # the timings, whatever the browser does next
    searches = {} if args.no_search else measure_search({name: b["site"] for name, b in builds.items()})
    text = report(builds, alone, searches)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
