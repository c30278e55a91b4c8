"""Stage 2: check every file against the model and every cross-reference between files.

All problems are collected and reported together as `path:line:col: error: message`;
`load_project` returns the resolved `Site` only when there are none.
"""
from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from . import model as m
from .config import Project
from .diagnostics import Diagnostic, ValidationFailed
from .divisions import PROVINCIAL_DIVISIONS
from .load import Document, Loc, load_file
from .resolve import Site, apply_step_edits, build_site
from .translate import N_, _

# --- schema messages --------------------------------------------------------------------

_PATTERN_MESSAGES = {
    m.ID_PATTERN: N_("'{input}' 不是有效的 id：只能用小写英文字母、数字和连字符，例如 id-card"),
    m.HTTPS_PATTERN: N_("'{input}' 不是有效的网址：必须是以 https:// 开头的完整网址，例如 https://www.mohrss.gov.cn/"),
    m.CODE_PATTERN: N_("'{input}' 不是行政区划代码：应为 6 位数字（GB/T 2260），并加引号，例如 \"440000\""),
    m.PHONE_PATTERN: N_("'{input}' 不是电话号码：只能包含数字、空格、-、+ 和括号，并加引号，例如 \"020-12333\""),
}


def _kind(value: Any) -> str:
    if value is None:
        return _("空值")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("整数")
    if isinstance(value, float):
        return _("数字")
    if isinstance(value, str):
        return _("文本")
    if isinstance(value, list):
        return _("列表")
    return _("映射")


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated/Optional so that the model class or Literal inside is exposed."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _annotation_at(root: type[BaseModel], loc: Loc) -> Any:
    """The declared type at `loc` inside `root` (None when the path leaves the model)."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return None
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        else:
            return None
    return _unwrap(current)


def _suggest(word: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return _("，是否为 '{0}'？").format(close[0]) if close else ""


def _schema_message(err: dict[str, Any], root: type[BaseModel]) -> str:
    kind, loc, value = err["type"], err["loc"], err.get("input")
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        parent = _annotation_at(root, loc[:-1])
        info = parent.model_fields.get(name) if isinstance(parent, type) and issubclass(parent, BaseModel) else None
        about = f"（{info.description}）" if info and info.description else ""  # "中文 / English" already
        return _("缺少必填字段 '{name}'").format(name=name) + about
    if kind == "extra_forbidden":
        parent = _annotation_at(root, loc[:-1])
        allowed = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        return _("未知字段 '{name}'{hint}允许的字段：{allowed}").format(
            name=name, hint=_suggest(name, allowed) or _("；"), allowed=_("、").join(allowed))
    if kind == "literal_error":
        literal = _annotation_at(root, loc)
        allowed = [str(a) for a in typing.get_args(literal)] if typing.get_origin(literal) is Literal else []
        return _("取值 '{value}' 不允许{hint}允许的取值：{allowed}").format(
            value=value, hint=_suggest(str(value), allowed) or _("；"), allowed=_("、").join(allowed))
    if kind == "string_type":
        return _("应为文本，这里是{kind}").format(kind=_kind(value))
    if kind == "int_type":
        return _("应为整数（不加引号），这里是{kind}").format(kind=_kind(value))
    if kind == "float_type":
        return _("应为数字（不加引号），这里是{kind}").format(kind=_kind(value))
    if kind == "bool_type":
        return _("应为 true 或 false（不要写 yes/no、是/否），这里是 '{value}'").format(value=value)
    if kind == "list_type":
        return _("应为列表（每项一行，以“- ”开头），这里是{kind}").format(kind=_kind(value))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("应为映射（“字段: 值”的形式），这里是{kind}").format(kind=_kind(value))
    if kind == "string_too_short":
        return _("'{name}' 不能为空").format(name=name)
    if kind == "too_short":
        return _("'{name}' 至少需要 {n} 项").format(name=name, n=err["ctx"]["min_length"])
    if kind in ("greater_than_equal", "greater_than"):
        limit = err["ctx"].get("ge", err["ctx"].get("gt"))
        return _("'{name}' 不能小于 {limit}").format(name=name, limit=limit)
    if kind == "string_pattern_mismatch":
        template = _PATTERN_MESSAGES.get(err["ctx"]["pattern"])
        if name == "hotline":
            return _("热线号码应为 5 位数字并加引号，例如 \"12333\"")
        if template:
            return _(template).format(input=value)
        return _("'{value}' 格式不对").format(value=value)
    if kind == "value_error":
        reason = str(err["ctx"]["error"])
        if reason == "invalid-date":
            return _("日期 {value} 不存在：请检查年、月、日").format(value=value)
        return _("日期应写成 YYYY-MM-DD，例如 2026-11-25，这里是 '{value}'").format(value=value)
    return err["msg"]  # pragma: no cover - a pydantic error type not mapped above


def check_schema(doc: Document, cls: type[BaseModel]) -> tuple[BaseModel | None, list[Diagnostic]]:
    if doc.data is None:
        return None, [doc.diagnostic((), _("文件是空的：应为映射（“字段: 值”的形式）"))]
    try:
        return cls.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return None, [doc.diagnostic(e["loc"], _schema_message(e, cls), key=e["type"] == "extra_forbidden") for e in errors]


# --- the files of a project -----------------------------------------------------------------

@dataclass
class Sources:
    """Schema-valid objects by id, with the document each came from (for positions)."""

    laws: dict[str, m.Law] = field(default_factory=dict)
    guides: dict[str, m.Guide] = field(default_factory=dict)
    journeys: dict[str, m.Journey] = field(default_factory=dict)
    provinces: dict[str, m.Province] = field(default_factory=dict)
    materials: dict[str, m.Material] = field(default_factory=dict)
    channels: dict[str, m.Channel] = field(default_factory=dict)
    docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    material_locs: dict[str, Loc] = field(default_factory=dict)
    channel_locs: dict[str, Loc] = field(default_factory=dict)
    # Ids (file stems) of files that failed to load, and registries that failed whole:
    # references to them are not reported again, the file's own errors already are.
    broken: dict[str, set[str]] = field(default_factory=lambda: {"laws": set(), "guides": set(), "journeys": set()})
    broken_registries: set[str] = field(default_factory=set)


_PER_FILE = {"laws": m.Law, "guides": m.Guide, "journeys": m.Journey}
_REGISTRIES = {"materials": m.MaterialsFile, "channels": m.ChannelsFile}


def file_model(path: Path) -> type[BaseModel] | None:
    """The model of a data file, from where it lives (content/guides/x.yaml -> Guide)."""
    parts = path.parts
    if len(parts) >= 2 and parts[-2] == "provinces":
        return m.Province
    if len(parts) >= 2 and parts[-2] in _PER_FILE:
        return _PER_FILE[parts[-2]]
    return _REGISTRIES.get(path.stem) if path.parent.name == "content" else None


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file()) if folder.is_dir() else []


def read_sources(project: Project) -> tuple[Sources, list[Diagnostic]]:
    src, diags = Sources(), []

    def load(path: Path, cls: type[BaseModel]) -> tuple[Document | None, BaseModel | None]:
        if path.suffix != ".yaml":
            diags.append(Diagnostic(path.relative_to(project.root).as_posix(), 1, 1, _("扩展名应为 .yaml（不是 .yml）")))
            return None, None
        doc, problems = load_file(path, project.root)
        diags.extend(problems)
        if doc is None:
            return None, None
        obj, problems = check_schema(doc, cls)
        diags.extend(problems)
        return doc, obj

    for kind, cls in _PER_FILE.items():
        for path in _yaml_files(project.content_dir / kind):
            doc, obj = load(path, cls)
            if obj is None:
                src.broken[kind].add(path.stem)
                continue
            if obj.id != path.stem:
                diags.append(doc.diagnostic(("id",), _("id '{id}' 与文件名 '{stem}' 不一致：文件名应为 {id}.yaml").format(id=obj.id, stem=path.stem)))
                src.broken[kind].add(path.stem)  # references to it: this error is the one to fix
                continue
            getattr(src, kind)[obj.id] = obj
            src.docs[(kind, obj.id)] = doc

    for name, locs in (("materials", src.material_locs), ("channels", src.channel_locs)):
        cls, attr = _REGISTRIES[name], name
        path = project.content_dir / f"{name}.yaml"
        if not path.is_file():
            diags.append(Diagnostic(path.relative_to(project.root).as_posix(), 1, 1, _("缺少文件 {name}.yaml").format(name=name)))
            src.broken_registries.add(name)
            continue
        doc, obj = load(path, cls)
        if obj is None:
            src.broken_registries.add(name)
            continue
        src.docs[(name, "")] = doc
        for i, item in enumerate(getattr(obj, attr)):
            if item.id in getattr(src, attr):
                diags.append(doc.diagnostic((attr, i, "id"), _("id '{id}' 重复").format(id=item.id)))
            getattr(src, attr)[item.id] = item
            locs[item.id] = (attr, i)

    for path in _yaml_files(project.provinces_dir):
        doc, obj = load(path, m.Province)
        if obj is None:
            continue
        if obj.slug != path.stem:
            hint = _suggest(obj.slug, [path.stem])
            message = (_("slug '{slug}' 与文件名 '{stem}' 不一致{hint}slug 必须与文件名相同") if hint
                       else _("slug '{slug}' 与文件名 '{stem}' 不一致：文件名应为 {slug}.yaml"))
            diags.append(doc.diagnostic(("slug",), message.format(slug=obj.slug, stem=path.stem, hint=hint)))
            continue
        expected = PROVINCIAL_DIVISIONS.get(obj.code)
        if expected is None:
            diags.append(doc.diagnostic(("code",), _("'{code}' 不是省级行政区划代码（GB/T 2260），例如 广东省 为 \"440000\"").format(code=obj.code)))
        elif expected != obj.name:
            diags.append(doc.diagnostic(("name",), _("代码 {code} 对应“{expected}”，这里写的是“{name}”").format(code=obj.code, expected=expected, name=obj.name)))
        clash = next((p for p in src.provinces.values() if p.code == obj.code), None)
        if clash:
            diags.append(doc.diagnostic(("code",), _("代码 {code} 已被 {other}.yaml 使用").format(code=obj.code, other=clash.slug)))
        src.provinces[obj.slug] = obj
        src.docs[("provinces", obj.slug)] = doc

    if not project.provinces_dir.is_dir():
        diags.append(Diagnostic(project.provinces_dir.relative_to(project.root).as_posix(), 1, 1, _("缺少省份数据目录")))
    return src, diags


# --- cross-references -----------------------------------------------------------------------

class _Refs:
    def __init__(self, src: Sources):
        self.src = src
        self.diags: list[Diagnostic] = []

    def exists(self, doc: Document, loc: Loc, value: str, kind: str, what: str) -> bool:
        known = getattr(self.src, kind)
        if value in known:
            return True
        if value in self.src.broken.get(kind, ()) or kind in self.src.broken_registries:
            return False  # its own file's errors are reported already
        hint = _suggest(value, list(known)) or _("；")
        self.diags.append(doc.diagnostic(loc, _("{what} '{value}' 不存在{hint}可选：{known}").format(
            what=what, value=value, hint=hint, known=_("、").join(known) or _("（无）"))))
        return False

    def citations(self, doc: Document, loc: Loc, citations: list[m.Citation]) -> None:
        for i, c in enumerate(citations):
            if not self.exists(doc, loc + (i, "law"), c.law, "laws", _("法规")):
                continue
            numbers = [a.number for a in self.src.laws[c.law].articles]
            if c.article not in numbers:
                self.diags.append(doc.diagnostic(loc + (i, "article"), _("《{title}》没有收录第 {n} 条；已收录：{known}（引用新条款时先在 content/laws/{law}.yaml 中加上条文原文）").format(
                    title=self.src.laws[c.law].title, n=c.article, known=_("、").join(map(str, numbers)), law=c.law)))

    def material_uses(self, doc: Document, loc: Loc, uses: list[m.MaterialUse], taken: set[str]) -> None:
        for i, use in enumerate(uses):
            if self.exists(doc, loc + (i, "material"), use.material, "materials", _("材料")):
                if use.material in taken:
                    self.diags.append(doc.diagnostic(loc + (i, "material"), _("材料 '{id}' 已列出，不要重复").format(id=use.material)))
                taken.add(use.material)

    def guide(self, guide: m.Guide) -> None:
        doc = self.src.docs[("guides", guide.id)]
        seen: set[str] = set()
        for i, step in enumerate(guide.steps):
            if step.id in seen:
                self.diags.append(doc.diagnostic(("steps", i, "id"), _("步骤 id '{id}' 重复").format(id=step.id)))
            seen.add(step.id)
        for i, step in enumerate(guide.steps):
            self.citations(doc, ("steps", i, "legal_basis"), step.legal_basis)
        self.citations(doc, ("legal_basis",), guide.legal_basis)
        self.material_uses(doc, ("materials",), guide.materials, set())

    def journey(self, journey: m.Journey) -> None:
        doc = self.src.docs[("journeys", journey.id)]
        for i, gid in enumerate(journey.guides):
            self.exists(doc, ("guides", i), gid, "guides", _("指南"))
            if gid in journey.guides[:i]:
                self.diags.append(doc.diagnostic(("guides", i), _("指南 '{id}' 重复").format(id=gid)))

    def province(self, province: m.Province, office_ids: dict[str, str]) -> None:
        doc = self.src.docs[("provinces", province.slug)]
        for i, cid in enumerate(province.national_channels):
            self.exists(doc, ("national_channels", i), cid, "channels", _("全国渠道"))
        for i, office in enumerate(province.offices):
            if office.id in office_ids:
                self.diags.append(doc.diagnostic(("offices", i, "id"), _("窗口 id '{id}' 已在 {where}.yaml 中使用").format(id=office.id, where=office_ids[office.id])))
            office_ids[office.id] = province.slug
            for j, gid in enumerate(office.guides):
                self.exists(doc, ("offices", i, "guides", j), gid, "guides", _("指南"))
        varied: set[str] = set()
        for i, var in enumerate(province.variations):
            loc = ("variations", i)
            if not self.exists(doc, loc + ("guide",), var.guide, "guides", _("指南")):
                continue
            if var.guide in varied:
                self.diags.append(doc.diagnostic(loc + ("guide",), _("指南 '{id}' 的本地差异已写过：请合并为一项").format(id=var.guide)))
            varied.add(var.guide)
            guide = self.src.guides[var.guide]
            _steps, problems = apply_step_edits(guide.steps, var.steps)
            for p in problems:
                self.diags.append(doc.diagnostic(loc + ("steps", p.index, p.field), p.message))
            for j, step_edit in enumerate(var.steps):
                if step_edit.step:
                    self.citations(doc, loc + ("steps", j, "step", "legal_basis"), step_edit.step.legal_basis)
            self.material_uses(doc, loc + ("materials",), var.materials, {u.material for u in guide.materials})


def check_references(src: Sources) -> list[Diagnostic]:
    refs = _Refs(src)
    for guide in src.guides.values():
        refs.guide(guide)
    for journey in src.journeys.values():
        refs.journey(journey)
    office_ids: dict[str, str] = {}
    for province in src.provinces.values():
        refs.province(province, office_ids)
    return refs.diags


def load_project(project: Project) -> Site:
    """Load and validate everything; raise ValidationFailed with every problem found."""
    src, diags = read_sources(project)
    diags += check_references(src)
    if not diags:
        for kind, minimum in (("guides", 1), ("provinces", 1)):
            if len(getattr(src, kind)) < minimum:
                folder = project.content_dir / kind if kind == "guides" else project.provinces_dir
                diags.append(Diagnostic(folder.relative_to(project.root).as_posix(), 1, 1, _("没有找到任何 .yaml 文件")))
    if diags:
        raise ValidationFailed(diags)
    return build_site(src.laws, src.materials, src.channels, src.guides, src.journeys, src.provinces)
