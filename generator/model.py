"""Stage 3a: the typed model of every kind of source file.

These classes are the one definition of the data format: validation runs through them, and
the JSON Schema for editors' autocompletion is generated from them. Descriptions are
written "中文 / English" because editors see them as hover help.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# No quotes, angle brackets, backslashes or spaces: a URL is written into links unchanged.
HTTPS_PATTERN = r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?([/?#][^\s<>\"'`\\]*)?$"
CODE_PATTERN = r"^[0-9]{6}$"
PHONE_PATTERN = r"^[0-9+() -]{3,40}$"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: object) -> object:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("invalid-date") from None
    if isinstance(value, date):
        return value
    raise ValueError("date-format")


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
HttpsUrl = Annotated[str, StringConstraints(pattern=HTTPS_PATTERN)]
Day = Annotated[date, BeforeValidator(_parse_date), Field(json_schema_extra={"type": "string", "format": "date"})]
Count = Annotated[StrictInt, Field(ge=0)]

Place = Literal["new", "old", "online", "any"]
Agency = Literal["hrss", "healthcare"]
MaterialForm = Literal["original", "copy", "original-and-copy", "electronic", "any"]
ChannelKind = Literal["website", "app", "mini-program", "hotline"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    sources: list[HttpsUrl] = Field(min_length=1, description="官方来源网址 / official source URLs")
    last_verified: Day = Field(description="最后核实日期 YYYY-MM-DD / date last checked against the sources")


# --- laws -----------------------------------------------------------------------------

class Article(Strict):
    number: Annotated[StrictInt, Field(ge=1)] = Field(description="条款序号（第十九条写 19）/ article number")
    text: Text = Field(description="条文原文，逐字引用 / the article's official text, verbatim")


class Law(Strict):
    id: Id
    title: Text = Field(description="正式全称 / official title")
    short_title: Text | None = None
    issuer: Text = Field(description="制定或发布机关 / issuing body")
    document_number: Text | None = Field(None, description="文号，如 国办发〔2009〕66号 / document number")
    promulgated: Day = Field(description="发布或通过日期 / date issued")
    effective: Day | None = None
    amended: list[Day] = []
    status: Literal["in-force", "amended", "repealed"] = "in-force"
    url: HttpsUrl = Field(description="官方全文网址 / official URL of the full text")
    articles: list[Article] = Field(min_length=1)


# --- registries -------------------------------------------------------------------------

class Material(Strict):
    id: Id
    name: Text
    form: MaterialForm = Field(description="原件/复印件 / original or copy")
    count: Count = 1
    issued_by: Text | None = None
    note: Text | None = None


class MaterialsFile(Strict):
    materials: list[Material] = Field(min_length=1)


class Channel(Strict):
    """A national online channel."""

    id: Id
    name: Text
    kind: ChannelKind
    url: HttpsUrl | None = None
    agency: Literal["hrss", "healthcare", "government"]
    note: Text | None = None
    sources: list[HttpsUrl] = Field(min_length=1)
    last_verified: Day


class ChannelsFile(Strict):
    channels: list[Channel] = Field(min_length=1)


# --- guides and journeys ------------------------------------------------------------------

class Citation(Strict):
    law: Id = Field(description="content/laws/ 中的法规 id / law id")
    article: Annotated[StrictInt, Field(ge=1)] = Field(description="条款序号 / article number")


class TimeLimit(Strict):
    working_days: Count | None = Field(None, description="工作日数 / working days")
    note: Text | None = None


class Fee(Strict):
    amount: Annotated[float, Field(ge=0, strict=True)] = Field(description="人民币元，0 为免费 / CNY, 0 = free")
    note: Text | None = None


class Step(Strict):
    id: Id
    title: Text
    place: Place = Field(description="new 新参保地 | old 原参保地 | online 网上 | any 任意")
    agency: Agency | None = None
    text: Text
    time_limit: TimeLimit | None = None
    legal_basis: list[Citation] = []


class MaterialUse(Strict):
    material: Id = Field(description="content/materials.yaml 中的材料 id / material id")
    required: StrictBool = True
    form: MaterialForm | None = None
    count: Count | None = None
    note: Text | None = None


class Guide(Strict):
    id: Id
    title: Text
    summary: Text
    agencies: list[Agency] = Field(min_length=1)
    conditions: list[Text] = []
    steps: list[Step] = Field(min_length=1)
    materials: list[MaterialUse] = []
    fee: Fee
    time_limit: TimeLimit | None = None
    visits: Count | None = None
    outcome: Text
    legal_basis: list[Citation] = Field(min_length=1)


class Journey(Strict):
    id: Id
    title: Text
    summary: Text
    guides: list[Id] = Field(min_length=1)


# --- provinces ----------------------------------------------------------------------------

class Department(Strict):
    name: Text
    website: HttpsUrl


class Departments(Strict):
    hrss: Department = Field(description="人力资源和社会保障厅（局）/ human resources and social security department")
    healthcare: Department = Field(description="医疗保障局 / healthcare security administration")


class LocalChannel(Sourced):
    name: Text
    kind: ChannelKind
    url: HttpsUrl | None = None
    note: Text | None = None


class Office(Sourced):
    id: Id
    name: Text
    address: Text | None = None
    hours: Text | None = None
    phone: Annotated[str, StringConstraints(pattern=PHONE_PATTERN)] | None = None
    guides: list[Id] = Field(min_length=1, description="该窗口办理的指南 / guides handled here")


class StepEdit(Strict):
    action: Literal["add", "replace", "remove"]
    target: Id | None = Field(None, description="replace/remove：全国步骤 id / the national step edited")
    after: Id | None = Field(None, description="add：插在此步骤之后，省略则放在最后 / add after this step")
    step: Step | None = None


class Variation(Sourced):
    guide: Id
    note: Text | None = None
    steps: list[StepEdit] = []
    materials: list[MaterialUse] = []
    fee: Fee | None = None
    time_limit: TimeLimit | None = None


class Province(Sourced):
    slug: Id = Field(description="拼音，与文件名一致 / pinyin slug, equal to the file name")
    code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)] = Field(description="GB/T 2260 行政区划代码 / division code")
    name: Text
    short_name: Text
    hotline: Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")] = "12333"
    departments: Departments
    national_channels: list[Id] = []
    channels: list[LocalChannel] = []
    offices: list[Office] = []
    variations: list[Variation] = []
