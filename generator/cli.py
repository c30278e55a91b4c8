"""`guidesite validate | build | serve`: the command line over the pipeline."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import Project
from .diagnostics import ValidationFailed
from .translate import _


def _report(failure: ValidationFailed) -> int:
    for d in failure.diagnostics:
        print(d, file=sys.stderr)
    print(_("发现 {n} 个错误，未生成网站。").format(n=len(failure.diagnostics)), file=sys.stderr)
    return 1


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .validate import load_project

    site = load_project(project)
    print(_("校验通过：{guides} 个指南、{journeys} 个组合流程、{provinces} 个省份、{laws} 部法规、{materials} 种材料。").format(
        guides=len(site.guides), journeys=len(site.journeys), provinces=len(site.provinces),
        laws=len(site.laws), materials=len(site.materials)))
    return 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .build import BuildFailed, build

    out = Path(args.out).resolve() if args.out else project.site_dir
    try:
        pages = build(project, out)
    except BuildFailed as exc:
        print(_("构建失败：{reason}").format(reason=exc), file=sys.stderr)
        print(_("原有的 {out} 保持不变。").format(out=out), file=sys.stderr)
        return 1
    print(_("已生成 {n} 个页面：{out}").format(n=pages, out=out))
    return 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve

    serve(project, args.dev_addr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guidesite", description=_("由各省 YAML 生成办事指南网站"))
    parser.add_argument("--root", default=".", help=_("项目根目录（含 content/ 和 data/provinces/），默认当前目录"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help=_("校验全部 YAML 文件"))
    build = sub.add_parser("build", help=_("校验并生成网站"))
    build.add_argument("--out", help=_("输出目录，默认 site/"))
    serve = sub.add_parser("serve", help=_("本地预览，修改 YAML 或模板后自动重建"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help=_("监听地址，默认 127.0.0.1:8000"))
    args = parser.parse_args(argv)
    project = Project(Path(args.root).resolve())
    command = {"validate": cmd_validate, "build": cmd_build, "serve": cmd_serve}[args.command]
    try:
        return command(project, args)
    except ValidationFailed as failure:
        return _report(failure)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
