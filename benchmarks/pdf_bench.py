"""Benchmark: seconds per PDF with guidesite's pipeline against plain WeasyPrint.

    .venv/bin/python benchmarks/pdf_bench.py [--root .] [--provinces guangdong,hunan,sichuan]

Both sides lay out the same print HTML (templates/print/) of the chosen provinces' documents,
one after another in this process, in the same run:

- guidesite: the CJK font subset once to the corpus's characters (cached; the cold subset time
  is printed apart), stylesheets and fonts loaded once, tagged PDF (pdf/ua-1);
- plain: WeasyPrint as one would call it, a new HTML(...).write_pdf() per document with
  the system Noto Sans CJK SC found by fontconfig (the same stylesheet, no @font-face);
- plain, fontTools: the same with WeasyPrint's HarfBuzz subsetter turned off, as on a machine
  without libharfbuzz-subset (e.g. older distributions, macOS without it) (--fonttools).

It then builds every PDF of the site with build_pdfs() on all cores and prints the wall time
per PDF. Not run by the tests; `make bench` runs it. Results: benchmarks/RESULTS-pdf.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import site_in  # noqa: E402
from generator.config import LANGUAGES, TEMPLATES_DIR, Project  # noqa: E402
from generator.core.validate import validate_project  # noqa: E402
from generator.outputs import pdf  # noqa: E402
from generator.outputs.print_html import render_print  # noqa: E402


def _plain(html: str, target: Path, css_text: str) -> float:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    start = time.perf_counter()
    font_config = FontConfiguration()
    HTML(string=html).write_pdf(
        target, stylesheets=[CSS(string=css_text, font_config=font_config)], font_config=font_config
    )
    return time.perf_counter() - start


def _fonts_of(path: Path) -> list[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(path).pages:
        for ref in page["/Resources"].get("/Font", {}).values():  # type: ignore[attr-defined]
            names.add(str(ref.get_object()["/BaseFont"]))
    return sorted(names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--provinces", default="guangdong,hunan,sichuan")
    parser.add_argument(
        "--fonttools", action="store_true", help="also time plain WeasyPrint with fontTools subsetting (slow)"
    )
    parser.add_argument("--no-full", action="store_true", help="skip the full parallel build")
    args = parser.parse_args()

    project = Project(Path(args.root).resolve())
    site = site_in(validate_project(project).content, project, LANGUAGES[0])
    slugs = args.provinces.split(",")
    every = render_print(site, LANGUAGES[0].code)
    sample = {rel: html for rel, html in every.items() if Path(rel).stem in slugs}
    corpus = "".join(every.values()) + pdf.GENERATED_CHARS
    base_css = (TEMPLATES_DIR / "print" / "pdf.css").read_text(encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        tmp_dir = Path(tmp)
        start = time.perf_counter()
        css_texts, used = pdf.stylesheets(corpus, tmp_dir / "cache")
        cold_subset = time.perf_counter() - start
        start = time.perf_counter()
        pdf.stylesheets(corpus, tmp_dir / "cache")
        warm_subset = time.perf_counter() - start

        pdf.init_worker(css_texts, TEMPLATES_DIR)
        ours = []
        for rel, html in sample.items():
            _target, seconds, messages = pdf.write_pdf(html, str(tmp_dir / "ours" / rel))
            if seconds < 0:
                print(f"failed: {rel}: {messages}", file=sys.stderr)
                return 1
            ours.append(seconds)

        plain = [_plain(html, _mk(tmp_dir / "plain" / rel), base_css) for rel, html in sample.items()]
        plain_fonts = _fonts_of(tmp_dir / "plain" / next(iter(sample)))

        plain_ft = []
        if args.fonttools:
            import weasyprint.pdf.fonts as wfonts

            saved, wfonts.harfbuzz_subset = wfonts.harfbuzz_subset, None
            try:
                plain_ft = [_plain(html, _mk(tmp_dir / "plain-ft" / rel), base_css) for rel, html in sample.items()]
            finally:
                wfonts.harfbuzz_subset = saved

        full_wall = None
        if not args.no_full:
            start = time.perf_counter()
            paths = pdf.write_pdfs(every, tmp_dir / "site", cache_dir=tmp_dir / "cache")
            full_wall = (time.perf_counter() - start, len(paths))

    med_ours, med_plain = statistics.median(ours), statistics.median(plain)
    import weasyprint

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    print(f"font: {used['regular']}" + (f"; bold: {used['bold']}" if "bold" in used else ""))
    print(f"plain WeasyPrint embedded: {', '.join(plain_fonts)}")
    print(f"documents timed: {len(sample)} ({', '.join(slugs)}: guides, journeys, province books)")
    print(
        f"subset of the CJK font for {len(set(corpus))} characters: {cold_subset:.2f} s cold, {warm_subset:.3f} s from cache"
    )
    print(f"guidesite, median per PDF:                {med_ours:.3f} s  (min {min(ours):.3f}, max {max(ours):.3f})")
    print(f"plain WeasyPrint + system font, median:   {med_plain:.3f} s  (min {min(plain):.3f}, max {max(plain):.3f})")
    print(f"ratio plain / guidesite:                  {med_plain / med_ours:.1f}x")
    if plain_ft:
        med_ft = statistics.median(plain_ft)
        print(f"plain WeasyPrint, fontTools subset, median: {med_ft:.3f} s  (ratio {med_ft / med_ours:.1f}x)")
    if full_wall:
        seconds, count = full_wall
        print(
            f"full build, {count} PDFs on {os.cpu_count()} cores: {seconds:.1f} s wall, {seconds / count:.3f} s per PDF"
        )
    return 0


def _mk(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
