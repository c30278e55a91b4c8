"""The model's complaints in an editor's words: pydantic's validation errors become
`path:line:col: error:` diagnostics that say what is wrong and what is allowed, in Chinese (or the
language `guidesite validate --lang` asks for)."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..i18n.messages import N_, _
from . import model as m
from .diagnostics import Diagnostic, Loc, did_you_mean
from .load import Document

_PATTERN_MESSAGES = {
    m.ID_PATTERN: N_("'{input}' 不是有效的 id：只能用小写英文字母、数字和连字符，例如 id-card"),
    m.HTTPS_PATTERN: N_("'{input}' 不是有效的网址：必须是以 https:// 开头的完整网址，例如 https://www.mohrss.gov.cn/"),
    m.CODE_PATTERN: N_("'{input}' 不是行政区划代码：应为 6 位数字（GB/T 2260），并加引号，例如 \"440000\""),
    m.HOTLINE_PATTERN: N_('热线号码应为 5 位数字并加引号，例如 "12333"'),
    m.SOURCE_PATTERN: N_(
        "'{input}' 不能作为来源：请写上写有这项信息的具体网页地址（以 https:// 开头，不是网站首页），"
        "例如 https://www.mohrss.gov.cn/SYrlzyhshbzb/xxx/t20250101_1.html"
    ),
}


PHONE_FORMS = N_(
    '写成 "0571-88396000"、"(0571) 8839 6000" 或 "13800000000"，分机号写在“转”后面，例如 "0571-88396000转1"'
)
_PHONE_CHARS = re.compile(r"[^0-9０-９ \u3000+＋()（）转" + "".join(m.PHONE_DASHES) + "-]")
# 2026/11/30, 2026.11.30, 2026年11月30日, 2026-1-5, 20261130 (typed without separators)
_DATE_LIKE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$|^(\d{4})(\d{2})(\d{2})$")


def tool_message(pattern: str, translate: Callable[[str], str] = _) -> str | None:
    """The message for a value not matching `pattern`, for editors' tools (no value to quote);
    `translate=str` keeps the source language."""
    if pattern == m.PHONE_INPUT_PATTERN:
        return translate(N_("不是电话号码：")) + translate(PHONE_FORMS)
    if pattern == m.DATE_PATTERN:
        return translate(N_("日期应写成 YYYY-MM-DD，例如 2026-11-25"))
    template = _PATTERN_MESSAGES.get(pattern)
    return translate(template).replace("'{input}' ", "") if template else None


def _date_guess(value: Any) -> str | None:
    """The date an editor meant by `value` (2026/11/30 -> 2026-11-30), if it is one."""
    found = _DATE_LIKE.match(str(value))
    if not found:
        return None
    year, month, day = (int(g) for g in found.groups() if g is not None)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _phone_problem(value: str) -> str:
    bad = sorted(set(_PHONE_CHARS.findall(value)))
    if bad:
        return _("不能有 {chars}").format(chars=_("、").join(f"'{c}'" for c in bad))
    digits = sum(c.isdigit() for c in value.split("转")[0])
    if digits < 5:
        return _("至少要有 5 位数字")
    if digits > 15:
        return _("数字太多：一个 phone 只写一个号码")
    return _("数字之间只能用一个空格或“-”隔开，括号只能括住区号")


def _unquoted(doc: Document, loc: Loc, value: Any) -> str:
    """How to write a number YAML read as one (`440000`) as the text it is meant to be."""
    typed = doc.typed.get(loc, str(value))
    message = _('请加上引号，写成 "{typed}"').format(typed=typed)
    if typed.startswith("0") and str(value) != typed:
        message += _("（不加引号时读成了数字 {value}，开头的 0 丢了）").format(value=value)
    return message


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


# pydantic's last location part for an error in a mapping's key rather than its value.
_KEY = "[key]"


def _annotation_at(root: type[BaseModel], loc: Loc) -> Any:
    """The declared type at `loc` inside `root` (None when the path leaves the model)."""
    if loc[-1:] == (_KEY,):  # (..., "roles", "lefft", "[key]"): the key type of "roles"
        loc = loc[:-2] + (_KEY,)
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if typing.get_origin(current) is dict:  # a mapping's key ("[key]", pydantic's word) or value
            current = typing.get_args(current)[0 if part == _KEY else 1]
        elif isinstance(part, int):
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


def _schema_message(err: ErrorDetails, root: type[BaseModel], doc: Document) -> str:
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
        if name.startswith("-") and name[1:] in allowed:
            return _("列表项的“-”后面要有一个空格：写成 '- {name}'").format(name=name[1:])
        return _("未知字段 '{name}'{hint}允许的字段：{allowed}").format(
            name=name, hint=did_you_mean(name, allowed) or _("；"), allowed=_("、").join(allowed)
        )
    if kind == "literal_error":
        literal = _annotation_at(root, loc)
        allowed = [str(a) for a in typing.get_args(literal)] if typing.get_origin(literal) is Literal else []
        return _("取值 '{value}' 不允许{hint}允许的取值：{allowed}").format(
            value=value, hint=did_you_mean(str(value), allowed) or _("；"), allowed=_("、").join(allowed)
        )
    if kind == "string_type":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _("应为文本，这里是{kind} {value}：").format(kind=_kind(value), value=value) + _unquoted(
                doc, loc, value
            )
        return _("应为文本，这里是{kind}").format(kind=_kind(value))
    if kind == "int_type":
        return _("应为整数（不加引号），这里是{kind}").format(kind=_kind(value))
    if kind == "float_type":
        return _("应为数字（不加引号），这里是{kind}").format(kind=_kind(value))
    if kind == "bool_type":
        return _("应为 true 或 false（不要写 yes/no、是/否），这里是 '{value}'").format(value=value)
    if kind == "list_type" and isinstance(value, dict) and any(str(k).startswith("-") for k in value):
        return _("应为列表：列表项的“-”后面要有一个空格，例如 '- id: ...'")
    if kind == "list_type":
        return _("应为列表（每项一行，以“- ”开头），这里是{kind}").format(kind=_kind(value))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("应为映射（“字段: 值”的形式），这里是{kind}").format(kind=_kind(value))
    if kind == "string_too_short":
        return _("'{name}' 不能为空").format(name=name)
    if kind == "string_too_long":
        return _("'{name}' 太长：最多 {limit} 个字符，这里有 {n} 个").format(
            name=name, limit=err["ctx"]["max_length"], n=len(value) if isinstance(value, str) else "?"
        )
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == m.VISIBLE_PATTERN:
        return _("'{name}' 只有空格或看不见的字符（如零宽空格）：请写上文字，或删除这一项").format(name=name)
    if kind == "too_short":
        return _("'{name}' 至少需要 {n} 项").format(name=name, n=err["ctx"]["min_length"])
    if kind in ("greater_than_equal", "greater_than"):
        limit = err["ctx"].get("ge", err["ctx"].get("gt"))
        return _("'{name}' 不能小于 {limit}").format(name=name, limit=limit)
    if kind == "string_pattern_mismatch":
        template = _PATTERN_MESSAGES.get(err["ctx"]["pattern"])
        if template:
            return _(template).format(input=value)
        return _("'{value}' 格式不对").format(value=value)
    if kind == m.STATUS_MISSING:
        return _(
            "请写明核实情况：本人对照来源核对过的，写 checked: 核对日期（并在 sources 写上来源网页）；"
            "据二手来源或记忆录入、还没核对的，写 entered: 录入日期"
        )
    if kind == m.CHECKED_WITHOUT_SOURCES:
        return _(
            "写了 checked 就要写 sources：核对时对照的官方网页地址；还没对照官方网页核对的，改写 entered: 录入日期"
        )
    if kind == m.CHECKED_WITHOUT_URL:
        return _("只有对照官方原文核对过才能写 checked：请先写上官方原文的网页 url，或改写 entered: 录入日期")
    if kind == m.DATE_INVALID:
        return _("日期 {value} 不存在：请检查年、月、日").format(value=value)
    if kind == m.DATE_FUTURE:
        return _("日期 {value} 晚于今天（{today}）：请写实际核实的日期").format(value=value, today=err["ctx"]["today"])
    if kind == m.DATE_FORMAT:
        guess = _date_guess(value)
        if guess:
            return _("日期应写成 YYYY-MM-DD，这里是 '{value}'，是否为 {guess}？").format(value=value, guess=guess)
        return _("日期应写成 YYYY-MM-DD，例如 2026-11-25，这里是 '{value}'").format(value=value)
    if kind == m.PHONE_UNQUOTED:
        return _("电话号码要写成文本：") + _unquoted(doc, loc, value)
    if kind == m.PHONE_INVALID:
        return _("'{input}' 不是电话号码：{problem}。").format(input=value, problem=_phone_problem(str(value))) + _(
            PHONE_FORMS
        )
    return err["msg"]  # pragma: no cover - a pydantic error type not mapped above


def check_schema(doc: Document, cls: type[BaseModel]) -> tuple[BaseModel | None, list[Diagnostic]]:
    if doc.data is None:
        return None, [doc.diagnostic((), _("文件是空的：应为映射（“字段: 值”的形式）"))]
    try:
        return cls.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        return None, [
            doc.diagnostic(
                e["loc"][:-1] if e["loc"][-1:] == (_KEY,) else e["loc"],
                _schema_message(e, cls, doc),
                key=e["type"] == "extra_forbidden" or e["loc"][-1:] == (_KEY,),
            )
            for e in errors
        ]
