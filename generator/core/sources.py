"""The files of a project: which kinds there are and where they live (one registry, used by the
validator, the JSON Schema and the catalog extractor), and reading all of them into typed objects
with the position of every value kept for later errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from ..config import SCHEMA_DIR, Project
from ..i18n.messages import _
from . import model as m
from .diagnostics import Diagnostic, Loc, did_you_mean
from .divisions import PROVINCIAL_DIVISIONS
from .load import Document, load_file
from .schema_errors import check_schema


@dataclass(frozen=True)
class FileKind:
    name: str  # schema/<name>.schema.json
    model: type[BaseModel]
    title: str  # shown by editors as the schema's title
    pattern: str  # where files of this kind live, relative to the project root
    registry: str  # the attribute of Content holding its objects, by id

    @property
    def file_name(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def schema_path(self) -> str:
        """Its JSON Schema, relative to the project root."""
        return f"{SCHEMA_DIR}/{self.file_name}"

    @property
    def per_file(self) -> bool:
        """One object per file, whose id is the file name (else one file holding a list)."""
        return "*" in self.pattern

    def matches(self, rel_path: str) -> bool:
        path, pattern = PurePosixPath(rel_path), PurePosixPath(self.pattern)
        return path.match(self.pattern) and len(path.parts) == len(pattern.parts)


FILE_KINDS = (
    FileKind("province", m.Province, "省份文件 / province file", "data/provinces/*.yaml", "provinces"),
    FileKind("guide", m.Guide, "全国办事指南 / national guide", "content/guides/*.yaml", "guides"),
    FileKind("journey", m.Journey, "组合流程 / journey", "content/journeys/*.yaml", "journeys"),
    FileKind("law", m.Law, "法规 / law", "content/laws/*.yaml", "laws"),
    FileKind("materials", m.MaterialsFile, "材料登记 / materials registry", "content/materials.yaml", "materials"),
    FileKind(
        "channels", m.ChannelsFile, "全国线上渠道登记 / national channels registry", "content/channels.yaml", "channels"
    ),
    FileKind("plan", m.PlanFile, "办事清单的规则 / rules of the personal plan", "content/plan.yaml", "plan"),
)


def kind_of(rel_path: str) -> FileKind | None:
    """The kind of the data file at `rel_path` (relative to the project root, with /)."""
    return next((k for k in FILE_KINDS if k.matches(rel_path)), None)


@dataclass(frozen=True)
class Content:
    """The validated data of a project, by id: what the localize and resolve phases work on
    (plain typed objects, cheap to send to a worker process)."""

    laws: dict[str, m.Law]
    materials: dict[str, m.Material]
    channels: dict[str, m.Channel]
    guides: dict[str, m.Guide]
    journeys: dict[str, m.Journey]
    provinces: dict[str, m.Province]  # in GB/T 2260 order
    plan: m.PlanFile | None = None  # which guides and steps apply to a reader's situation (the plan page)


@dataclass
class Sources:
    """Schema-valid objects by id, with the document each came from (for positions)."""

    laws: dict[str, m.Law] = field(default_factory=dict)
    guides: dict[str, m.Guide] = field(default_factory=dict)
    journeys: dict[str, m.Journey] = field(default_factory=dict)
    provinces: dict[str, m.Province] = field(default_factory=dict)
    materials: dict[str, m.Material] = field(default_factory=dict)
    channels: dict[str, m.Channel] = field(default_factory=dict)
    plan: m.PlanFile | None = None
    docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    material_locs: dict[str, Loc] = field(default_factory=dict)
    channel_locs: dict[str, Loc] = field(default_factory=dict)
    # Ids (file stems) of files that failed to load, and registries that failed whole:
    # references to them are not reported again, the file's own errors already are.
    broken: dict[str, set[str]] = field(default_factory=lambda: {"laws": set(), "guides": set(), "journeys": set()})
    broken_registries: set[str] = field(default_factory=set)

    @property
    def content(self) -> Content:
        return Content(
            self.laws,
            self.materials,
            self.channels,
            self.guides,
            self.journeys,
            dict(sorted(self.provinces.items(), key=lambda kv: kv[1].code)),
            self.plan,
        )


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def read_sources(project: Project) -> tuple[Sources, list[Diagnostic]]:
    """Every file of the project, loaded and checked against the model (not yet against each other)."""
    src, diags = Sources(), []

    def load(path: Path, cls: type[BaseModel]) -> tuple[Document | None, BaseModel | None]:
        if path.suffix != ".yaml":
            diags.append(
                Diagnostic(path.relative_to(project.root).as_posix(), 1, 1, _("扩展名应为 .yaml（不是 .yml）"))
            )
            return None, None
        doc, problems = load_file(path, project.root)
        diags.extend(problems)
        if doc is None:
            return None, None
        obj, problems = check_schema(doc, cls)
        diags.extend(problems)
        return doc, obj

    for kind in FILE_KINDS:
        if not kind.per_file or kind.registry == "provinces":
            continue
        for path in _yaml_files(project.root / PurePosixPath(kind.pattern).parent):
            doc, obj = load(path, kind.model)
            if doc is None or obj is None:
                src.broken[kind.registry].add(path.stem)
                continue
            assert isinstance(obj, (m.Law, m.Guide, m.Journey))
            obj_id = obj.id
            if obj_id != path.stem:
                diags.append(
                    doc.diagnostic(
                        ("id",),
                        _("id '{id}' 与文件名 '{stem}' 不一致：文件名应为 {id}.yaml").format(id=obj_id, stem=path.stem),
                    )
                )
                src.broken[kind.registry].add(path.stem)  # references to it: this error is the one to fix
                continue
            getattr(src, kind.registry)[obj_id] = obj
            src.docs[(kind.registry, obj_id)] = doc

    for kind, locs in ((_kind("materials"), src.material_locs), (_kind("channels"), src.channel_locs)):
        name = kind.registry
        path = project.root / kind.pattern
        if not path.is_file():
            diags.append(Diagnostic(kind.pattern, 1, 1, _("缺少文件 {name}.yaml").format(name=name)))
            src.broken_registries.add(name)
            continue
        doc, obj = load(path, kind.model)
        if doc is None or obj is None:
            src.broken_registries.add(name)
            continue
        src.docs[(name, "")] = doc
        for i, item in enumerate(getattr(obj, name)):
            if item.id in getattr(src, name):
                diags.append(doc.diagnostic((name, i, "id"), _("id '{id}' 重复").format(id=item.id)))
            getattr(src, name)[item.id] = item
            locs[item.id] = (name, i)

    plan = _kind("plan")
    if not (project.root / plan.pattern).is_file():
        diags.append(Diagnostic(plan.pattern, 1, 1, _("缺少文件 {name}.yaml").format(name=plan.registry)))
    else:
        doc, obj = load(project.root / plan.pattern, plan.model)
        if doc is not None and isinstance(obj, m.PlanFile):
            src.plan = obj
            src.docs[("plan", "")] = doc

    for path in _yaml_files(project.provinces_dir):
        doc, obj = load(path, m.Province)
        if doc is None or not isinstance(obj, m.Province):
            continue
        diags += _check_province_file(obj, doc, path, src)
        if obj.slug == path.stem:
            src.provinces[obj.slug] = obj
            src.docs[("provinces", obj.slug)] = doc

    if not project.provinces_dir.is_dir():
        diags.append(
            Diagnostic(project.provinces_dir.relative_to(project.root).as_posix(), 1, 1, _("缺少省份数据目录"))
        )
    return src, diags


def _kind(registry: str) -> FileKind:
    return next(k for k in FILE_KINDS if k.registry == registry)


def _check_province_file(obj: m.Province, doc: Document, path: Path, src: Sources) -> list[Diagnostic]:
    """A province file names its division by code, name and file name: all three must agree."""
    if obj.slug != path.stem:
        hint = did_you_mean(obj.slug, [path.stem])
        message = (
            _("slug '{slug}' 与文件名 '{stem}' 不一致{hint}slug 必须与文件名相同")
            if hint
            else _("slug '{slug}' 与文件名 '{stem}' 不一致：文件名应为 {slug}.yaml")
        )
        return [doc.diagnostic(("slug",), message.format(slug=obj.slug, stem=path.stem, hint=hint))]
    diags = []
    expected = PROVINCIAL_DIVISIONS.get(obj.code)
    if expected is None:
        diags.append(
            doc.diagnostic(
                ("code",),
                _("'{code}' 不是省级行政区划代码（GB/T 2260），例如 广东省 为 \"440000\"").format(code=obj.code),
            )
        )
    elif expected != obj.name:
        diags.append(
            doc.diagnostic(
                ("name",),
                _("代码 {code} 对应“{expected}”，这里写的是“{name}”").format(
                    code=obj.code, expected=expected, name=obj.name
                ),
            )
        )
    clash = next((p for p in src.provinces.values() if p.code == obj.code), None)
    if clash:
        diags.append(
            doc.diagnostic(("code",), _("代码 {code} 已被 {other}.yaml 使用").format(code=obj.code, other=clash.slug))
        )
    return diags
