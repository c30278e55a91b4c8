"""The dated facts of the data: every record that carries its sources and the date it was checked
(a province's own entry, its offices, local channels and variations; the national channels).
One enumeration, used by the pages (the oldest check a page shows), the freshness page and
`guidesite stale`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from . import model as m
from .diagnostics import Loc

FactKind = Literal["province", "office", "channel", "variation", "national-channel"]


@dataclass(frozen=True)
class Fact:
    kind: FactKind
    loc: Loc  # where it is in its file
    record: m.Sourced


def province_facts(province: m.Province) -> list[Fact]:
    """The province's own record, then its offices, local channels and variations, in file order."""
    facts = [Fact("province", (), province)]
    facts += [Fact("office", ("offices", i), o) for i, o in enumerate(province.offices)]
    facts += [Fact("channel", ("channels", i), c) for i, c in enumerate(province.channels)]
    facts += [Fact("variation", ("variations", i), v) for i, v in enumerate(province.variations)]
    return facts


def oldest_check(records: Iterable[m.Sourced]) -> date:
    """The date of the oldest check among `records`: how fresh a page that shows them all is."""
    return min(r.last_verified for r in records)
