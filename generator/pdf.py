"""PDFs for offline readers: print HTML (templates/print/) from the resolved model, laid out by
WeasyPrint on A4.

One PDF per (guide, province), per (journey, province), and per province with all its guides:

    <out_dir>/pdf/guides/<guide-id>/<province-slug>.pdf
    <out_dir>/pdf/journeys/<journey-id>/<province-slug>.pdf
    <out_dir>/pdf/provinces/<province-slug>.pdf

Speed: the CJK font is cut once per build to the characters the documents use (fonts.py,
cached by content hash), and the documents are laid out in parallel processes. Same input and
the same SOURCE_DATE_EPOCH give the same bytes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup, escape

from .config import LOCALES_DIR, REPO_ROOT, SOURCE_LANGUAGE, TEMPLATES_DIR
from .diagnostics import LogCollector, template_location
from .fonts import FontNotFound, find_cjk_bold, find_cjk_font, subset_font
from .render import mark_untranslated, template_environment
from .resolve import ProvinceGuide, Site
from .translate import N_, Untranslated, _, load_translations, localize, recording_pending

FONT_FAMILY = "GuideSite CJK"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF (structure tree, /Lang, XMP title) as WeasyPrint makes it
DEFAULT_CACHE_DIR = REPO_ROOT / "build" / "cache"
# Characters WeasyPrint draws that are in no document's text: list markers (disc, circle, square).
GENERATED_CHARS = "\u2022\u25e6\u25aa"


class PdfError(Exception):
    """A PDF could not be made; the message says why and, where it can, how to fix it."""


# --- the print documents ---------------------------------------------------------------------

@dataclass(frozen=True)
class PrintDoc:
    rel: str  # relative to <out_dir>/pdf/, e.g. "guides/social-security-card/guangdong.pdf"
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Meta:
    """What goes into the PDF's document information and <head>: plain strings (never
    `Untranslated`, whose mark is an element and cannot stand in an attribute)."""
    title: str
    author: str
    subject: str
    keywords: str
    verified: date  # the oldest last_verified date of what the document shows
    date: str | None  # W3C date-time for the PDF's creation and modification dates


def _css_string(value: Any) -> Markup:
    """A CSS string literal, safe inside <style> (where HTML entities are not decoded)."""
    text = value.unescape() if isinstance(value, Markup) else str(value)
    out = []
    for ch in text:
        if ch in '\\"<>&\'' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


def _page_counter(value: Any) -> Markup:
    """A translated "page {page} of {pages}" as CSS `content`: strings and counters."""
    text = value.unescape() if isinstance(value, Markup) else str(value)
    parts = []
    for piece in re.split(r"(\{pages?\})", text):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(str(_css_string(piece)))
    return Markup(" ".join(parts))


def _finalize(value: Any) -> Any:
    if value is None:
        raise PdfError("a print template printed None: check the field is present before printing it")
    if isinstance(value, Untranslated):
        return mark_untranslated(value, str(escape(str(value))))
    return value


def environment(language: str = SOURCE_LANGUAGE, templates_dir: Path = TEMPLATES_DIR,
                locales_dir: Path = LOCALES_DIR) -> jinja2.Environment:
    """The Jinja environment for print HTML: the pages' shared set-up, escaping for HTML only."""
    env = template_environment(language, templates_dir, locales_dir, _finalize)
    env.filters.update(css_string=_css_string, page_counter=_page_counter)
    return env


def _source_date() -> str | None:
    """SOURCE_DATE_EPOCH as a W3C date-time (reproducible builds); the current time without it."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        moment = datetime.now(timezone.utc)
    else:
        try:
            moment = datetime.fromtimestamp(int(value), timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise PdfError(_("SOURCE_DATE_EPOCH 应为整数秒数（自 1970-01-01 UTC 起），而不是 {value!r}").format(value=value)) from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _authors(pgs: Iterable[ProvinceGuide]) -> str:
    names: list[str] = []
    for pg in pgs:
        names += [getattr(pg.province.departments, agency).name for agency in pg.guide.agencies]
    return "、".join(dict.fromkeys(names))


def documents_for(site: Site, language: str = SOURCE_LANGUAGE, locales_dir: Path = LOCALES_DIR) -> list[PrintDoc]:
    """Every PDF of the site, with its template, the objects it needs and its metadata.
    `site` is already in `language` (translate.localize)."""
    t = load_translations(language, "messages", locales_dir)
    stamp = _source_date()
    docs = []
    for guide in site.guides.values():
        for slug in site.provinces:
            pg = site.province_guides[(guide.id, slug)]
            meta = Meta(f"{guide.title} · {pg.province.name}", _authors([pg]), str(guide.summary),
                        f"{pg.province.name}, {guide.title}", pg.last_verified, stamp)
            docs.append(PrintDoc(f"guides/{guide.id}/{slug}.pdf", "print/guide.html.j2",
                                 {"pg": pg, "province": pg.province, "meta": meta}))
    for journey in site.journeys.values():
        for slug in site.provinces:
            pj = site.province_journeys[(journey.id, slug)]
            meta = Meta(f"{journey.title} · {pj.province.name}", _authors(pj.parts), str(journey.summary),
                        ", ".join([pj.province.name] + [p.guide.title for p in pj.parts]),
                        min(p.last_verified for p in pj.parts), stamp)
            docs.append(PrintDoc(f"journeys/{journey.id}/{slug}.pdf", "print/journey.html.j2",
                                 {"pj": pj, "province": pj.province, "meta": meta}))
    for slug, province in site.provinces.items():
        pgs = [site.province_guides[(g, slug)] for g in site.guides]
        title = str(t.gettext(N_("%(province)s办事指南"))) % {"province": province.name}
        subject = str(t.gettext(N_("在%(province)s参保的人可以在这里找到各项办事指南、主管部门和网上渠道。"))) % {"province": province.name}
        meta = Meta(title, "、".join([province.departments.hrss.name, province.departments.healthcare.name]), subject,
                    ", ".join([province.name] + [pg.guide.title for pg in pgs]),
                    min([province.last_verified] + [pg.last_verified for pg in pgs]), stamp)
        docs.append(PrintDoc(f"provinces/{slug}.pdf", "print/province.html.j2",
                             {"guides": pgs, "province": province, "meta": meta}))
    return docs


def render_html(site: Site, language: str = SOURCE_LANGUAGE, templates_dir: Path = TEMPLATES_DIR,
                locales_dir: Path = LOCALES_DIR, only: Iterable[str] | None = None) -> dict[str, str]:
    """PDF path (relative to pdf/) -> print HTML in `language`, for every document (or those
    whose path is in `only`). `site` is the source-language site; it is localized here."""
    env = environment(language, templates_dir, locales_dir)
    env.globals["site"] = site = localize(site, language, locales_dir)
    docs = documents_for(site, language, locales_dir)
    if only is not None:
        wanted = set(only)
        docs = [d for d in docs if d.rel in wanted]
    out = {}
    for doc in docs:
        try:
            with recording_pending() as pending:
                html = env.get_template(doc.template).render(**doc.context)
            if pending:  # say so under the title, as the web pages do
                notice = env.get_template("print/_pending.html.j2").render()
                html = html.replace("</h1>", "</h1>\n" + notice, 1)
            out[doc.rel] = html
        except Exception as exc:  # a template bug: say where, without a traceback
            raise PdfError(f"{template_location(exc)}{type(exc).__name__}: {exc}") from None
    return out


# --- fonts and stylesheets -------------------------------------------------------------------

def stylesheets(text: str, cache_dir: Path, templates_dir: Path = TEMPLATES_DIR) -> tuple[list[str], dict[str, str]]:
    """The CSS texts for the PDFs: @font-face rules for the subset CJK font (made or taken from
    the cache) and templates/print/pdf.css. Also returns which font files were used."""
    regular = find_cjk_font()
    bold = find_cjk_bold(regular)
    faces = {"regular": subset_font(regular, text, cache_dir)}
    if bold is not None:
        faces["bold"] = subset_font(bold, text, cache_dir)
    rules = [f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{faces["regular"].as_uri()}"); font-weight: 400; }}']
    # Without a bold face headings stay regular instead of being smeared by synthetic bold.
    rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{faces.get("bold", faces["regular"]).as_uri()}"); font-weight: 700; }}')
    used = {"regular": f"{regular.path}#{regular.index} [{regular.origin}]"}
    if bold is not None:
        used["bold"] = f"{bold.path}#{bold.index} [{bold.origin}]"
    return ["\n".join(rules), (templates_dir / "print" / "pdf.css").read_text(encoding="utf-8")], used


# --- writing PDFs (in worker processes) ------------------------------------------------------

_worker: dict[str, Any] = {}


def init_worker(css_texts: list[str]) -> None:
    """Parse the stylesheets and load the fonts once per process, not once per document."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    collect = LogCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    logger.propagate = False
    font_config = FontConfiguration()
    _worker.update(font_config=font_config, collect=collect,
                   css=[CSS(string=t, font_config=font_config) for t in css_texts])


def write_pdf(html: str, target: str) -> tuple[str, float, list[str]]:
    """Lay out one document and write it atomically; returns (target, seconds, warnings)."""
    from weasyprint import HTML

    start = time.perf_counter()
    collect: LogCollector = _worker["collect"]
    collect.messages.clear()
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf", dir=path.parent)
    os.close(fd)
    try:
        document = HTML(string=html, base_url=str(TEMPLATES_DIR / "print") + "/").render(
            stylesheets=_worker["css"], font_config=_worker["font_config"])
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT, pdf_identifier=False)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the site serves it
        os.replace(tmp, path)
    except Exception as exc:  # reported by the parent, one line per document
        return target, -1.0, [f"{type(exc).__name__}: {exc}"]
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target, time.perf_counter() - start, list(collect.messages)


def _write_all(jobs_list: list[tuple[str, str]], css_texts: list[str], jobs: int) -> Iterable[tuple[str, float, list[str]]]:
    if jobs <= 1 or len(jobs_list) <= 1:
        init_worker(css_texts)
        try:
            for html, target in jobs_list:
                yield write_pdf(html, target)
        finally:
            # Let WeasyPrint's font configuration go now, not at interpreter exit, where its
            # __del__ finds its libraries already unloaded and prints an error.
            _worker.clear()
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(css_texts,)) as pool:
        futures = [pool.submit(write_pdf, html, target) for html, target in jobs_list]
        for future in as_completed(futures):
            yield future.result()


class _Progress:
    """A bar on stderr when it is a terminal; otherwise one summary line at the end."""

    def __init__(self, total: int):
        self.total, self.done, self.start = total, 0, time.perf_counter()
        self.tty = sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        if self.tty:
            width = 30
            filled = width * self.done // max(self.total, 1)
            sys.stderr.write(f"\rPDF [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.tty:
            sys.stderr.write("\n")
        seconds = time.perf_counter() - self.start
        print(_("已生成 {n} 个 PDF，用时 {s:.1f} 秒").format(n=self.done, s=seconds), file=sys.stderr)


def build_pdfs(site: Site, language: str, out_dir: Path, jobs: int | None = None, *,
               cache_dir: Path | None = None, templates_dir: Path = TEMPLATES_DIR,
               locales_dir: Path = LOCALES_DIR, only: Iterable[str] | None = None) -> list[Path]:
    """Write every PDF of `site` in `language` under `out_dir`/pdf/ (out_dir: that language's
    site root); returns their paths in document order. `jobs` processes (default: all cores);
    `cache_dir` holds the subset fonts (default build/cache/); `only` limits the documents to
    these paths relative to pdf/ (for tests). Raises PdfError with a message, never a traceback."""
    html = render_html(site, language, templates_dir, locales_dir, only)
    try:
        css_texts, _used = stylesheets("".join(html.values()) + GENERATED_CHARS, cache_dir or DEFAULT_CACHE_DIR, templates_dir)
    except FontNotFound as exc:
        raise PdfError(str(exc)) from None
    pdf_root = out_dir / "pdf"
    targets = {rel: pdf_root / rel for rel in html}
    # A PDF is laid out again only when its document, the stylesheets (and so the font subset)
    # or the date stamp changed: the rest come from the cache, byte for byte.
    cached = (cache_dir or DEFAULT_CACHE_DIR) / "pdf"
    keys = {rel: _cache_key(html[rel], css_texts) for rel in html}
    work = []
    for rel in html:
        hit = cached / f"{keys[rel]}.pdf"
        if hit.is_file():
            targets[rel].parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hit, targets[rel])
        else:
            work.append((html[rel], str(targets[rel])))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(work) or 1))
    progress = _Progress(len(work))
    failures, warnings = [], []
    for target, seconds, messages in _write_all(work, css_texts, jobs):
        progress.step()
        if seconds < 0:
            failures.append(f"{target}: {messages[0]}")
        else:
            warnings += [f"{target}: {m}" for m in messages]
    progress.finish()
    for w in dict.fromkeys(warnings):
        print(_("警告：{message}").format(message=w), file=sys.stderr)
    if failures:
        raise PdfError("\n".join(failures))
    made = {target for _html, target in work}
    cached.mkdir(parents=True, exist_ok=True)
    for rel in html:
        if str(targets[rel]) in made:
            shutil.copyfile(targets[rel], cached / f"{keys[rel]}.pdf")
    return [targets[rel] for rel in html]


def _cache_key(html: str, css_texts: list[str]) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (html, *css_texts, weasyprint.__version__, PDF_VARIANT, _source_date() or ""):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()
