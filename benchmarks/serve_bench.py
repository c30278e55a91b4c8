"""Live-preview benchmark: how long `guidesite serve` takes to show a saved change in the page.

    python benchmarks/serve_bench.py [--scales 1 10] [--changes 5] [--out benchmarks/RESULTS-serve.md]

For each scale (the shipped data, its guides copied as in build_bench.py), starts the real
preview (zh-Hans) on a copy, then saves, one after another:
  - a province file: the department name of Hunan (what an editor does most; issue 7: <= 3 s),
    until the new name is served in Hunan's transfer guide;
  - a national guide: the transfer guide's summary, until it shows on the same page;
  - a broken province file, until the error list is served to the page (preview-errors.json).
Each figure is the median over --changes saves, measured from the save to the served bytes,
polled every 0.05 s. Run with `make bench`; not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from build_bench import REPO, scaled_project
from helpers import http_get as fetch

PAGE = "guides/transfer-insurance/hunan/"
DEPARTMENT = "湖南省医疗保障局"
SUMMARY = "summary: 跨省换了工作或常住地后，"
WAIT = 600


def wait_for(condition, server: subprocess.Popen, what: str) -> float:
    start = time.perf_counter()
    while not condition():
        if server.poll() is not None:
            raise SystemExit(f"the preview stopped while waiting for {what}")
        if time.perf_counter() - start > WAIT:
            raise SystemExit(f"no {what} within {WAIT} s")
        time.sleep(0.05)
    return time.perf_counter() - start


def measure(scale: int, changes: int, port: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="guidesite-serve-") as tmp:
        project = scaled_project(Path(tmp), scale)
        guides = len(list(project.content_dir.glob("guides/*.yaml")))
        url = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("guidesite")),
                "--root",
                str(project.root),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        try:
            start = wait_for(lambda: "湖南" in fetch(url + PAGE), server, "first page")
            pages = len(list(project.docs_dir("zh-Hans").rglob("*.md")))
            province = project.provinces_dir / "hunan.yaml"
            guide = project.content_dir / "guides" / "transfer-insurance.yaml"
            province_text, guide_text = province.read_text(encoding="utf-8"), guide.read_text(encoding="utf-8")
            timings: dict[str, list[float]] = {"province": [], "guide": [], "error": []}
            for n in range(1, changes + 1):
                marker = f"{DEPARTMENT}（测量{n}）"
                province.write_text(province_text.replace(DEPARTMENT, marker, 1), encoding="utf-8")
                timings["province"].append(wait_for(lambda m=marker: m in fetch(url + PAGE), server, "province change"))
                time.sleep(1)
                marker = f"测量{n}：跨省换了工作或常住地后，"
                guide.write_text(guide_text.replace(SUMMARY, f"summary: {marker}", 1), encoding="utf-8")
                timings["guide"].append(wait_for(lambda m=marker: m in fetch(url + PAGE), server, "guide change"))
                time.sleep(1)
                province.write_text(province_text.replace('code: "430000"', f'code: "43000{n}x"', 1), encoding="utf-8")
                timings["error"].append(
                    wait_for(lambda: "hunan.yaml" in fetch(url + "preview-errors.json"), server, "error report")
                )
                province.write_text(province_text, encoding="utf-8")
                guide.write_text(guide_text, encoding="utf-8")
                wait_for(lambda: json.loads(fetch(url + "preview-errors.json") or '["?"]') == [], server, "recovery")
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return {
        "scale": scale,
        "guides": guides,
        "pages": pages,
        "start": start,
        **{kind: statistics.median(values) for kind, values in timings.items()},
        "spread": dict(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--changes", type=int, default=5, help="saves of each kind per scale")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS-serve.md")
    args = parser.parse_args()
    rows = [measure(scale, args.changes, args.port) for scale in args.scales]
    lines = [
        "# Live-preview benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        "`make bench` (benchmarks/serve_bench.py). `guidesite serve` (zh-Hans) on the shipped data "
        "scaled as in RESULTS.md; seconds from saving a file to the changed bytes being served, "
        f"median of {args.changes} saves of each kind.",
        "",
        "| scale | guides | pages | server up s | province file s | national guide s | error shown s |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['scale']}x | {r['guides']} | {r['pages']} | {r['start']:.1f} | {r['province']:.2f} | "
            f"{r['guide']:.2f} | {r['error']:.2f} |"
        )
    lines += ["", "Every save, in order:", ""]
    for r in rows:
        for kind, values in r["spread"].items():
            lines.append(f"- {r['scale']}x {kind}: {', '.join(f'{v:.2f}' for v in values)}")
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
