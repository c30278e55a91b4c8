"""`guidesite validate | build | serve | schema | diff | stale | i18n-update | i18n-status | pdf`:
the command line over the pipeline. Every GuidesiteError is reported as a message, never a
traceback; the library's own output goes through `logging`, shown here on stderr."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from .config import LANGUAGES, SOURCE_LANGUAGE, BuildOptions, Project, SourceDateError
from .core.diagnostics import ValidationFailed, did_you_mean
from .errors import GuidesiteError
from .i18n.messages import _
from .outputs.engines import DEFAULT_ENGINE, ENGINES
from .printable import lines
from .progress import Progress

# A broken file can give thousands of errors; the first ones are those to fix first.
MAX_PRINTED = 200


def _say(text: object) -> None:
    """Print a message of guidesite's on stderr, each of its lines one safe line (printable.lines)."""
    for line in lines(text):
        print(line, file=sys.stderr)


def _report(failure: ValidationFailed) -> int:
    shown = failure.diagnostics[:MAX_PRINTED]
    for d in shown:
        print(d, file=sys.stderr)  # one line: Diagnostic.__str__
    if len(failure.diagnostics) > len(shown):
        _say(_("……另有 {n} 个错误未列出。").format(n=len(failure.diagnostics) - len(shown)))
    _say(_("发现 {n} 个错误，未生成网站。").format(n=len(failure.diagnostics)))
    return 1


def _speak(language: str) -> bool:
    """Speak `language` in this command's own messages; False (and why, on stderr) if it cannot."""
    from .i18n.messages import activate

    try:
        activate(language)
    except Exception as exc:  # noqa: BLE001 - a missing catalog or an unknown language, told not traced
        _say(_("无法使用语言 {lang}：{reason}").format(lang=language, reason=exc))
        return False
    return True


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .core.validate import validate_project
    from .editor.github import annotation_lines, write_summary
    from .editor.schema import check_schemas
    from .i18n.catalog_check import check_catalogs
    from .i18n.messages import activate

    broken = check_catalogs(project)  # before a catalog of them speaks the messages (--lang)
    if broken:
        if args.format == "github":
            for line in annotation_lines(broken):
                print(line)
            write_summary(broken)
        return _report(ValidationFailed(broken))
    if not _speak(args.lang):
        return 2
    try:
        src = validate_project(project)
        stale = check_schemas(project, src.content)
        if stale:  # what editors' tools complete no longer matches the content
            raise ValidationFailed(stale)
        if args.format == "github":
            write_summary([])
        print(
            _(
                "校验通过：{guides} 个指南、{journeys} 个组合流程、{provinces} 个省份、{laws} 部法规、{materials} 种材料。"  # noqa: E501 - a message, kept whole for the catalogs
            ).format(
                guides=len(src.guides),
                journeys=len(src.journeys),
                provinces=len(src.provinces),
                laws=len(src.laws),
                materials=len(src.materials),
            )
        )
        return 0
    except ValidationFailed as failure:
        if args.format == "github":
            for line in annotation_lines(failure.diagnostics):
                print(line)
            write_summary(failure.diagnostics)
        return _report(failure)
    finally:
        activate(SOURCE_LANGUAGE)


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from .config import SCHEMA_DIR
    from .core.validate import validate_project
    from .editor.schema import write_schemas

    folder = Path(args.out).resolve() if args.out else project.root / SCHEMA_DIR
    try:
        content = validate_project(project).content  # the ids the schemas list
    except ValidationFailed as failure:
        for d in failure.diagnostics:
            print(d, file=sys.stderr)
        print(_("发现 {n} 个错误：改正后再运行 make schema。").format(n=len(failure.diagnostics)), file=sys.stderr)
        return 1
    changed = write_schemas(folder, content)
    print(
        _("JSON Schema 已更新：{files}").format(files=_("、").join(p.name for p in changed))
        if changed
        else _("JSON Schema 已是最新：{folder}").format(folder=folder)
    )
    return 0


def cmd_diff(project: Project, args: argparse.Namespace) -> int:
    from .editor.changes import ChangesError, diff_against, markdown

    try:
        text = markdown(diff_against(project, args.base), args.base)
    except ChangesError as exc:
        _say(_("无法比较：{reason}").format(reason=exc))
        return 2
    if not args.out:
        print(text, end="")
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        _say(_("无法比较：{reason}").format(reason=f"{args.out}: {exc.strerror}"))
        return 2
    return 0


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("日期应写成 YYYY-MM-DD，例如 2026-11-25")) from None


def cmd_stale(project: Project, args: argparse.Namespace) -> int:
    from .core.validate import validate_project
    from .editor.freshness import records, report

    src = validate_project(project)
    if args.province is not None and args.province not in src.provinces:
        known = sorted(src.provinces)
        print(
            _("没有省份 '{slug}'{hint}可选：{known}").format(
                slug=args.province, hint=did_you_mean(args.province, known) or _("；"), known=_("、").join(known)
            ),
            file=sys.stderr,
        )
        return 2
    today = args.today or date.today()
    found = [r for r in records(src) if args.province is None or r.province == args.province]
    print(report(found, {p.slug: p.name for p in src.provinces.values()}, today, args.days), end="")
    return 0


def _options(project: Project, *, pdfs: bool = True, jobs: int | None = None) -> BuildOptions:
    try:
        return BuildOptions.from_environment(project, pdfs=pdfs, jobs=jobs)
    except SourceDateError as exc:
        raise _Usage(
            _("SOURCE_DATE_EPOCH 应为整数秒数（自 1970-01-01 UTC 起），而不是 {value!r}").format(value=str(exc))
        ) from None


class _Usage(GuidesiteError):
    pass


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .build import build
    from .outputs.engines import ENGINES

    out = Path(args.out).resolve() if args.out else project.site_dir
    engine = ENGINES[args.engine]
    missing = engine.missing()
    if missing:  # before any work, in one line
        _say(missing)
        return 1
    try:
        with Progress() as progress:
            pages = build(project, out, _options(project, pdfs=not args.no_pdf), progress, engine)
    except ValidationFailed:
        raise
    except GuidesiteError as exc:
        _say(_("构建失败：{reason}").format(reason=exc))
        _say(_("原有的 {out} 保持不变。").format(out=out))
        return 1
    print(_("已生成 {n} 个页面：{out}").format(n=pages, out=out))
    return 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .preview.serve import serve

    try:
        serve(project, args.dev_addr, args.lang)
    except ValidationFailed:
        raise
    except GuidesiteError as exc:
        _say(_("构建失败：{reason}").format(reason=exc))
        return 1
    return 0


def cmd_i18n_update(project: Project, args: argparse.Namespace) -> int:
    from .i18n.catalogs import update

    for path in update(project):
        print(_("已更新 {path}").format(path=path))
    return 0


def cmd_i18n_status(project: Project, args: argparse.Namespace) -> int:
    """A report, never a failure: pending text is shown in the source language and says so."""
    from .editor.github import append_summary, i18n_summary
    from .i18n.catalogs import report, status
    from .i18n.messages import activate

    if not _speak(args.lang):
        return 2
    try:
        statuses = status(project)
        print(report(statuses, listing=args.list), end="")
        if args.format == "github":
            append_summary(i18n_summary(statuses))
        return 0
    finally:
        activate(SOURCE_LANGUAGE)


def _names(values: list[str] | None) -> set[str] | None:
    """`--x a --x b,c` -> {"a", "b", "c"}; None when the option was not given."""
    if not values:
        return None
    return {name.strip() for value in values for name in value.split(",") if name.strip()}


def _unknown(kind: str, asked: set[str] | None, known: Iterable[str]) -> str | None:
    wrong = sorted((asked or set()) - set(known))
    if not wrong:
        return None
    message = _("未知的{kind}：{wrong}。可用的有：{known}")
    return message.format(kind=kind, wrong=_("、").join(wrong), known=_("、").join(known))


def cmd_pdf(project: Project, args: argparse.Namespace) -> int:
    """The PDFs of the documents matching every option given (each a repeatable or comma list):
    --lang, --province, --guide (a guide or a journey; a province's book is not about one guide)."""
    from .build import build_pdfs, site_in
    from .core.validate import validate_project
    from .outputs.documents import PDF_DIR, printed_documents
    from .outputs.pdf import pdf_support

    out = Path(args.out).resolve() if args.out else project.site_dir
    languages, provinces, guides = _names(args.lang), _names(args.province), _names(args.guide)
    content = validate_project(project).content
    source = next(lang for lang in project.languages if lang.code == SOURCE_LANGUAGE)
    docs = printed_documents(site_in(content, project, source))
    problems = [
        _unknown(_("语言"), languages, [lang.code for lang in project.languages]),
        _unknown(_("省份"), provinces, list(content.provinces)),
        _unknown(_("指南或组合流程"), guides, [*content.guides, *content.journeys]),
    ]
    if any(problems):
        for problem in problems:
            if problem:
                _say(problem)
        return 2
    missing = pdf_support()
    if missing:
        _say(_("PDF 生成失败：{reason}").format(reason=missing))
        return 1
    wanted = frozenset(
        d.pdf_rel
        for d in docs
        if (provinces is None or d.province in provinces) and (guides is None or (d.id is not None and d.id in guides))
    )
    options = _options(project, jobs=args.jobs)
    try:
        with Progress() as progress:
            batch = build_pdfs(
                project,
                content,
                options,
                progress,
                out=lambda language: out / language.prefix / PDF_DIR,
                only=lambda language: wanted if languages is None or language.code in languages else frozenset(),
            )
    except GuidesiteError as exc:
        _say(_("PDF 生成失败：{reason}").format(reason=exc))
        return 1
    made = len(batch.jobs) + batch.from_cache
    print(
        _("已生成 {n} 个 PDF（{laid} 个重新排版，{cached} 个未改动，取自缓存）：{out}").format(
            n=made, laid=len(batch.jobs), cached=batch.from_cache, out=out
        )
    )
    return 0


class _MessageOnly(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(lines(record.getMessage()))


def _show_logs() -> logging.Handler:
    """The generator's warnings (and its progress lines) on stderr, as plain lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_MessageOnly())
    logger = logging.getLogger("generator")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "build": cmd_build,
    "serve": cmd_serve,
    "schema": cmd_schema,
    "diff": cmd_diff,
    "stale": cmd_stale,
    "i18n-update": cmd_i18n_update,
    "i18n-status": cmd_i18n_status,
    "pdf": cmd_pdf,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guidesite", description=_("由各省 YAML 生成办事指南网站"))
    parser.add_argument("--root", default=".", help=_("项目根目录（含 content/ 和 data/provinces/），默认当前目录"))
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help=_("校验全部 YAML 文件"))
    validate.add_argument("--lang", default=SOURCE_LANGUAGE, help=_("错误信息的语言，默认 zh-Hans；例如 en"))
    validate.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help=_("github：另外输出 GitHub Actions 注释，并写入 $GITHUB_STEP_SUMMARY"),
    )
    schema = sub.add_parser("schema", help=_("由 generator/core/model.py 生成 schema/*.schema.json"))
    schema.add_argument("--out", help=_("输出目录，默认 schema/"))
    diff = sub.add_parser("diff", help=_("比较某个 git 版本与工作区生成的页面，输出 Markdown"))
    diff.add_argument("base", metavar="BASE_REF", help=_("比较的基准版本，例如 origin/main 或 HEAD~1"))
    diff.add_argument("--out", help=_("写入文件，默认输出到屏幕"))
    stale_ = sub.add_parser("stale", help=_("先列出待核实的信息，再列出超过 N 天未重新核实的信息"))
    stale_.add_argument("--days", type=int, default=180, help=_("天数，默认 180"))
    stale_.add_argument("--today", type=_day, help=_("按此日期计算（YYYY-MM-DD），默认今天"))
    stale_.add_argument("--province", help=_("只看一个省份（拼音 slug，如 zhejiang）"))
    build = sub.add_parser("build", help=_("校验并生成网站"))
    build.add_argument("--out", help=_("输出目录，默认 site/"))
    build.add_argument("--no-pdf", action="store_true", help=_("不生成 PDF（预览更快）"))
    build.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=DEFAULT_ENGINE,
        help=_("生成网页的引擎：mkdocs（MkDocs + Material，默认）或 zensical（需另行安装，见 README）"),
    )
    serve = sub.add_parser("serve", help=_("本地预览，修改 YAML 或模板后自动重建"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help=_("监听地址，默认 127.0.0.1:8000"))
    serve.add_argument(
        "--lang", default=SOURCE_LANGUAGE, choices=[lang.code for lang in LANGUAGES], help=_("预览的语言，默认 zh-Hans")
    )
    sub.add_parser("i18n-update", help=_("提取待翻译文字，更新 locales/ 中的翻译目录（zh-Hant 由 OpenCC 自动转换）"))
    i18n_status = sub.add_parser("i18n-status", help=_("各语言已翻译、自动转换、待更新、缺少的条数（报告，不会失败）"))
    i18n_status.add_argument(
        "--list", action="store_true", help=_("列出每一条待翻译或待校对的文字及其在源文件中的位置")
    )
    i18n_status.add_argument("--lang", default=SOURCE_LANGUAGE, help=_("本命令输出的语言，默认 zh-Hans；例如 en"))
    i18n_status.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help=_("github：另外把表格和待翻译列表写入 $GITHUB_STEP_SUMMARY"),
    )
    pdf = sub.add_parser(
        "pdf",
        help=_("生成可打印的 A4 PDF：每个指南、组合流程和省份各一份；可只生成指定的省份、指南、语言"),
    )
    pdf.add_argument("--out", help=_("输出目录（PDF 写在其中各语言的 pdf/ 下），默认 site/"))
    for option, text in (
        ("--province", _("只生成这些省份的（拼音，如 guangdong；可重复或用逗号分隔）")),
        ("--guide", _("只生成这些指南或组合流程的（id；可重复或用逗号分隔）")),
        ("--lang", _("只生成这些语言的（如 zh-Hans、en；可重复或用逗号分隔），默认全部")),
    ):
        pdf.add_argument(option, action="append", help=text)
    pdf.add_argument("--jobs", type=int, help=_("并行进程数，默认 CPU 核数"))
    args = parser.parse_args(argv)
    project = Project.at(Path(args.root).resolve())
    handler = _show_logs()
    try:
        return COMMANDS[args.command](project, args)
    except ValidationFailed as failure:
        return _report(failure)
    except GuidesiteError as exc:
        _say(exc)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        logging.getLogger("generator").removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
