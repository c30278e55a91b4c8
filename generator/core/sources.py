"""The files of a project: which kinds there are and where they live (one registry, used by the
validator, the JSON Schema and the catalog extractor), and reading all of them into typed objects
with the position of every value kept for later errors."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from ..config import SCHEMA_DIR, Project
from ..i18n.messages import _
from . import model as m
from .diagnostics import Diagnostic, Loc, did_you_mean
from .divisions import PROVINCIAL_DIVISIONS
from .load import Document, load_file, not_a_plain_file
from .origins import Origins, origins
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
    origins: Origins = field(default_factory=Origins)  # the file and line each object is written at


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
    # Province files that do not match the model, by file stem: their parts that do are checked.
    unmatched_provinces: dict[str, Document] = field(default_factory=dict)

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
            origins(self.docs),
        )


@dataclass
class Survey:
    """What is in the project's data folders: the files to read, and what is there besides."""

    files: dict[str, list[Path]] = field(default_factory=dict)  # per-file folder (a kind's) -> its .yaml files
    refused: set[Path] = field(default_factory=set)  # folders and files not read (their errors are in `diags`)
    misnamed: dict[str, set[str]] = field(default_factory=dict)  # per-file folder -> stems of files not read
    diags: list[Diagnostic] = field(default_factory=list)


def survey(project: Project) -> Survey:
    """Look at everything in content/ and data/provinces/ before reading any of it. Only regular
    files and folders, reached through no symbolic link, are read: a link could lead out of the
    project (to /etc/passwd or /proc/self/environ) and a FIFO would block the build. And nothing
    there goes unread unnoticed: a province saved as beijing.YAML or beijing.yaml.txt would
    silently leave the site, so every file that is not read is an error saying what to do."""
    found = Survey()
    root = project.root

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    def refuse(path: Path, message: str) -> None:
        found.refused.add(path)
        found.diags.append(Diagnostic(rel(path), 1, 1, message))

    def usable_folder(folder: Path) -> bool:
        """The folder is there, a folder of the project's own (a missing one is reported where it is needed)."""
        if folder in found.refused or (folder.parent != root and not usable_folder(folder.parent)):
            return False
        try:
            mode = folder.lstat().st_mode
        except FileNotFoundError:
            return False
        if stat.S_ISDIR(mode):
            return True
        refuse(folder, not_a_plain_file(mode) or _("这里应是一个文件夹，而不是文件"))
        return False

    in_content = [PurePosixPath(k.pattern) for k in FILE_KINDS if k.pattern.startswith("content/")]
    single = {p.name for p in in_content if "*" not in p.name}
    folders = {p.parent.name for p in in_content if "*" in p.name}
    content = project.content_dir
    if usable_folder(content):
        for entry in sorted(os.scandir(content), key=lambda e: e.name):
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue  # the system's and editors' own files (.DS_Store, .hunan.yaml.swp)
            if entry.name in single:
                why = not_a_plain_file(entry.stat(follow_symlinks=False).st_mode)
                if why:
                    refuse(path, why)
            elif entry.name not in folders:
                refuse(
                    path,
                    _("content/ 中只能有 {files} 和文件夹 {folders}：{name} 不会被读取，请移走它").format(
                        files=_("、").join(sorted(single)),
                        folders=_("、").join(f"{f}/" for f in sorted(folders)),
                        name=entry.name,
                    ),
                )

    for kind in FILE_KINDS:
        if not kind.per_file:
            continue
        folder = root / PurePosixPath(kind.pattern).parent
        key = rel(folder)
        found.files[key], found.misnamed[key] = [], set()
        if not usable_folder(folder):
            continue
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            stem = entry.name.split(".")[0]
            if entry.is_dir(follow_symlinks=False):
                message = _("{folder}/ 中不能有子文件夹：其中的文件不会被读取，请把它们移到 {folder}/ 中")
                refuse(path, message.format(folder=key))
                continue
            why = not_a_plain_file(entry.stat(follow_symlinks=False).st_mode)
            if why:
                refuse(path, why)
                found.misnamed[key].add(stem)
            elif entry.name.endswith(".yaml"):
                found.files[key].append(path)
            else:
                found.misnamed[key].add(stem)
                if entry.name.endswith(".yml"):
                    refuse(path, _("扩展名应为 .yaml（不是 .yml）"))
                elif "yaml" in entry.name.lower() or "yml" in entry.name.lower():
                    refuse(
                        path,
                        _("文件名应以 .yaml 结尾（小写）：这个文件不会被读取，请改名为 {name}（或移走它）").format(
                            name=f"{stem}.yaml"
                        ),
                    )
                else:
                    refuse(path, _("{folder}/ 中只能放 .yaml 文件：这个文件不会被读取，请移走它").format(folder=key))
    return found


def read_sources(project: Project) -> tuple[Sources, list[Diagnostic]]:
    """Every file of the project, loaded and checked against the model (not yet against each other)."""
    src = Sources()
    found = survey(project)
    diags = list(found.diags)

    def load(path: Path, cls: type[BaseModel]) -> tuple[Document | None, BaseModel | None]:
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
        folder = PurePosixPath(kind.pattern).parent.as_posix()
        src.broken[kind.registry] |= found.misnamed[folder]  # references to them: their error is the one to fix
        for path in found.files[folder]:
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
        if found.refused & {path, path.parent}:
            src.broken_registries.add(name)
            continue
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
    plan_path = project.root / plan.pattern
    if found.refused & {plan_path, plan_path.parent}:
        src.plan = None  # refused: its error is told already
    elif not plan_path.is_file():
        diags.append(Diagnostic(plan.pattern, 1, 1, _("缺少文件 {name}.yaml").format(name=plan.registry)))
    else:
        doc, obj = load(plan_path, plan.model)
        if doc is not None and isinstance(obj, m.PlanFile):
            src.plan = obj
            src.docs[("plan", "")] = doc

    for path in found.files[_folder_of("provinces")]:
        doc, obj = load(path, m.Province)
        if doc is not None and obj is None:
            src.unmatched_provinces[path.stem] = doc
        if doc is None or not isinstance(obj, m.Province):
            continue
        diags += _check_province_file(obj, doc, path, src)
        if obj.slug == path.stem:
            src.provinces[obj.slug] = obj
            src.docs[("provinces", obj.slug)] = doc

    if not project.provinces_dir.is_dir() and not found.refused & {project.provinces_dir, project.provinces_dir.parent}:
        diags.append(
            Diagnostic(project.provinces_dir.relative_to(project.root).as_posix(), 1, 1, _("缺少省份数据目录"))
        )
    return src, diags


def _kind(registry: str) -> FileKind:
    return next(k for k in FILE_KINDS if k.registry == registry)


def _folder_of(registry: str) -> str:
    return PurePosixPath(_kind(registry).pattern).parent.as_posix()


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
