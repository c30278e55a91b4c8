"""How model values are shown, in one place for every output (pages and print): the labels of
the model's enumerations, time limits and fees, step numbers running on across a journey, and
the freshness of a province's data. Installed into each Jinja environment as filters and
globals by `install`; values from the YAML in what these return are escaped by that
environment's own rules (`emit`), labels are the interface catalog's."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..core import model as m
from ..core.facts import oldest_check, province_facts
from ..core.resolve import ProvinceGuide, Site
from ..i18n.locale import Formatter
from ..i18n.messages import N_

# Every value of the model's enumerations has its label here (tests/test_presentation.py).
PLACE_LABELS = {"new": N_("新参保地"), "old": N_("原参保地"), "online": N_("网上办理"), "any": N_("任意地点")}
AGENCY_LABELS = {
    "hrss": N_("人社部门（社会保险经办机构）"),
    "healthcare": N_("医保部门（医疗保障经办机构）"),
    "government": N_("政务服务平台"),
}
FORM_LABELS = {
    "original": N_("原件"),
    "copy": N_("复印件"),
    "original-and-copy": N_("原件和复印件"),
    "electronic": N_("电子版"),
    "any": N_("原件或电子版"),
}
# A material's form with how many to bring, one message each, so that a language can put the
# number where it belongs ("1 original", "the original and 1 photocopy").
FORM_COUNTS: Mapping[str, Callable[[gettext.NullTranslations, int], str]] = {
    "original": lambda t, n: t.ngettext("原件 %(num)s 份", "原件 %(num)s 份", n),
    "copy": lambda t, n: t.ngettext("复印件 %(num)s 份", "复印件 %(num)s 份", n),
    "original-and-copy": lambda t, n: t.ngettext("原件和复印件 %(num)s 份", "原件和复印件 %(num)s 份", n),
    "electronic": lambda t, n: t.ngettext("电子版 %(num)s 份", "电子版 %(num)s 份", n),
    "any": lambda t, n: t.ngettext("原件或电子版 %(num)s 份", "原件或电子版 %(num)s 份", n),
}
CHANNEL_KIND_LABELS = {
    "website": N_("网站"),
    "app": N_("手机 App"),
    "mini-program": N_("小程序"),
    "hotline": N_("热线"),
}
LAW_STATUS_LABELS = {"in-force": N_("现行有效"), "amended": N_("已被修改"), "repealed": N_("已废止")}

LABELS: Mapping[str, Mapping[str, str]] = {
    "place_label": PLACE_LABELS,
    "agency_label": AGENCY_LABELS,
    "form_label": FORM_LABELS,
    "kind_label": CHANNEL_KIND_LABELS,
    "status_label": LAW_STATUS_LABELS,
}


@dataclass(frozen=True)
class FreshnessRow:
    province: m.Province
    oldest: date
    offices: int
    channels: int
    variations: int


def freshness(site: Site) -> list[FreshnessRow]:
    """Per province, the oldest check of anything recorded for it, and how much is recorded."""
    return [
        FreshnessRow(
            p, oldest_check(f.record for f in province_facts(p)), len(p.offices), len(p.channels), len(p.variations)
        )
        for p in site.provinces.values()
    ]


def numbered(parts: Iterable[ProvinceGuide], start: int = 1) -> list[tuple[ProvinceGuide, int]]:
    """Each guide of a journey with the number of its first step: numbering runs on across them."""
    out = []
    for part in parts:
        out.append((part, start))
        start += len(part.steps)
    return out


class Presenter:
    """The formatting rules, bound to one environment's catalog, locale and escaping."""

    def __init__(
        self, translations: gettext.NullTranslations, formatter: Formatter, emit: Callable[[Any], Markup]
    ) -> None:
        self.t = translations
        self.fmt = formatter
        self.emit = emit  # a value as `{{ value }}` would print it in this environment

    def _(self, message: str) -> Markup:
        # As jinja2.ext.i18n's newstyle gettext with autoescape: the catalog's text is markup.
        return Markup(self.t.gettext(message))

    def label(self, table: Mapping[str, str], value: str) -> Markup:
        return self._(table[value])

    def form_count(self, form: str, count: int) -> Markup:
        return Markup(FORM_COUNTS[form](self.t, count)) % {"num": count}

    def time_limit(self, tl: m.TimeLimit) -> Markup:
        parts: list[Any] = []
        if tl.working_days is not None:
            parts.append(
                Markup(self.t.ngettext("%(num)s 个工作日", "%(num)s 个工作日", tl.working_days))
                % {"num": tl.working_days}
            )
        if tl.note:
            parts += [self._("（"), tl.note, self._("）")] if parts else [tl.note]
        return Markup("").join(self.emit(p) for p in parts)

    def fee(self, f: m.Fee) -> Markup:
        if f.amount is None:
            parts: list[Any] = [self._("由各地规定")]
        elif f.amount == 0:
            parts = [self._("免费")]
        else:
            parts = [self.fmt.money(f.amount)]
        if f.note:
            parts += [self._("（"), f.note, self._("）")]
        return Markup("").join(self.emit(p) for p in parts)

    def install(self, env: jinja2.Environment) -> None:
        for name, table in LABELS.items():
            env.filters[name] = (lambda t: lambda value: self.label(t, value))(table)
        env.filters.update(
            form_count=self.form_count,
            time_limit=self.time_limit,
            fee=self.fee,
            date=self.fmt.date,
            money=self.fmt.money,
        )
        env.globals.update(numbered=numbered, freshness=freshness)


def emitter(env: jinja2.Environment) -> Callable[[Any], Markup]:
    """What `{{ value }}` prints in `env`: its finalize, then autoescape."""
    finalize = env.finalize or (lambda v: v)
    return lambda value: escape(finalize(value))
