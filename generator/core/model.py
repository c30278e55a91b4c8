"""The typed model of every kind of source file.

These classes are the one definition of the data format: validation runs through them, and
the JSON Schema for editors' autocompletion is generated from them. Descriptions are
written "中文 / English" because editors see them as hover help.
"""

from __future__ import annotations

import re
import typing
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
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# No quotes, angle brackets, backslashes or spaces: a URL is written into links unchanged.
HTTPS_PATTERN = r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?([/?#][^\s<>\"'`\\]*)?$"
# A source is the page that states the fact, not a site's front page: a path is required.
SOURCE_PATTERN = (
    r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?/"
    r"(?!(index|default|home)?(\.[a-z]{2,5})?([?#].*)?$)[^\s<>\"'`\\]+$"
)
CODE_PATTERN = r"^[0-9]{6}$"
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

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_DATE = re.compile(DATE_PATTERN)
# Error types of dates and statuses, for the editor's messages (core/schema_errors.py).
DATE_INVALID = "date_invalid"  # 2026-02-30
DATE_FORMAT = "date_format"  # 2026/02/03
STATUS_MISSING = "status_missing"  # neither checked nor entered
CHECKED_WITHOUT_SOURCES = "checked_without_sources"
CHECKED_WITHOUT_URL = "checked_without_url"
DATE_FUTURE = "date_future"  # a check not made yet
PHONE_INVALID = "phone_invalid"  # "(((--", "0571/88396000"
PHONE_UNQUOTED = "phone_unquoted"  # phone: 88396000 (YAML reads a number)

# The same rules for editors' tools (JSON Schema): a status is required; a check needs what was checked.
_STATUS_SCHEMA: JsonDict = {"anyOf": [{"required": ["checked"]}, {"required": ["entered"]}]}


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
SourceUrl = Annotated[str, StringConstraints(pattern=SOURCE_PATTERN, max_length=MAX_URL)]
Day = Annotated[
    date,
    BeforeValidator(_parse_date),
    Field(json_schema_extra={"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
# The day something was checked or entered: not after today.
PastDay = Annotated[Day, AfterValidator(_not_in_future)]
Count = Annotated[StrictInt, Field(ge=0)]


# --- phone numbers as a clerk types them ---------------------------------------------------
# A Chinese keyboard gives full-width digits, dashes, brackets and spaces: they are folded to
# ASCII (one character for one, so that the JSON Schema's pattern below accepts exactly what the
# model does). An extension follows 转: "0571-88396000转1".
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
PHONE_DASHES = "－—–‐‑‒―−﹣"
_PHONE_FOLD = str.maketrans(
    {
        **{c: str(i) for i, c in enumerate(_FULL_WIDTH_DIGITS)},
        **dict.fromkeys(PHONE_DASHES, "-"),
        "（": "(",
        "）": ")",
        "＋": "+",
        "\u3000": " ",
    }
)


def _phone_pattern(digit: str, sep: str, space: str, plus: str, lp: str, rp: str) -> str:
    # 5 to 15 digits before any extension (E.164 has at most 15); then: an optional country code,
    # an optional area code in brackets, groups of digits split by one space or dash, an extension.
    return (
        rf"^(?=(?:[^0-9０-９转]*{digit}){{5}})(?!(?:[^0-9０-９转]*{digit}){{16}})"
        rf"({plus}{digit}{{1,4}}{sep})?({lp}{digit}{{2,4}}{rp}{sep}?)?{digit}+({sep}{digit}+)*"
        rf"({space}?转{space}?{digit}{{1,6}})?$"
    )


PHONE_PATTERN = _phone_pattern("[0-9]", "[ -]", " ", r"\+", r"\(", r"\)")  # after folding
# The same for the JSON Schema, which sees the file as typed.
PHONE_INPUT_PATTERN = _phone_pattern(
    "[0-9０-９]", f"[ \u3000\\-{PHONE_DASHES}]", "[ \u3000]", "[+＋]", "[(（]", "[)）]"
)


def _phone(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value  # the type error names what it is
    if not isinstance(value, str):
        raise PydanticCustomError(PHONE_UNQUOTED, "a phone number is text, quoted")
    folded = re.sub(" ?转 ?", "转", value.translate(_PHONE_FOLD))
    if not re.match(PHONE_PATTERN, folded):
        raise PydanticCustomError(PHONE_INVALID, "not a phone number")
    return folded


Phone = Annotated[
    str,
    BeforeValidator(_phone),
    Field(json_schema_extra={"type": "string", "pattern": PHONE_INPUT_PATTERN}),
]

# --- references to other files, for editors' tools ------------------------------------------
# An id that names something defined elsewhere: the JSON Schema lists the ids the content has
# (generator/editor/schema.py); `guidesite validate` checks them (core/validate.py). REFERS names
# the registry; LOCAL_TOO, that a province file may also name one it defines itself.
REFERS = "x-guidesite-refers"
LOCAL_TOO = "x-guidesite-local-too"


_REF = StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID)
GuideRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "guides"})]
LawRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "laws"})]
ChannelRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "channels"})]
AnyChannelRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "channels", LOCAL_TOO: True})]
MaterialRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "materials", LOCAL_TOO: True})]
# A step of the national guide the variation is about; or also one the province adds.
StepRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "steps"})]
AnyStepRef = Annotated[str, _REF, Field(json_schema_extra={REFERS: "steps", LOCAL_TOO: True})]

# Where a step is done, by the role the place plays for the person (not old/new alone): the
# province moved to, the province left, where one is insured, the card's issuer, where the pension
# is claimed, the hukou's province, where one is treated; or online, or anywhere.
ProvinceRole = Literal["moved-to", "left", "insured", "card-issuer", "pension-claim", "hukou", "treatment"]
Place = Literal["moved-to", "left", "insured", "card-issuer", "pension-claim", "hukou", "treatment", "online", "any"]
PROVINCE_ROLES: tuple[str, ...] = typing.get_args(ProvinceRole)
# Who acts at that place: the person (or their employer), or the offices between themselves.
Actor = Literal["you", "agencies"]
Agency = Literal["hrss", "healthcare"]
MaterialForm = Literal["original", "copy", "original-and-copy", "electronic", "any"]
ChannelKind = Literal["website", "app", "mini-program", "hotline"]
# Who holds a document: mainland residents, residents of Hong Kong and Macao, of Taiwan, foreigners.
Holder = Literal["mainland", "hong-kong-macao", "taiwan", "foreign"]
# Readers whose documents and rules differ from mainland residents'.
Audience = Literal["hong-kong-macao-taiwan", "foreign"]


class Strict(BaseModel):
    # python-re: the source pattern needs a look-ahead, which pydantic's default engine lacks.
    model_config = ConfigDict(extra="forbid", frozen=True, regex_engine="python-re")


class Sourced(Strict):
    """A fact with its sources and an honest status: `checked` on the day a person compared it with
    the sources; otherwise `entered` on the day it was entered from a secondary or remembered
    source, and awaiting a check (core/validate.py requires one of the two)."""

    model_config = ConfigDict(
        json_schema_extra={
            **_STATUS_SCHEMA,
            "dependentSchemas": {
                "checked": {
                    "required": ["sources"],
                    "properties": {
                        "sources": {
                            "minItems": 1,
                            "description": "写了 checked 就要写来源网页 / a check needs its sources",
                        }
                    },
                }
            },
        }
    )

    sources: list[SourceUrl] = Field(
        [],
        description="写有这项信息的官方网页（具体网页，不是网站首页） / official pages stating it (not a front page)",
    )
    checked: PastDay | None = Field(
        None, description="核实日期：本人对照来源逐项核对的那天 / the day a person compared it with the sources"
    )
    entered: PastDay | None = Field(
        None,
        description="录入日期：据二手来源或记忆录入、尚待核实 / the day it was entered unchecked, awaiting a check",
    )

    @property
    def is_checked(self) -> bool:
        return self.checked is not None

    @model_validator(mode="after")
    def _honest_status(self) -> Sourced:
        if self.checked is None and self.entered is None:
            raise PydanticCustomError(STATUS_MISSING, "checked or entered is required")
        if self.checked is not None and not self.sources:
            raise PydanticCustomError(CHECKED_WITHOUT_SOURCES, "a check needs the sources it was made against")
        return self


# --- laws -----------------------------------------------------------------------------


class Article(Strict):
    number: Annotated[StrictInt, Field(ge=1)] = Field(
        description="条款序号（第十九条写 19；通知、决定的第二点写 2） / article (or point) number"
    )
    text: Text = Field(description="条文原文，逐字引用 / the article's official text, verbatim")


class Law(Strict):
    model_config = ConfigDict(
        json_schema_extra={**_STATUS_SCHEMA, "dependentSchemas": {"checked": {"required": ["url"]}}}
    )

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
    numbering: Literal["articles", "points"] = Field(
        "articles",
        description="articles 按条（第N条） | points 按点（通知、决定的第N点） / numbered by article or point",
    )
    url: SourceUrl | None = Field(
        None,
        description="本文件在官方网站上的全文网页；不知道时省略，页面显示“官方原文链接待补充” / "
        "the document's own official page; omit when not known",
    )
    text_sources: list[HttpsUrl] = Field(
        [], description="条文录自的网页（如转载），尚未与官方原文核对时填写 / where the quoted text was copied from"
    )
    checked: PastDay | None = Field(
        None,
        description="本人对照官方原文逐字核对条文的那天 / the day a person compared the text with the official one",
    )
    entered: PastDay | None = Field(
        None, description="条文录入日期（尚未与官方原文核对） / the day the articles were entered, not yet checked"
    )
    later_changes: list[Text] = Field(
        [], description="之后修改或影响本文件的规定（说明） / later rules that change or affect it"
    )
    articles: list[Article] = Field([], description="引用的条款及原文 / the cited articles with their text")
    key_points: list[Text] = Field(
        [],
        description="还没有原文可引用时：据转载或报道整理的要点（不是原文） "
        "/ while no verbatim text is at hand: its points as reported (not a quotation)",
    )

    @property
    def is_checked(self) -> bool:
        return self.checked is not None

    @model_validator(mode="after")
    def _honest_status(self) -> Law:
        if self.checked is None and self.entered is None:
            raise PydanticCustomError(STATUS_MISSING, "checked or entered is required")
        if self.checked is not None and self.url is None:
            raise PydanticCustomError(CHECKED_WITHOUT_URL, "a check needs the official text's url")
        return self


# --- registries -------------------------------------------------------------------------


class Material(Strict):
    id: Id = Field(description="材料 id，供指南引用 / material id, cited by guides")
    name: Text = Field(description="材料名称 / name of the document")
    form: MaterialForm = Field(description="原件/复印件 / original or copy")
    count: Count = Field(1, description="份数 / number of copies")
    issued_by: Text | None = Field(None, description="出具单位 / issued by")
    note: Text | None = Field(None, description="说明 / note")
    holders: list[Holder] = Field(
        [],
        description="谁持有这种证件：mainland 内地居民 | hong-kong-macao 港澳居民 | taiwan 台湾居民 | foreign 外国人 "
        "/ who holds it",
    )
    one_of: list[MaterialRef] = Field(
        [], description="可任选其一的材料 id（如各类有效身份证件） / alternatives: any one of these materials"
    )


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
    law: LawRef = Field(description="content/laws/ 中的法规 id / law id")
    article: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None,
        description="条款（或点）序号；引用整个文件时省略 / article (or point) number; omit to cite the whole document",
    )


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
        description="在哪里办：moved-to 转入地（新参保地） | left 原参保地 | insured 参保地 | card-issuer 发卡地 | "
        "pension-claim 养老金待遇领取地 | hukou 户籍所在地 | treatment 就医地 | online 网上 | any 任意地点 "
        "/ where it is done, by the place's role"
    )
    by: Actor = Field(
        "you", description="谁来办：you 本人（或单位）提出 | agencies 经办机构之间办理，本人不用出面 / who acts"
    )
    optional: StrictBool = Field(
        False, description="只在某些情况下才要办的步骤（如经办机构要求时） / a step only some people need"
    )
    agency: Agency | None = Field(None, description="hrss 人社部门 | healthcare 医保部门 / agency")
    text: Text = Field(description="怎么办 / what to do")
    time_limit: TimeLimit | None = Field(None, description="本步骤时限 / time limit of this step")
    legal_basis: list[Citation] = Field([], description="法律依据 / legal basis")


class MaterialUse(Strict):
    material: MaterialRef = Field(
        description="材料 id：content/materials.yaml 中的，或本省文件 materials 中的 "
        "/ material id, national or the province's own"
    )
    required: StrictBool = Field(
        True, description="是否必须提交；省略时为 true（必须） / required; omitted: true (required)"
    )
    form: MaterialForm | None = Field(
        None, description="原件/复印件，覆盖材料登记中的写法 / original or copy, overrides the registry"
    )
    count: Count | None = Field(None, description="份数，覆盖材料登记 / number of copies, overrides the registry")
    note: Text | None = Field(None, description="说明 / note")


class AudienceNote(Strict):
    """What differs for one group of readers: their documents, the rules that apply to them."""

    audience: Audience = Field(description="hong-kong-macao-taiwan 港澳台居民 | foreign 外国人 / which readers")
    text: Text = Field(description="对他们有什么不同 / what applies to them")
    legal_basis: list[Citation] = Field([], description="依据 / legal basis")


class Guide(Strict):
    id: Id = Field(description="指南 id，与文件名相同 / guide id, equal to the file name")
    title: Text = Field(description="事项名称 / title")
    summary: Text = Field(description="一句话概述 / one-sentence summary")
    search_terms: list[Text] = Field(
        [],
        description="读者搜索时的叫法（社保卡丢了、补卡），不在页面上显示 "
        "/ what readers type for it (lost card), for the site's search only, not shown",
    )
    agencies: list[Agency] = Field(
        min_length=1, description="hrss 人社部门 | healthcare 医保部门 / responsible agencies"
    )
    places: list[Place] = Field(
        min_length=1, description="本事项涉及的地方，即各步骤的 place / the places its steps are done in"
    )
    province_role: ProvinceRole = Field(
        description="省份页面写给谁：该省在本事项中的角色（如 moved-to 转入地） "
        "/ the role of the province that a province page is about"
    )
    conditions: list[Text] = Field([], description="受理条件 / conditions")
    steps: list[Step] = Field(min_length=1, description="办理步骤 / steps")
    materials: list[MaterialUse] = Field([], description="所需材料 / materials")
    fee: Fee = Field(description="收费标准 / fee")
    time_limit: TimeLimit | None = Field(None, description="办理时限 / time limit")
    visits: Count | None = Field(None, description="最多跑动次数 / number of visits")
    outcome: Text = Field(description="办结结果 / what the person receives")
    legal_basis: list[Citation] = Field(min_length=1, description="设定依据 / legal basis")
    audience_notes: list[AudienceNote] = Field(
        [],
        description="港澳台居民、外国人的不同之处 / what differs for Hong Kong, Macao, Taiwan residents and foreigners",
    )


class JourneyPart(Strict):
    guide: GuideRef = Field(description="指南 id / guide id")
    province_role: ProvinceRole | None = Field(
        None,
        description="流程的省份在这件事中的角色；省略时同指南的 province_role "
        "/ the role the journey's province plays in this guide; omitted: the guide's own",
    )


class Journey(Strict):
    id: Id = Field(description="组合流程 id，与文件名相同 / journey id, equal to the file name")
    title: Text = Field(description="名称 / title")
    summary: Text = Field(description="一句话概述 / one-sentence summary")
    guides: list[JourneyPart] = Field(min_length=1, description="依次办理的指南 / the guides, in order")


# --- provinces ----------------------------------------------------------------------------


class Department(Strict):
    name: Text = Field(description="部门名称 / name")
    website: HttpsUrl = Field(description="官方网站 / official website")


class Departments(Strict):
    hrss: Department = Field(description="人力资源和社会保障厅（局） / human resources and social security department")
    healthcare: Department = Field(description="医疗保障局 / healthcare security administration")


class LocalChannel(Sourced):
    id: Id | None = Field(
        None,
        description="渠道 id：<省份拼音>-<名称>，如 zhejiang-zheliban；要在 variations 的 online 中引用时才需要 "
        "/ channel id, needed to name it in a variation's online",
    )
    name: Text = Field(description="渠道名称 / name")
    kind: ChannelKind = Field(
        description="website 网站 | app 手机应用 | mini-program 小程序 | hotline 热线 / kind of channel"
    )
    url: HttpsUrl | None = Field(None, description="网址 / URL")
    note: Text | None = Field(None, description="说明 / note")


class Office(Sourced):
    id: Id = Field(
        description="窗口 id：<省份拼音>-<城市拼音>-<名称>，如 zhejiang-hangzhou-citizen-center "
        "/ office id: <province>-<city>-<name>"
    )
    name: Text = Field(description="窗口名称 / office name")
    city: Text = Field(description="所在城市（地级市、自治州等），如 杭州市 / city (prefecture level)")
    district: Text | None = Field(None, description="区、县（市），如 上城区 / district or county")
    address: Text | None = Field(None, description="地址 / address")
    hours: Text | None = Field(None, description="办公时间 / opening hours")
    phone: Phone | None = Field(
        None,
        description='电话，加引号；分机写在“转”后面，如 "0571-88396000转1" / phone number, quoted; extension after 转',
    )
    guides: list[GuideRef] = Field(min_length=1, description="该窗口办理的指南 / guides handled here")


class StepEdit(Strict):
    action: Literal["add", "replace", "remove"] = Field(description="add 增加 | replace 替换 | remove 删除 / action")
    target: StepRef | None = Field(
        None, description="replace/remove：要替换或删除的全国步骤 id / the national step replaced or removed"
    )
    after: StepRef | None = Field(
        None,
        description="add：插在这个全国步骤之后（同一步之后增加几步的，按书写顺序排列），省略则放在最后 "
        "/ add after this national step (several after one step keep their order); omitted: at the end",
    )
    step: Step | None = Field(None, description="add/replace：新步骤 / the new step")


class OnlineOption(Strict):
    """A channel through which the guide, or one step of it, can also be done online: shown with
    the step (or the guide), never as a step of its own."""

    channel: AnyChannelRef = Field(
        description="渠道 id：全国渠道 id，或本省 channels 中写了 id 的渠道 "
        "/ channel id: national, or a local channel's id"
    )
    step: AnyStepRef | None = Field(
        None, description="可在网上办的步骤 id；省略表示整个事项 / the step it serves; omitted: the whole guide"
    )
    note: Text | None = Field(None, description="怎么办，如 在首页搜索“养老保险关系转移” / how to find it there")


class Variation(Sourced):
    guide: GuideRef = Field(description="差异所针对的指南 id / guide id")
    note: Text | None = Field(None, description="本省说明 / note")
    steps: list[StepEdit] = Field([], description="步骤的增加、替换、删除 / step edits")
    materials: list[MaterialUse] = Field(
        [], description="本省增加的材料（全国材料或本省 materials 中的） / extra materials"
    )
    online: list[OnlineOption] = Field(
        [], description="也可以网上办理的渠道（不算一个步骤） / where it can also be done online (not a step)"
    )
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
    national_channels: list[ChannelRef] = Field([], description="本省适用的全国渠道 id / national channel ids")
    channels: list[LocalChannel] = Field([], description="本省线上渠道 / local online channels")
    offices: list[Office] = Field([], description="办事窗口 / offices")
    materials: list[Material] = Field(
        [],
        description="只有本省要求的材料，id 以本省拼音开头，如 zhejiang-residence-proof "
        "/ materials only this province requires, ids starting with its slug",
    )
    variations: list[Variation] = Field([], description="本省与全国规定的差异 / local variations")


# --- the personal plan (content/plan.yaml) -------------------------------------------------------
# Which guides and steps apply to a reader's situation, and which of their provinces plays each
# place role: the data the plan page (/plan/) composes a checklist from, in the reader's browser.

# Who plays a place role in a plan, from the reader's choices: the province they live and work in
# now; each province they paid in before (in order); the last of those; the pension claim place
# (国办发〔2009〕66号 Art. 6, from the hukou and the years paid in each); every province they paid in
# except the pension claim place; the hukou's province.
PlanProvinces = Literal["now", "previous", "last-previous", "pension-claim", "not-pension-claim", "hukou"]
PlanAdviceKind = Literal["first", "avoid", "note"]


# Why the plan cannot decide where the pension relationship is or where it is claimed (core/plan.py).
PlanUndecided = Literal["hukou", "no-hukou", "age", "moves", "years"]


class PlanWhen(Strict):
    """Whom a rule is for: every field written must hold (a list: any of its values)."""

    situations: list[Id] = Field([], description="读者的情况（situations 的 id），任一即可 / any of these situations")
    identities: list[Holder] = Field(
        [], description="mainland 内地居民 | hong-kong-macao 港澳居民 | taiwan 台湾居民 | foreign 外国人 / identities"
    )
    needs: list[Id] = Field([], description="读者选了其中任一件事（needs 的 id） / any of these needs chosen")
    temporary_account: StrictBool | None = Field(
        None,
        description="true：这次跨省只建立临时养老保险缴费账户（开始在现在的省份缴费时男满50、女满40周岁且不回户籍省）；"
        "不能判断时 true、false 都不成立 "
        "/ whether this move opens a temporary pension account",
    )
    previous: StrictBool | None = Field(
        None, description="true：以前在别的省份交过社保；false：第一次参保 / whether the reader paid elsewhere before"
    )
    undecided: list[PlanUndecided] = Field(
        [],
        description="清单不能判断养老保险关系或领取地的原因，任一即可：hukou 没填户籍 | no-hukou 没有内地户籍 | "
        "age 缺少性别、出生年份或开始缴费年份 | moves 满龄后不止一次跨省 | years 缺少缴费年数 "
        "/ any of these reasons why the plan cannot decide the pension's place",
    )


class PlanPart(Strict):
    guide: Id = Field(description="指南 id / guide id")
    roles: dict[ProvinceRole, PlanProvinces] = Field(
        description="指南中每种地方由读者的哪个省份担任：now 现在的省份 | previous 以前的每个省份 | "
        "last-previous 最近离开的省份 | pension-claim 养老金领取地 | not-pension-claim 领取地以外交过费的省份 | "
        "hukou 户籍省份 / which of the reader's provinces plays each place role of the guide"
    )
    when: PlanWhen | None = Field(None, description="只在这些情况下 / only in these cases")


class PlanNeed(Strict):
    id: Id = Field(description="事项 id / need id")
    title: Text = Field(description="读者勾选的说法，如“把养老保险和医疗保险转过来” / what the reader ticks")
    parts: list[PlanPart] = Field(min_length=1, description="要办的指南，依次 / the guides to follow, in order")


class PlanSituation(Strict):
    id: Id = Field(description="情况 id / situation id")
    title: Text = Field(description="读者选择的说法，如“在单位上班” / what the reader chooses")


class PlanRule(Strict):
    guide: Id = Field(description="指南 id / guide id")
    steps: list[Id] = Field([], description="全国步骤 id / national step ids")
    materials: list[Id] = Field([], description="skip：不需要的材料 id / materials not needed (skip only)")
    when: PlanWhen = Field(description="在这些情况下 / in these cases")
    then: Literal["skip", "require"] = Field(
        description="skip 不用办这些步骤、不用这些材料 | require 这些可选步骤必须办 "
        "/ skip the steps and materials, or make optional steps required"
    )


class PlanAdvice(Strict):
    id: Id = Field(description="提示 id / advice id")
    kind: PlanAdviceKind = Field(description="first 先做 | avoid 不要做 | note 注意 / kind of advice")
    text: Text = Field(description="提示 / the advice")
    when: PlanWhen | None = Field(None, description="只在这些情况下 / only in these cases")
    legal_basis: list[Citation] = Field([], description="依据 / legal basis")
    guide: Id | None = Field(None, description="详见哪个指南 / the guide that tells more")


class PlanTemporaryAccount(Strict):
    men: Annotated[StrictInt, Field(ge=16, le=70)] = Field(description="男性年满多少周岁 / men from this age")
    women: Annotated[StrictInt, Field(ge=16, le=70)] = Field(description="女性年满多少周岁 / women from this age")
    legal_basis: list[Citation] = Field(min_length=1, description="依据 / legal basis")


class PlanPensionClaim(Strict):
    years: Annotated[StrictInt, Field(ge=1, le=50)] = Field(
        description="在关系所在地累计缴费满多少年可在那里领取 / years paid in a place to claim there"
    )
    legal_basis: list[Citation] = Field(min_length=1, description="依据 / legal basis")


class PlanFile(Strict):
    situations: list[PlanSituation] = Field(min_length=1, description="读者可选的情况 / the reader's situations")
    needs: list[PlanNeed] = Field(min_length=1, description="读者可选要办的事，依次 / what a reader may need, in order")
    rules: list[PlanRule] = Field(
        [], description="按情况不办或必须办的步骤、不用的材料 / steps skipped or required, materials not needed"
    )
    advice: list[PlanAdvice] = Field([], description="先做什么、不要做什么、注意什么 / advice")
    temporary_account: PlanTemporaryAccount = Field(
        description="临时基本养老保险缴费账户的年龄规定 / the temporary pension account's ages"
    )
    pension_claim: PlanPensionClaim = Field(description="确定养老金领取地的规定 / the pension claim place rule")
