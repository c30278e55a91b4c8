"""Benchmark: what PDFs cost, in one run on this machine.

    .venv/bin/python benchmarks/pdf_bench.py [--part pages,build] [--sample guangdong,hunan]

pages   The print models' CPU (every document, every language); Typst's CPU per page on the
        chosen provinces' documents in each language (layout, compression), one process, one
        after another, and the sizes before and after compression.
build   `guidesite build` of a copy of the shipped content, side by side in this run: without PDFs,
        then with PDFs on a cold cache, then after an editor's change to one province (one new
        sentence, with a character no other text has), then the same checkout moved to another
        folder; each as a new process, wall time and CPU time of the process and its workers.
        Laid-out PDFs are counted as new entries of the PDF cache.

Not run by the tests; `make bench` runs it. Results: benchmarks/RESULTS-pdf.md.
"""

from __future__ import annotations

import argparse
import io
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
from generator.outputs.print_model import as_json, print_models  # noqa: E402

GUIDESITE = [sys.executable, "-m", "generator.cli"]
EDITED = "guangdong"


def pages_part(provinces: list[str]) -> None:
    """The print models' CPU (every document, every language), then Typst's CPU per page and per
    document, one process, one after another, on the chosen provinces' documents in each
    language, and what compression with object streams saves."""
    import pypdf
    import typst

    project = Project(ROOT)
    content = validate_project(project).content
    start = time.process_time()
    models = {lang.code: print_models(site_in(content, project, lang), lang.code) for lang in LANGUAGES}
    made = time.process_time() - start
    total = sum(len(m) for m in models.values())
    print(f"print models of all {total} documents, every language: {made:.2f} CPU s")
    setup = pdf.PdfSetup.find()
    start = time.process_time()
    prepared = pdf._prepare(setup)  # the compiler (font scan) and the font's coverage, once per worker
    print(f"documents: {', '.join(provinces)}: guides, journeys, province books, in each language")
    print(f"font: {setup.used()['regular']}; typst {pdf._version('typst', typst)}")
    print(f"compiler made once per process: {time.process_time() - start:.3f} CPU s")
    print(
        "| language | documents | pages | CPU s (layout + compression) | ms CPU per page | of it compression, ms/page |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for language, documents in models.items():
        sample = {rel: model for rel, model in documents.items() if Path(rel).stem in provinces}
        cpu, compress_cpu, pages, raw, packed, per_doc = 0.0, 0.0, 0, 0, 0, []
        for rel, model in sample.items():
            start = time.process_time()
            data = prepared["compiler"].compile(
                input=str(setup.templates / pdf.template_of(rel)),
                sys_inputs={"data": as_json(model), "font": setup.family},
                pdf_standards=pdf.PDF_STANDARDS,
            )
            laid = time.process_time()
            small = pdf.compress(data)
            compress_cpu += time.process_time() - laid
            cpu += time.process_time() - start
            per_doc.append(time.process_time() - start)
            pages += len(pypdf.PdfReader(io.BytesIO(small)).pages)
            raw += len(data)
            packed += len(small)
        print(
            f"| {language} | {len(sample)} | {pages} | {cpu:.2f} | {1000 * cpu / pages:.1f} "
            f"| {1000 * compress_cpu / pages:.1f} |"
        )
        print(
            f"per document: median {statistics.median(per_doc):.3f} s, max {max(per_doc):.3f} s; "
            f"size {raw / 1e6:.2f} MB as Typst writes it, {packed / 1e6:.2f} MB with object streams"
        )


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
        books = sorted((full / "site" / "pdf" / "provinces").glob("*.pdf"))
        books_mb = sum(p.stat().st_size for p in books) / 1e6
        all_mb = sum(p.stat().st_size for p in (full / "site").rglob("*.pdf")) / 1e6
        wall2, cpu2, _err = _build(html_only, "--no-pdf")
        rows.append(("`build --no-pdf` again (cold, new copy's cache unused)", wall2, cpu2, "-"))

        before, pdfs_before = _cached(full), _pdfs(full)
        _edit(full)
        wall, cpu, _err = _build(full)
        new = _cached(full) - before
        changed = sorted(rel for rel, data in _pdfs(full).items() if pdfs_before.get(rel) != data)
        others = [rel for rel in changed if Path(rel).stem != EDITED]
        rows.append((f"`build` after an edit of {EDITED}.yaml", wall, cpu, f"{len(new)} of {made}"))
        edit_wall = wall

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
    print(f"PDF stage (cold `build` minus that mean): {full_wall - base:.1f} s wall")
    print(f"rebuild after the edit / `build --no-pdf`: {edit_wall / base:.2f}x wall")
    print(
        f"sizes: the {len(books)} zh-Hans province books {books_mb:.1f} MB; every PDF of every language {all_mb:.1f} MB"
    )
    print(f"after the edit, PDFs whose bytes changed: {len(changed)}, of other provinces: {len(others)} {others[:5]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="pages,build")
    parser.add_argument("--sample", default="guangdong,hunan")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average at the start {os.getloadavg()[0]:.1f}"
    )
    parts = args.part.split(",")
    if "pages" in parts:
        pages_part(args.sample.split(","))
    if "build" in parts:
        build_part()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
