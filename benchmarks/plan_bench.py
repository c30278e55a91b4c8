"""Plan page benchmark: how many bytes a reader's browser fetches for one plan.

    python benchmarks/plan_bench.py [--out benchmarks/RESULTS-plan.md]

For each language, renders the plan page's data from the shipped content (exactly what the build
writes into plan/data/) and measures, raw and gzip-compressed (level 6, what web servers use),
the plan's own script (plan.js) plus its common data plus the data of the provinces a plan
loads: the five plans of the browser tests, and the largest of all pairs of provinces. The budget
(issue 18) is 60 KB gzip for one province pair. Also times rendering all the data, per language.
Run with `make bench`; not part of the tests.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from helpers import site_of  # noqa: E402

from generator.config import LANGUAGES, REPO_ROOT, THEME_DIR, Project  # noqa: E402
from generator.outputs.plan_data import render_plan_data  # noqa: E402

BUDGET = 60 * 1024
SCRIPT = THEME_DIR / "assets" / "javascripts" / "plan.js"
PLANS = {
    "广东 → 浙江, employee": ["guangdong", "zhejiang"],
    "北京 → 上海 → 四川, man of 55 (hukou 北京)": ["beijing", "shanghai", "sichuan"],
    "foreign national 上海 → 江苏": ["shanghai", "jiangsu"],
    "Hong Kong resident → 广东": ["guangdong"],
    "湖南 → 广东, between jobs": ["hunan", "guangdong"],
}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "RESULTS-plan.md"))
    args = parser.parse_args()
    script = SCRIPT.read_bytes()
    rows, worst, timings = [], [], []
    for language in LANGUAGES:
        site = site_of(Project(REPO_ROOT), language.code)
        start = time.perf_counter()
        files = {path: text.encode() for path, text in render_plan_data(site, language.code).items()}
        timings.append((language.code, time.perf_counter() - start, len(files), sum(map(len, files.values()))))
        common = files["plan/data/common.js"]

        def pair(slugs: list[str], files: dict[str, bytes] = files, common: bytes = common) -> tuple[int, int]:
            parts = [script, common] + [files[f"plan/data/{s}.js"] for s in slugs]
            return sum(map(len, parts)), sum(gz(p) for p in parts)

        for name, slugs in PLANS.items():
            raw, packed = pair(slugs)
            rows.append((language.code, name, raw, packed))
        sizes = {path: gz(data) for path, data in files.items() if path != "plan/data/common.js"}
        two = sorted(sizes, key=sizes.__getitem__)[-2:]
        raw, packed = pair([Path(p).stem for p in two])
        worst.append((language.code, " + ".join(Path(p).stem for p in two), raw, packed))
    lines = [
        "# Plan page benchmark",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; `make bench` (benchmarks/plan_bench.py).",
        "Bytes a browser fetches for one plan: plan.js + plan/data/common.js + one data script per province",
        f"the plan names (each file compressed on its own, gzip level 6). Budget: {BUDGET // 1024} KB gzip per province pair.",
        "",
        "| language | plan | raw bytes | gzip bytes |",
        "| --- | --- | --- | --- |",
        *(f"| {code} | {name} | {raw:,} | {packed:,} |" for code, name, raw, packed in rows),
        "",
        "The largest pair of provinces (the two largest province scripts):",
        "",
        "| language | provinces | raw bytes | gzip bytes | within budget |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {code} | {name} | {raw:,} | {packed:,} | {'yes' if packed <= BUDGET else 'NO'} |"
            for code, name, raw, packed in worst
        ),
        "",
        f"plan.js alone: {len(script):,} bytes, {gz(script):,} gzip.",
        "",
        "Rendering all of a language's plan data (common + 31 provinces) from the resolved site:",
        "",
        "| language | seconds | files | bytes |",
        "| --- | --- | --- | --- |",
        *(f"| {code} | {s:.2f} | {n} | {b:,} |" for code, s, n, b in timings),
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if any(packed > BUDGET for *_rest, packed in worst):
        sys.exit("over budget")


if __name__ == "__main__":
    main()
