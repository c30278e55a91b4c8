"""Benchmark: what PDFs cost, in one run on this machine.

    .venv/bin/python benchmarks/pdf_bench.py [--part subset,build] [--sample guangdong,hunan]

subset  WeasyPrint's cut of the font to the glyphs of each PDF, three ways, on the same documents
        (the chosen provinces' zh-Hans print HTML, each set in the CJK font cut to its own
        characters, as the build does), one process, one after another: HarfBuzz from the
        uharfbuzz wheel (what the build uses), the system's libharfbuzz-subset (what WeasyPrint
        uses where it finds it), fontTools (what WeasyPrint falls back to without it).
build   `guidesite build` of a copy of the shipped content, side by side in this run: without PDFs,
        then with PDFs on a cold cache, then after an editor's change to one province (one new
        sentence, with a character no other text has), then the same checkout moved to another
        folder; each as a new process, wall time and CPU time of the process and its workers.
        Laid-out PDFs are counted as new entries of the PDF cache.

Not run by the tests; `make bench` runs it. Results: benchmarks/RESULTS-pdf.md.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import site_in  # noqa: E402
from generator.config import LANGUAGES, Project  # noqa: E402
from generator.core.validate import validate_project  # noqa: E402
from generator.outputs import pdf  # noqa: E402
from generator.outputs.print_html import render_print  # noqa: E402

GUIDESITE = [sys.executable, "-m", "generator.cli"]
EDITED = "guangdong"


def subset_part(provinces: list[str]) -> None:
    import logging

    import weasyprint
    import weasyprint.pdf.fonts as wfonts
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from generator.outputs import fonts, harfbuzz_subset

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # fontTools' warning, once per PDF
    project = Project(ROOT)
    site = site_in(validate_project(project).content, project, LANGUAGES[0])
    sample = {rel: html for rel, html in render_print(site, LANGUAGES[0].code).items() if Path(rel).stem in provinces}
    setup = pdf.PdfSetup.find()
    base = CSS(string=setup.css)
    own_subset = wfonts.Font.subset
    system = wfonts.harfbuzz_subset is not None
    ways = {"uharfbuzz (the build)": "uharfbuzz"}
    if system:
        ways["system libharfbuzz-subset"] = "system"
    ways["fontTools (WeasyPrint's fallback)"] = "fonttools"
    cut_times = []
    print(
        f"documents: {len(sample)} ({', '.join(provinces)}, zh-Hans: guides, journeys, province books); "
        f"font: {setup.used()['regular']}; WeasyPrint {weasyprint.__version__}"
    )
    print(
        "| WeasyPrint's cut per PDF by | layout, median s | writing the PDF, median s | max s | PDF size, median KB |"
    )
    print("| --- | --- | --- | --- | --- |")
    for label, way in ways.items():
        wfonts.Font.subset = own_subset
        saved = wfonts.harfbuzz_subset
        if way == "uharfbuzz":
            harfbuzz_subset.install()
        elif way == "fonttools":
            wfonts.harfbuzz_subset = None
        layout, writing, sizes = [], [], []
        try:
            for html in sample.values():
                start = time.perf_counter()
                chars = fonts.document_characters(html) + pdf.GENERATED_CHARS
                font_config = FontConfiguration()
                faces = pdf._font_faces(setup, chars, font_config)
                cut_times.append(time.perf_counter() - start)
                document = HTML(string=html, base_url=setup.base_url).render(
                    stylesheets=[faces, base], font_config=font_config
                )
                laid = time.perf_counter()
                data = document.write_pdf(pdf_variant=pdf.PDF_VARIANT, pdf_identifier=False)
                writing.append(time.perf_counter() - laid)
                layout.append(laid - start)
                sizes.append(len(data) / 1024)
        finally:
            wfonts.harfbuzz_subset = saved
            wfonts.Font.subset = own_subset
        print(
            f"| {label} | {statistics.median(layout):.3f} | {statistics.median(writing):.3f} | {max(writing):.3f} "
            f"| {statistics.median(sizes):.0f} |"
        )
    print(f"(this document's font cut and loaded, included in layout: median {statistics.median(cut_times):.3f} s)")
    if not system:
        print("(no system libharfbuzz-subset on this machine)")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(root: Path, *command: str) -> tuple[float, float, str]:
    """`guidesite --root <root> <command>` in a new process: (wall s, CPU s, its stderr)."""
    cpu, start = _children_cpu(), time.perf_counter()
    run = subprocess.run(
        [*GUIDESITE, "--root", str(root), *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{run.stdout}\n{run.stderr}")
    return wall, _children_cpu() - cpu, run.stderr


def _build(root: Path, *extra: str) -> tuple[float, float, str]:
    """`guidesite build` of `root` into root/site: (wall s, CPU s, its stderr)."""
    return _run(root, "build", "--out", str(root / "site"), *extra)


def _cached(root: Path) -> set[str]:
    return {p.name for p in (root / "build" / "cache" / "pdf").glob("*.pdf")}


def _pdfs(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.pdf")}


def _copy(target: Path) -> Path:
    for part in ("content", "data"):
        shutil.copytree(ROOT / part, target / part)
    return target


def _edit(root: Path) -> None:
    """An editor's change: a province's channel note gets a few more words, one of them with a
    character (鑫) that no other text of the site has."""
    path = root / "data" / "provinces" / f"{EDITED}.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("note: 广东省政务服务小程序；", "note: 广东省政务服务小程序（鑫源路办事点也可指导使用）；", 1)
    if edited == text:
        sys.exit(f"{path}: the note to edit is not there any more; change _edit()")
    path.write_text(edited, encoding="utf-8")


def build_part() -> None:
    env_note = "SOURCE_DATE_EPOCH " + ("set" if "SOURCE_DATE_EPOCH" in os.environ else "not set (PDFs carry no date)")
    print(f"{env_note}; copies of content/ and data/ (not git checkouts: zips dated 1980-01-01)")
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        tmp_dir = Path(tmp)
        html_only = _copy(tmp_dir / "no-pdf")
        full = _copy(tmp_dir / "full")
        rows = []
        wall, cpu, _err = _build(html_only, "--no-pdf")
        rows.append(("`build --no-pdf`, cold", wall, cpu, "-"))
        base_wall, base_cpu = wall, cpu
        wall, cpu, _err = _build(full)
        made = len(_cached(full))
        rows.append(("`build`, cold cache", wall, cpu, f"{made} of {made}"))
        full_wall, full_cpu = wall, cpu
        wall2, cpu2, _err = _build(html_only, "--no-pdf")
        rows.append(("`build --no-pdf` again (cold, new copy's cache unused)", wall2, cpu2, "-"))

        before, pdfs_before = _cached(full), _pdfs(full)
        _edit(full)
        wall, cpu, _err = _build(full)
        new = _cached(full) - before
        changed = sorted(rel for rel, data in _pdfs(full).items() if pdfs_before.get(rel) != data)
        others = [rel for rel in changed if Path(rel).stem != EDITED]
        rows.append((f"`build` after an edit of {EDITED}.yaml", wall, cpu, f"{len(new)} of {made}"))

        moved = tmp_dir / "elsewhere" / "checkout"
        moved.parent.mkdir()
        shutil.copytree(full, moved)
        before = _cached(moved)
        wall, cpu, _err = _build(moved)
        rows.append(
            ("`build`, the same checkout in another folder", wall, cpu, f"{len(_cached(moved) - before)} of {made}")
        )

        wall, cpu, _err = _run(moved, "pdf", "--province", EDITED, "--out", str(tmp_dir / "editor"))
        rows.append((f"`pdf --province {EDITED}` (all of it cached)", wall, cpu, "0"))
        shutil.rmtree(moved / "build" / "cache")
        wall, cpu, _err = _run(moved, "pdf", "--province", EDITED, "--out", str(tmp_dir / "editor2"))
        editor = list((tmp_dir / "editor2").rglob("*.pdf"))
        rows.append((f"`pdf --province {EDITED}`, cold cache", wall, cpu, str(len(editor))))

    print("| run | wall s | CPU s (all processes) | PDFs laid out |")
    print("| --- | --- | --- | --- |")
    for name, wall, cpu, laid in rows:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {laid} |")
    base = (base_wall + wall2) / 2
    print(
        f"\ncold `build` / `build --no-pdf`: {full_wall / base:.2f}x wall (against the mean of the two --no-pdf runs), "
        f"{full_cpu / ((base_cpu + cpu2) / 2):.2f}x CPU"
    )
    print(f"after the edit, PDFs whose bytes changed: {len(changed)}, of other provinces: {len(others)} {others[:5]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="subset,build")
    parser.add_argument("--sample", default="guangdong,hunan")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average at the start {os.getloadavg()[0]:.1f}"
    )
    parts = args.part.split(",")
    if "subset" in parts:
        subset_part(args.sample.split(","))
    if "build" in parts:
        build_part()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
