"""How honest and how fresh the facts are: every record carrying sources and a status, those
awaiting a first check (entered from a secondary or remembered source), and those whose last
check is more than a given number of days old (`guidesite stale`), grouped by province."""

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
    checked: date | None  # the day a person checked it; None: awaiting a check
    entered: date | None
    where: str  # path:line:col of its `checked` (or `entered`) date


def _where(doc: Document, loc: Loc, record: m.Sourced) -> str:
    mark = doc.mark(loc + ("checked" if record.checked is not None else "entered",))
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
    r = fact.record
    return Record(province, _(KIND_LABELS[fact.kind]), _label(r), r.checked, r.entered, _where(doc, fact.loc, r))


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


def unconfirmed(all_records: list[Record]) -> list[Record]:
    """Records nobody has checked yet: entered from a secondary or remembered source."""
    return [r for r in all_records if r.checked is None]


def stale(all_records: list[Record], today: date, days: int) -> list[Record]:
    """Checked records whose last check was more than `days` days before `today`."""
    cutoff = today - timedelta(days=days)
    return [r for r in all_records if r.checked is not None and r.checked < cutoff]


def _groups(found: list[Record], names: dict[str, str], line: str, today: date) -> list[str]:
    groups: dict[str, list[Record]] = {}
    for r in found:
        groups.setdefault(r.province, []).append(r)
    lines = []
    for slug, group in groups.items():
        title = _("全国（content/）") if slug == NATIONAL else f"{names.get(slug, slug)} ({slug})"
        lines += ["", _("{title}：{n} 条").format(title=title, n=len(group))]
        for r in sorted(group, key=lambda r: (r.checked or r.entered or today, r.where)):
            day = r.checked or r.entered
            age = (today - day).days if day else 0
            lines.append(
                "  "
                + _(line).format(
                    where=r.where, kind=r.kind, label=r.label, date=day.isoformat() if day else "?", age=age
                )
            )
    return lines


def report(all_records: list[Record], names: dict[str, str], today: date, days: int) -> str:
    """Plain text: first the facts awaiting a first check, then the checks older than `days`
    days, one heading per province, oldest first within it."""
    waiting, old = unconfirmed(all_records), stale(all_records, today, days)
    cutoff = (today - timedelta(days=days)).isoformat()
    lines = []
    if waiting:
        lines.append(_("{n} 条信息待核实（据二手来源或记忆录入，还没有人对照官方来源核对）：").format(n=len(waiting)))
        lines += _groups(waiting, names, N_("{where}  {kind}：{label}，{date} 录入，待核实"), today)
        lines.append("")
    if old:
        lines.append(
            _("{n} 条已核实的信息超过 {days} 天未重新核实（截至 {today}，即早于 {cutoff}）：").format(
                n=len(old), days=days, today=today.isoformat(), cutoff=cutoff
            )
        )
        lines += _groups(old, names, N_("{where}  {kind}：{label}，最后核实 {date}（{age} 天前）"), today)
    else:
        lines.append(
            _("没有超过 {days} 天未重新核实的已核实信息（截至 {today}）。").format(days=days, today=today.isoformat())
        )
    return "\n".join(lines) + "\n"
