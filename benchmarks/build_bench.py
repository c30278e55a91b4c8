"""Build benchmark: the project's pipeline, stage by stage, on the shipped data scaled up, and
the conventional build of the same pages side by side (one MkDocs process with
mkdocs-static-i18n). Run with `make bench`; not part of the tests.

    python benchmarks/build_bench.py [--scales 1 10] [--runs 3] [--out benchmarks/RESULTS.md]

Scaling copies each shipped guide G times under new ids (31 provinces x G guides x every
language). Every figure is the median over --runs runs. PDFs are measured by pdf_bench.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build_html, site_in  # noqa: E402
from generator.config import MKDOCS_YML, SOURCE_LANGUAGE, BuildOptions, Project  # noqa: E402
from generator.core.validate import validate_project  # noqa: E402
from generator.outputs.pages import render_pages  # noqa: E402


def scaled_project(root: Path, factor: int) -> Project:
    """The shipped content with every guide copied `factor` times under new ids."""
    for part in ("content", "data"):
        shutil.copytree(REPO / part, root / part)
    guides = root / "content" / "guides"
    for path in sorted(guides.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for n in range(2, factor + 1):
            copy = text.replace(f"\nid: {path.stem}\n", f"\nid: {path.stem}-x{n}\n", 1)
            (guides / f"{path.stem}-x{n}.yaml").write_text(copy, encoding="utf-8")
    return Project(root)


def peak_rss_mb() -> float:
    """Largest resident set of this process or any finished child (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_ours(project: Project, work: Path) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    content = validate_project(project).content
    times["validate"] = time.perf_counter() - start

    staging = work / "ours"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    start = time.perf_counter()
    out, pages = build_html(project, content, staging, BuildOptions(), offline=False)  # render + MkDocs, per language
    times["build"] = time.perf_counter() - start
    times["total"] = times["validate"] + times["build"]
    times["pages"] = pages

    # For the table only (not in the total): rendering alone, on one core, every language.
    start = time.perf_counter()
    for language in project.languages:
        render_pages(site_in(content, project, language), language.code)
    times["render"] = time.perf_counter() - start

    sizes = sorted(p.stat().st_size for p in out.rglob("*.html") if p.name != "404.html")
    times["page_kb"] = statistics.median(sizes) / 1024
    return times


def peer_config(project: Project, work: Path) -> Path:
    """The same generated pages, built the conventional way: one MkDocs process with
    mkdocs-static-i18n (folder structure), every language in one run."""
    docs = work / "peer-docs"
    shutil.rmtree(docs, ignore_errors=True)
    locales = {"zh-Hans": "zh", "en": "en", "zh-Hant": "zh-Hant"}
    for language in project.languages:
        shutil.copytree(project.docs_dir(language.code), docs / locales[language.code])
    config = {
        "INHERIT": str(MKDOCS_YML),
        "docs_dir": str(docs),
        "site_dir": str(work / "peer-site"),
        "theme": {"language": "zh", "custom_dir": str(REPO / "templates" / "theme")},
        "plugins": [
            {"search": {"lang": ["zh", "en"]}},
            {
                "i18n": {
                    "docs_structure": "folder",
                    "languages": [
                        {
                            "locale": locales[lang.code],
                            "name": lang.code,
                            "build": True,
                            "default": lang.code == SOURCE_LANGUAGE,
                        }
                        for lang in project.languages
                    ],
                }
            },
        ],
        "validation": {"links": {"not_found": "info", "unrecognized_links": "info", "anchors": "info"}},
        "strict": False,
    }
    path = work / "mkdocs.peer.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_peer(config: Path) -> float:
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"peer build failed:\n{run.stderr[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=3, help="runs per scale up to 3x")
    parser.add_argument("--large-runs", type=int, default=1, help="runs per scale above 3x (each takes minutes)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    rows = []
    for factor in args.scales:
        with tempfile.TemporaryDirectory(prefix="guidesite-bench-") as tmp:
            work = Path(tmp)
            project = scaled_project(work / "project", factor)
            ours, peer = [], []
            runs = args.runs if factor <= 3 else args.large_runs
            for _ in range(runs):
                ours.append(run_ours(project, work))
                peer.append(run_peer(peer_config(project, work)))
            med = {key: statistics.median(r[key] for r in ours) for key in ours[0]}
            med["peer"] = statistics.median(peer)
            med["scale"] = factor
            med["runs"] = runs
            med["guides"] = len(list((project.content_dir / "guides").glob("*.yaml")))
            rows.append(med)
            print(f"scale {factor}x done: {med}", file=sys.stderr)
    lines = [
        "# Build benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        "medians of the runs in the table; `make bench` (benchmarks/build_bench.py). "
        "Build: render + MkDocs, one process per language on all cores (offline bundles and PDFs not "
        "included: the peer has neither). Render: rendering alone on one core, for reference (inside "
        "Build). Peer: one MkDocs process with mkdocs-static-i18n over the same generated pages.",
        "",
        "| scale | runs | guides | pages | validate s | render s | build s | total s | pages/s | ms/page | peer s | total/peer | median page KB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['scale']}x | {r['runs']} | {r['guides']} | {int(r['pages'])} | {r['validate']:.2f} | {r['render']:.2f} | "
            f"{r['build']:.2f} | {r['total']:.2f} | {r['pages'] / r['total']:.0f} | {1000 * r['total'] / r['pages']:.1f} | "
            f"{r['peer']:.2f} | {r['total'] / r['peer']:.2f} | {r['page_kb']:.1f} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["total"] / last["pages"]) / (first["total"] / first["pages"])
        lines += ["", f"Cost per page at {last['scale']}x is {growth:.2f} times that at {first['scale']}x."]
    lines += [
        "",
        f"Peak resident memory of any process: {peak_rss_mb():.0f} MB.",
        "",
        "The live preview (`guidesite serve`) is measured by serve_bench.py: RESULTS-serve.md.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
