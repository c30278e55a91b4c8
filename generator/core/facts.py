"""The facts of the data that carry their own status: every record with sources and either the
day a person checked it or the day it was entered awaiting a check (a province's own entry, its
offices, local channels and variations; the national channels). One enumeration, used by the
pages (what a page shows and how much of it is checked), the freshness page and `guidesite stale`."""

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


@dataclass(frozen=True)
class Verification:
    """How much of what a page shows a person has checked against its sources."""

    checked: int
    entered: int  # entered from a secondary or remembered source, awaiting a check
    oldest_check: date | None  # the oldest check among the checked ones

    @property
    def all_checked(self) -> bool:
        return self.entered == 0


def verification(records: Iterable[m.Sourced | m.Law]) -> Verification:
    records = list({id(r): r for r in records}.values())  # a record shown twice counts once
    checks = [r.checked for r in records if r.checked is not None]
    return Verification(len(checks), len(records) - len(checks), min(checks, default=None))
