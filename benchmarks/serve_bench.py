"""How long `guidesite serve` takes to show a change to one province file in the browser's page.

    python benchmarks/serve_bench.py [--port 8765]

Starts the preview on a copy of the shipped data, changes one office-free field of one province
(the department's name), and polls the province's guide page until the change is served.
Prints the seconds from the save to the served page, median of 3 changes.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="guidesite-serve-") as tmp:
        root = Path(tmp)
        for part in ("content", "data"):
            shutil.copytree(REPO / part, root / part)
        url = f"http://127.0.0.1:{args.port}/guides/transfer-insurance/hunan/"
        server = subprocess.Popen([str(Path(sys.executable).with_name("guidesite")), "--root", str(root), "serve",
                                   "--dev-addr", f"127.0.0.1:{args.port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 600
            while "湖南" not in fetch(url):
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the preview did not start")
                time.sleep(0.5)
            province = root / "data/provinces/hunan.yaml"
            original = province.read_text(encoding="utf-8")
            delays = []
            for n in range(1, 4):
                marker = f"湖南省医疗保障局（测量{n}）"
                province.write_text(original.replace("湖南省医疗保障局", marker, 1), encoding="utf-8")
                start = time.perf_counter()
                while marker not in fetch(url):
                    if time.perf_counter() - start > 120:
                        raise SystemExit("the change did not appear within 120 s")
                    time.sleep(0.1)
                delays.append(time.perf_counter() - start)
                time.sleep(2)
            print(f"serve: change visible after {statistics.median(delays):.2f} s "
                  f"(median of {len(delays)}: {', '.join(f'{d:.2f}' for d in delays)})")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
