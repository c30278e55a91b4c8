"""How old the checked facts are: every record carrying `last_verified`, and those older
than a given number of days (`guidesite stale`), grouped by province."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..core import model as m
from ..core.diagnostics import Loc
from ..core.facts import Fact, province_facts
from ..core.load import Document
from ..core.sources import Sources
from ..i18n.messages import N_, _

NATIONAL = ""  # the group of records in content/ (national channels)


@dataclass(frozen=True)
class Record:
    province: str  # slug, or NATIONAL
    kind: str  # shown to the editor: 省份 / 窗口 / 渠道 / 本地差异 / 全国渠道
    label: str
    last_verified: date
    where: str  # path:line:col of its last_verified


def _where(doc: Document, loc: Loc) -> str:
    mark = doc.mark(loc + ("last_verified",))
    return f"{doc.path}:{mark.line}:{mark.col}"


KIND_LABELS = {
    "province": N_("省份"),
    "office": N_("窗口"),
    "channel": N_("渠道"),
    "variation": N_("本地差异"),
    "national-channel": N_("全国渠道"),
}


def _label(record: m.Sourced) -> str:
    if isinstance(record, m.Variation):
        return _("指南 {guide}").format(guide=record.guide)
    if isinstance(record, (m.Office, m.Channel)):
        return f"{record.name} ({record.id})"
    assert isinstance(record, (m.Province, m.LocalChannel))
    return record.name


def _record(province: str, fact: Fact, doc: Document) -> Record:
    return Record(
        province, _(KIND_LABELS[fact.kind]), _label(fact.record), fact.record.last_verified, _where(doc, fact.loc)
    )


def records(src: Sources) -> list[Record]:
    """Every dated record: national channels first, then each province in GB/T 2260 order."""
    out: list[Record] = []
    doc = src.docs.get(("channels", ""))
    if doc is not None:
        out += [
            _record(NATIONAL, Fact("national-channel", src.channel_locs[c.id], c), doc) for c in src.channels.values()
        ]
    for p in sorted(src.provinces.values(), key=lambda p: p.code):
        out += [_record(p.slug, f, src.docs[("provinces", p.slug)]) for f in province_facts(p)]
    return out


def stale(all_records: list[Record], today: date, days: int) -> list[Record]:
    """Records last verified more than `days` days before `today`."""
    cutoff = today - timedelta(days=days)
    return [r for r in all_records if r.last_verified < cutoff]


def report(found: list[Record], names: dict[str, str], today: date, days: int) -> str:
    """Plain text, one heading per province, oldest first within it."""
    if not found:
        return _("没有超过 {days} 天未核实的记录（截至 {today}）。").format(days=days, today=today.isoformat()) + "\n"
    lines = [
        _("{n} 条记录超过 {days} 天未核实（截至 {today}，即早于 {cutoff}）：").format(
            n=len(found), days=days, today=today.isoformat(), cutoff=(today - timedelta(days=days)).isoformat()
        )
    ]
    groups: dict[str, list[Record]] = {}
    for r in found:
        groups.setdefault(r.province, []).append(r)
    for slug, group in groups.items():
        title = _("全国（content/）") if slug == NATIONAL else f"{names.get(slug, slug)} ({slug})"
        lines += ["", _("{title}：{n} 条").format(title=title, n=len(group))]
        for r in sorted(group, key=lambda r: r.last_verified):
            age = (today - r.last_verified).days
            lines.append(
                "  "
                + _("{where}  {kind}：{label}，最后核实 {date}（{age} 天前）").format(
                    where=r.where, kind=r.kind, label=r.label, date=r.last_verified.isoformat(), age=age
                )
            )
    return "\n".join(lines) + "\n"
