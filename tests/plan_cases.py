"""The table of readers' cases (tests/plan_cases.yaml), read once for the Python selection's tests
(tests/core/test_plan_cases.py) and the browser's (tests/browser/test_plan.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

from generator.core.plan import Choices, Plan

TABLE = Path(__file__).with_suffix(".yaml")


@dataclass(frozen=True)
class Case:
    name: str
    reader: str
    choices: Choices
    expect: dict[str, Any]


def _choices(raw: dict[str, Any]) -> Choices:
    paid = raw["paid"]
    years: dict[str, float] = {}
    for entry in paid:
        if "years" in entry:
            years[entry["province"]] = years.get(entry["province"], 0) + entry["years"]
    return Choices(
        now=paid[-1]["province"],
        previous=tuple(e["province"] for e in paid[:-1]),
        years=years,
        since=tuple(e.get("since") for e in paid),
        born=raw.get("born"),
        hukou=raw.get("hukou"),
        situation=raw.get("situation"),
        identity=raw.get("identity", "mainland"),
        sex=raw.get("sex"),
        needs=tuple(raw.get("needs", ())),
    )


CASES = [Case(c["name"], c["reader"], _choices(c["choices"]), c["expect"]) for c in yaml.safe_load(TABLE.read_text())]


def query(c: Choices) -> str:
    """The plan page's address for these choices (the form's field names)."""
    params: list[tuple[str, str]] = []
    since = [*c.since, *[None] * (len(c.previous) + 1)]
    for i, slug in enumerate(c.previous, 1):
        params.append((f"from{i}", slug))
        if slug in c.years:
            params.append((f"years{i}", str(c.years[slug])))
        if since[i - 1] is not None:
            params.append((f"since{i}", str(since[i - 1])))
    params.append(("to", c.now))
    if c.now in c.years:
        params.append(("years", str(c.years[c.now])))
    if since[len(c.previous)] is not None:
        params.append(("since", str(since[len(c.previous)])))
    for key in ("hukou", "situation", "identity", "sex", "born"):
        value = getattr(c, key)
        if value is not None:
            params.append((key, str(value)))
    params += [("need", n) for n in c.needs]
    return "?" + urlencode(params)


def answers(plan: Plan) -> dict[str, Any]:
    """What a plan tells, in the table's terms (the browser's are read from the page alike)."""
    temporary = plan.temporary_account
    return {
        "temporary_account": "unknown" if temporary is None else temporary,
        "claim": (
            "cannot-decide"
            if plan.claim.province is None
            else {"province": plan.claim.province, "rule": plan.claim.rule}
        ),
        "undecided": list(plan.undecided),
        "steps": {
            f"{p.guide.id}/{s.step.step.id}": "?" if s.provinces is None else list(s.provinces)
            for p in plan.parts
            for s in p.steps
        },
        "advice": [a.id for a in plan.advice],
    }


def mismatches(case: Case, got: dict[str, Any]) -> list[str]:
    """Where the answers differ from what the table expects (empty: all as expected)."""
    want = case.expect
    out = []
    for key in ("temporary_account", "claim", "undecided"):
        if got[key] != want[key]:
            out.append(f"{key}: expected {want[key]!r}, got {got[key]!r}")
    for step, provinces in want.get("steps", {}).items():
        if step not in got["steps"]:
            out.append(f"step {step}: expected in {provinces!r}, not in the plan")
        elif got["steps"][step] != provinces:
            out.append(f"step {step}: expected in {provinces!r}, got {got['steps'][step]!r}")
    out += [f"step {s}: expected skipped, is in the plan" for s in want.get("skipped", []) if s in got["steps"]]
    out += [f"advice {a}: expected, not shown" for a in want.get("advice", []) if a not in got["advice"]]
    out += [f"advice {a}: shown, not expected" for a in want.get("no_advice", []) if a in got["advice"]]
    return out
