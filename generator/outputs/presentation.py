"""How model values are shown, in one place for every output (pages and print): the labels of
the model's enumerations, where each step is done (by the place's role), whom a page is for and
which places one need not go to, time limits and fees, step numbers running on across a journey,
and how much of a page's data a person has checked. Installed into each Jinja environment as
filters and globals by `install`; values from the YAML in what these return are escaped by that
environment's own rules (`emit`), labels are the interface catalog's."""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..config import LANGUAGES, SOURCE_LANGUAGE
from ..core import model as m
from ..core.facts import Verification, province_facts, verification
from ..core.resolve import ProvinceGuide, Site
from ..i18n.locale import Formatter
from ..i18n.messages import N_

# Every value of the model's enumerations has its label here (tests/test_presentation.py).
# The place roles: a short name (as a province plays it: "广东省（转入地）") and, for places that are
# not the page's province, an explanation of which place is meant.
ROLE_NAMES = {
    "moved-to": N_("转入地"),
    "left": N_("原参保地"),
    "insured": N_("参保地"),
    "card-issuer": N_("发卡地"),
    "pension-claim": N_("待遇领取地"),
    "hukou": N_("户籍所在地"),
    "treatment": N_("就医地"),
}
PLACE_LABELS = {
    "moved-to": N_("转入地（你现在工作、参保的省份）"),
    "left": N_("原参保地（你以前参保、已经离开的省份）"),
    "insured": N_("参保地（你的医保关系所在的省份）"),
    "card-issuer": N_("发卡地（发行你这张社保卡的地方）"),
    "pension-claim": N_("待遇领取地（你将领取养老金的地方）"),
    "hukou": N_("户籍所在地"),
    "treatment": N_("就医地（你去看病的省份）"),
    "online": N_("网上办理"),
    "any": N_("任意地点"),
}
# Whom a guide's page for one province is written for, by the role that province plays.
AUDIENCE_BOXES = {
    "moved-to": N_("写给转到%(province)s工作或生活、在这里参保的人：%(province)s是你的转入地（新参保地）。"),
    "left": N_("写给曾在%(province)s参保、现在已经离开的人：%(province)s是你的原参保地。"),
    "insured": N_("写给在%(province)s参保、需要到外省看病的人：%(province)s是你的参保地。"),
    "card-issuer": N_("写给持有%(province)s发行的社会保障卡的人：%(province)s是你的发卡地。"),
    "pension-claim": N_("写给将在%(province)s领取养老金的人：%(province)s是你的养老金待遇领取地。"),
    "hukou": N_("写给户籍在%(province)s的人。"),
    "treatment": N_("写给要在%(province)s看病、医保关系却在外省的人：%(province)s是你的就医地。"),
}
# A journey's part where its province plays `role`.
PART_ROLES = {
    "moved-to": N_("这件事里，%(province)s是你的转入地。"),
    "left": N_("这件事里，%(province)s是你的原参保地。"),
    "insured": N_("这件事里，%(province)s是你的参保地。"),
    "card-issuer": N_("这件事里，%(province)s是你的发卡地。"),
    "pension-claim": N_("这件事里，%(province)s是你的待遇领取地。"),
    "hukou": N_("这件事里，%(province)s是你的户籍所在地。"),
    "treatment": N_("这件事里，%(province)s是你的就医地，备案等手续在你的参保地办理。"),
}
HOLDER_LABELS = {
    "mainland": N_("内地居民"),
    "hong-kong-macao": N_("港澳居民"),
    "taiwan": N_("台湾居民"),
    "foreign": N_("外国人"),
}
AUDIENCE_LABELS = {"hong-kong-macao-taiwan": N_("港澳台居民"), "foreign": N_("外国人")}
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
    "role_name": ROLE_NAMES,
    "holder_label": HOLDER_LABELS,
    "audience_label": AUDIENCE_LABELS,
    "agency_label": AGENCY_LABELS,
    "form_label": FORM_LABELS,
    "kind_label": CHANNEL_KIND_LABELS,
    "status_label": LAW_STATUS_LABELS,
}


@dataclass(frozen=True)
class FreshnessRow:
    province: m.Province
    verification: Verification
    offices: int
    channels: int
    variations: int


def freshness_of(p: m.Province) -> FreshnessRow:
    """How much of what is recorded for a province is checked, and how much is recorded."""
    return FreshnessRow(
        p, verification(f.record for f in province_facts(p)), len(p.offices), len(p.channels), len(p.variations)
    )


def freshness(site: Site) -> list[FreshnessRow]:
    """Per province: how much of what is recorded for it is checked, and how much is recorded."""
    return [freshness_of(p) for p in site.provinces.values()]


def national_verification(site: Site) -> Verification:
    return verification(site.channels.values())


def law_verification(site: Site) -> Verification:
    return verification(site.laws.values())


def by_city(offices: Iterable[m.Office]) -> list[tuple[str, list[m.Office]]]:
    """Offices grouped by city, cities in the order the file first names them."""
    groups: dict[str, list[m.Office]] = {}
    for office in offices:
        groups.setdefault(office.city, []).append(office)
    return list(groups.items())


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
        self,
        translations: gettext.NullTranslations,
        formatter: Formatter,
        emit: Callable[[Any], Markup],
        language: str = SOURCE_LANGUAGE,
    ) -> None:
        self.language = language
        self.t = translations
        self.fmt = formatter
        self.emit = emit  # a value as `{{ value }}` would print it in this environment

    def _(self, message: str) -> Markup:
        # As jinja2.ext.i18n's newstyle gettext with autoescape: the catalog's text is markup.
        return Markup(self.t.gettext(message))

    def _n(self, message: str, n: int) -> Markup:
        """A message with a count, in the plural form `n` takes (`message` is marked where defined)."""
        return Markup(self.t.ngettext(message, message, n)) % {"num": n}

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

    def phone(self, number: str) -> Markup:
        """A phone number, its extension (after 转) in the reader's words."""
        main, _sep, extension = number.partition("转")
        if not extension:
            return self.emit(number)
        return Markup(self._("%(number)s 转 %(extension)s")) % {
            "number": self.emit(main),
            "extension": self.emit(extension),
        }

    def where(self, rs: Any, pg: ProvinceGuide | None = None) -> Markup:
        """Where a step is done: the page's province by name when the step is done in the role that
        province plays on the page, else the place's role explained; and whether you act there."""
        place = rs.step.place
        if pg is not None and place == pg.role:
            text = Markup(self._("%(province)s（%(role)s）")) % {
                "province": self.emit(pg.province.name),
                "role": self._(ROLE_NAMES[place]),
            }
        else:
            text = self._(PLACE_LABELS[place])
        if rs.step.by == "agencies":
            text += self._(" · 经办机构之间办理，你不用出面")
        return text

    def audience_box(self, pg: ProvinceGuide) -> Markup:
        """Whom the page is for: the role its province plays, by name."""
        return Markup(self._(AUDIENCE_BOXES[pg.role])) % {"province": self.emit(pg.province.name)}

    def part_role(self, pg: ProvinceGuide) -> Markup:
        return Markup(self._(PART_ROLES[pg.role])) % {"province": self.emit(pg.province.name)}

    def elsewhere(self, pg: ProvinceGuide) -> list[Markup]:
        """For each other place where a step is done: whether the offices deal with it between them
        (you need not go), you act there only in some cases, or you must apply there yourself."""
        out = []
        for role in pg.others:
            name = self._(ROLE_NAMES[role])
            yours = [rs for rs in pg.steps_at(role) if rs.step.by == "you"]
            if not yours:
                message = Markup(self._("标为“%(role)s”的步骤由经办机构之间办理，你不必去那里。")) % {"role": name}
                if role == "left":
                    message = Markup(self._("标为“%(role)s”的步骤由两地经办机构之间办理，你不必回去。")) % {
                        "role": name
                    }
            elif all(rs.step.optional for rs in yours):
                titles = self._("、").join(
                    Markup(self._("“%(title)s”")) % {"title": self.emit(rs.step.title)} for rs in yours
                )
                message = Markup(
                    self._(
                        "标为“%(role)s”的其他步骤由经办机构之间办理；%(steps)s只在需要时才由你向那里申请，可先看能否网上或邮寄办理。"
                    )
                ) % {"role": name, "steps": titles}
            elif role == "treatment":
                message = Markup(
                    self._("标为“%(role)s”的步骤在你看病的省份办：到那里的跨省联网定点医疗机构看病、结算。")
                ) % {"role": name}
            else:
                message = Markup(
                    self._("标为“%(role)s”的步骤要由你向那里提出：先看能否网上或邮寄办理，不能的才需要前往。")
                ) % {"role": name}
            out.append(message)
        return out

    def verified(self, v: Verification) -> Markup:
        """How much of what the page shows a person has checked against its sources."""
        parts = []
        if v.checked:
            parts.append(
                Markup(
                    self.t.ngettext(
                        "%(num)s 项已由编辑对照官方来源核实", "%(num)s 项已由编辑对照官方来源核实", v.checked
                    )
                )
                % {"num": v.checked}
            )
            if v.oldest_check is not None:
                parts.append(Markup(self._("最早一项核实于 %(date)s")) % {"date": self.fmt.date(v.oldest_check)})
        if v.entered:
            parts.append(
                Markup(
                    self.t.ngettext(
                        "%(num)s 项待核实（据二手来源录入，尚未对照官方来源核对）",
                        "%(num)s 项待核实（据二手来源录入，尚未对照官方来源核对）",
                        v.entered,
                    )
                )
                % {"num": v.entered}
            )
        return self._("；").join(parts)

    def verified_short(self, v: Verification) -> Markup:
        """For a table cell: the oldest check when all is checked, else how much awaits a check."""
        if v.entered:
            return Markup(self.t.ngettext("%(num)s 项待核实", "%(num)s 项待核实", v.entered)) % {"num": v.entered}
        assert v.oldest_check is not None
        return Markup(self.fmt.date(v.oldest_check))

    def status(self, record: Any) -> Markup:
        """A fact's own status, where it is shown alone: the day it was checked, or "awaiting a check"."""
        if record.checked is not None:
            return Markup(self._("%(date)s 核实")) % {"date": self.fmt.date(record.checked)}
        return self._("待核实")

    def for_readers(self, alternatives: list[m.Material]) -> list[m.Material]:
        """Alternatives (e.g. identity documents) with those held by this language's readers first."""
        readers = next((lang.readers for lang in LANGUAGES if lang.code == self.language), ())
        return sorted(alternatives, key=lambda a: not set(a.holders) & set(readers))

    def install(self, env: jinja2.Environment) -> None:
        for name, table in LABELS.items():
            env.filters[name] = (lambda t: lambda value: self.label(t, value))(table)
        env.filters.update(
            form_count=self.form_count,
            time_limit=self.time_limit,
            fee=self.fee,
            date=self.fmt.date,
            money=self.fmt.money,
            verified=self.verified,
            verified_short=self.verified_short,
            status=self.status,
            for_readers=self.for_readers,
            phone=self.phone,
        )
        env.globals.update(
            where=self.where, audience_box=self.audience_box, part_role=self.part_role, elsewhere=self.elsewhere
        )
        env.globals.update(
            numbered=numbered,
            by_city=by_city,
            freshness=freshness,
            freshness_of=freshness_of,
            national_verification=national_verification,
            law_verification=law_verification,
        )


def emitter(env: jinja2.Environment) -> Callable[[Any], Markup]:
    """What `{{ value }}` prints in `env`: its finalize, then autoescape."""
    finalize = env.finalize or (lambda v: v)
    return lambda value: escape(finalize(value))
