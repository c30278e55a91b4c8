"""The typed model of every kind of source file.

These classes are the one definition of the data format: validation runs through them, and
the JSON Schema for editors' autocompletion is generated from them. Descriptions are
written "中文 / English" because editors see them as hover help.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# No quotes, angle brackets, backslashes or spaces: a URL is written into links unchanged.
HTTPS_PATTERN = r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?([/?#][^\s<>\"'`\\]*)?$"
CODE_PATTERN = r"^[0-9]{6}$"
PHONE_PATTERN = r"^[0-9+() -]{3,40}$"
HOTLINE_PATTERN = r"^[0-9]{5}$"

# Text needs one character a reader can see: not only spaces, or zero-width and other invisible
# characters (U+200B, U+2060, U+FEFF, U+3164 HANGUL FILLER, the bidirectional marks...).
VISIBLE_PATTERN = (
    r"[^\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Lengths no editor reaches (the longest text of the shipped content, a law's article, has 365
# characters): beyond them a value is a mistake or an attack, and it would be rendered on
# hundreds of pages (Python-Markdown's inline processing is superlinear in escaped characters).
MAX_TEXT = 2000
MAX_PLAIN = 200
MAX_ID = 64
MAX_URL = 2000

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Error types of dates, for the editor's messages (core/schema_errors.py).
DATE_INVALID = "date_invalid"  # 2026-02-30
DATE_FORMAT = "date_format"  # 2026/02/03
DATE_FUTURE = "date_future"  # a check not made yet


def _parse_date(value: object) -> object:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(DATE_INVALID, "no such date") from None
    if isinstance(value, date):
        return value
    raise PydanticCustomError(DATE_FORMAT, "a date is written YYYY-MM-DD")


def today() -> date:
    """The day dates are checked against (tests replace it)."""
    return date.today()


def _not_in_future(value: date) -> date:
    # A day's grace: an editor in China (UTC+8) is a day ahead of a CI machine in UTC for 8 hours.
    if value > today() + timedelta(days=1):
        raise PydanticCustomError(DATE_FUTURE, "a date in the future", {"today": today().isoformat()})
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID)]


class Translatable:
    """Marks text that readers see and translators translate (extracted into the content catalog)."""

    def __repr__(self) -> str:
        return "Translatable()"


TRANSLATABLE = Translatable()
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT, pattern=VISIBLE_PATTERN), TRANSLATABLE]
# Text shown as written in every language (a document number such as 国办发〔2009〕66号).
Plain = Annotated[str, StringConstraints(min_length=1, max_length=MAX_PLAIN, pattern=VISIBLE_PATTERN)]
HttpsUrl = Annotated[str, StringConstraints(pattern=HTTPS_PATTERN, max_length=MAX_URL)]
Day = Annotated[
    date,
    BeforeValidator(_parse_date),
    Field(json_schema_extra={"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
# The day something was checked: not after today.
PastDay = Annotated[Day, AfterValidator(_not_in_future)]
Count = Annotated[StrictInt, Field(ge=0)]

Place = Literal["new", "old", "online", "any"]
Agency = Literal["hrss", "healthcare"]
MaterialForm = Literal["original", "copy", "original-and-copy", "electronic", "any"]
ChannelKind = Literal["website", "app", "mini-program", "hotline"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    sources: list[HttpsUrl] = Field(min_length=1, description="官方来源网址 / official source URLs")
    last_verified: PastDay = Field(description="最后核实日期 YYYY-MM-DD / date last checked against the sources")


# --- laws -----------------------------------------------------------------------------


class Article(Strict):
    number: Annotated[StrictInt, Field(ge=1)] = Field(description="条款序号（第十九条写 19） / article number")
    text: Text = Field(description="条文原文，逐字引用 / the article's official text, verbatim")


class Law(Strict):
    id: Id = Field(description="法规 id，与文件名相同 / law id, equal to the file name")
    title: Text = Field(description="正式全称 / official title")
    short_title: Text | None = Field(None, description="简称 / short title")
    issuer: Text = Field(description="制定或发布机关 / issuing body")
    document_number: Plain | None = Field(None, description="文号，如 国办发〔2009〕66号 / document number")
    promulgated: Day = Field(description="发布或通过日期 / date issued")
    effective: Day | None = Field(None, description="施行日期 YYYY-MM-DD / date it took effect")
    amended: list[Day] = Field([], description="修正或修订日期 / dates amended")
    status: Literal["in-force", "amended", "repealed"] = Field(
        "in-force", description="in-force 现行有效 | amended 已修改 | repealed 已废止 / status"
    )
    url: HttpsUrl = Field(description="官方全文网址 / official URL of the full text")
    articles: list[Article] = Field(min_length=1, description="引用的条款及原文 / the cited articles with their text")


# --- registries -------------------------------------------------------------------------


class Material(Strict):
    id: Id = Field(description="材料 id，供指南引用 / material id, cited by guides")
    name: Text = Field(description="材料名称 / name of the document")
    form: MaterialForm = Field(description="原件/复印件 / original or copy")
    count: Count = Field(1, description="份数 / number of copies")
    issued_by: Text | None = Field(None, description="出具单位 / issued by")
    note: Text | None = Field(None, description="说明 / note")


class MaterialsFile(Strict):
    materials: list[Material] = Field(min_length=1, description="材料登记 / the materials registry")


class Channel(Sourced):
    """A national online channel."""

    id: Id = Field(description="渠道 id，供省份文件引用 / channel id, cited by province files")
    name: Text = Field(description="渠道名称 / name")
    kind: ChannelKind = Field(
        description="website 网站 | app 手机应用 | mini-program 小程序 | hotline 热线 / kind of channel"
    )
    url: HttpsUrl | None = Field(None, description="网址 / URL")
    agency: Literal["hrss", "healthcare", "government"] = Field(
        description="hrss 人社 | healthcare 医保 | government 政务服务 / agency"
    )
    note: Text | None = Field(None, description="说明 / note")


class ChannelsFile(Strict):
    channels: list[Channel] = Field(min_length=1, description="全国线上渠道 / national online channels")


# --- guides and journeys ------------------------------------------------------------------


class Citation(Strict):
    law: Id = Field(description="content/laws/ 中的法规 id / law id")
    article: Annotated[StrictInt, Field(ge=1)] = Field(description="条款序号 / article number")


class TimeLimit(Strict):
    working_days: Count | None = Field(None, description="工作日数 / working days")
    note: Text | None = Field(None, description="时限说明 / note on the time limit")


class Fee(Strict):
    amount: Annotated[float, Field(ge=0, strict=True)] | None = Field(
        None, description="人民币元，0 为免费；省略表示由各地规定 / CNY, 0 = free; omitted = set locally"
    )
    note: Text | None = Field(None, description="收费说明 / note on the fee")


class Step(Strict):
    id: Id = Field(description="步骤 id，省份差异用它指明步骤 / step id, named by province variations")
    title: Text = Field(description="步骤标题 / step title")
    place: Place = Field(
        description="new 新参保地 | old 原参保地 | online 网上 | any 任意 / where: new place, old place, online, any"
    )
    agency: Agency | None = Field(None, description="hrss 人社部门 | healthcare 医保部门 / agency")
    text: Text = Field(description="怎么办 / what to do")
    time_limit: TimeLimit | None = Field(None, description="本步骤时限 / time limit of this step")
    legal_basis: list[Citation] = Field([], description="法律依据 / legal basis")


class MaterialUse(Strict):
    material: Id = Field(description="content/materials.yaml 中的材料 id / material id")
    required: StrictBool = Field(True, description="是否必须提交 / required")
    form: MaterialForm | None = Field(
        None, description="原件/复印件，覆盖材料登记中的写法 / original or copy, overrides the registry"
    )
    count: Count | None = Field(None, description="份数，覆盖材料登记 / number of copies, overrides the registry")
    note: Text | None = Field(None, description="说明 / note")


class Guide(Strict):
    id: Id = Field(description="指南 id，与文件名相同 / guide id, equal to the file name")
    title: Text = Field(description="事项名称 / title")
    summary: Text = Field(description="一句话概述 / one-sentence summary")
    agencies: list[Agency] = Field(
        min_length=1, description="hrss 人社部门 | healthcare 医保部门 / responsible agencies"
    )
    conditions: list[Text] = Field([], description="受理条件 / conditions")
    steps: list[Step] = Field(min_length=1, description="办理步骤 / steps")
    materials: list[MaterialUse] = Field([], description="所需材料 / materials")
    fee: Fee = Field(description="收费标准 / fee")
    time_limit: TimeLimit | None = Field(None, description="办理时限 / time limit")
    visits: Count | None = Field(None, description="最多跑动次数 / number of visits")
    outcome: Text = Field(description="办结结果 / what the person receives")
    legal_basis: list[Citation] = Field(min_length=1, description="设定依据 / legal basis")


class Journey(Strict):
    id: Id = Field(description="组合流程 id，与文件名相同 / journey id, equal to the file name")
    title: Text = Field(description="名称 / title")
    summary: Text = Field(description="一句话概述 / one-sentence summary")
    guides: list[Id] = Field(min_length=1, description="依次办理的指南 id / guide ids, in order")


# --- provinces ----------------------------------------------------------------------------


class Department(Strict):
    name: Text = Field(description="部门名称 / name")
    website: HttpsUrl = Field(description="官方网站 / official website")


class Departments(Strict):
    hrss: Department = Field(description="人力资源和社会保障厅（局） / human resources and social security department")
    healthcare: Department = Field(description="医疗保障局 / healthcare security administration")


class LocalChannel(Sourced):
    name: Text = Field(description="渠道名称 / name")
    kind: ChannelKind = Field(
        description="website 网站 | app 手机应用 | mini-program 小程序 | hotline 热线 / kind of channel"
    )
    url: HttpsUrl | None = Field(None, description="网址 / URL")
    note: Text | None = Field(None, description="说明 / note")


class Office(Sourced):
    id: Id = Field(description="窗口 id，全国唯一 / office id, unique across provinces")
    name: Text = Field(description="窗口名称 / office name")
    address: Text | None = Field(None, description="地址 / address")
    hours: Text | None = Field(None, description="办公时间 / opening hours")
    phone: Annotated[str, StringConstraints(pattern=PHONE_PATTERN)] | None = Field(
        None, description="电话，加引号 / phone number, quoted"
    )
    guides: list[Id] = Field(min_length=1, description="该窗口办理的指南 / guides handled here")


class StepEdit(Strict):
    action: Literal["add", "replace", "remove"] = Field(description="add 增加 | replace 替换 | remove 删除 / action")
    target: Id | None = Field(None, description="replace/remove：全国步骤 id / the national step edited")
    after: Id | None = Field(None, description="add：插在此步骤之后，省略则放在最后 / add after this step")
    step: Step | None = Field(None, description="add/replace：新步骤 / the new step")


class Variation(Sourced):
    guide: Id = Field(description="差异所针对的指南 id / guide id")
    note: Text | None = Field(None, description="本省说明 / note")
    steps: list[StepEdit] = Field([], description="步骤的增加、替换、删除 / step edits")
    materials: list[MaterialUse] = Field([], description="本省增加的材料 / extra materials")
    fee: Fee | None = Field(None, description="本省收费，覆盖全国规定 / fee, overrides the national one")
    time_limit: TimeLimit | None = Field(
        None, description="本省时限，覆盖全国规定 / time limit, overrides the national one"
    )


class Province(Sourced):
    slug: Id = Field(description="拼音，与文件名一致 / pinyin slug, equal to the file name")
    code: Annotated[str, StringConstraints(pattern=CODE_PATTERN)] = Field(
        description="GB/T 2260 行政区划代码 / division code"
    )
    name: Text = Field(description="全称，如 广东省 / full name")
    short_name: Text = Field(description="简称，如 广东 / short name")
    hotline: Annotated[str, StringConstraints(pattern=HOTLINE_PATTERN)] = Field(
        "12333", description="社保咨询热线，5 位数字并加引号 / social insurance hotline, quoted"
    )
    departments: Departments = Field(description="主管部门 / departments")
    national_channels: list[Id] = Field([], description="本省适用的全国渠道 id / national channel ids")
    channels: list[LocalChannel] = Field([], description="本省线上渠道 / local online channels")
    offices: list[Office] = Field([], description="办事窗口 / offices")
    variations: list[Variation] = Field([], description="本省与全国规定的差异 / local variations")
