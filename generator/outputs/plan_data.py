"""The plan page's data: what the reader's browser composes their plan from (plan.js), written as
scripts beside the page (plan/data/common.js and plan/data/<province>.js): a script, not JSON,
because browsers refuse fetch() from file://, and the plan must work from the offline bundle.

Everything in them comes from the resolved site, in the page's language: the rules of plan.yaml;
each plan guide's national steps and materials (common.js); and, per province, the same guides as
resolved there in their own role (local steps, materials, offices, channels, how much is checked),
the province's name in each place role and how to find its offices. A province's step or
material that equals the national one is named by its id only, so that a province pair stays
small. Text is HTML rendered by templates/plan/_pieces.html.j2 (templates.html_environment):
escaped, and marked where it stands in for a missing translation."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..config import LOCALES_DIR, SOURCE_LANGUAGE, TEMPLATES_DIR
from ..core import model as m
from ..core.resolve import ProvinceGuide, ResolvedMaterial, ResolvedStep, Site, _cite
from ..i18n.messages import N_, load_translations
from .documents import Doc, plan_data_documents
from .presentation import HOLDER_LABELS, PLACE_LABELS
from .templates import html_environment, mark_untranslated

# The plan script's own words (the rest of its text comes in the pieces).
STRINGS = {
    "title": N_("你的办事清单"),
    "from_to": N_("从%(from)s到%(to)s"),
    "arrow": N_(" → "),
    "print": N_("打印清单"),
    "first": N_("先做这些"),
    "avoid": N_("不要这样做"),
    "note": N_("注意"),
    "steps": N_("办理步骤"),
    "materials": N_("需要准备的材料"),
    "no_materials": N_("不需要另外准备材料。"),
    "audience": N_("港澳台居民和外国人"),
    "step": N_("第 %(n)s 步："),
    "where": N_("在哪里办："),
    "agencies": N_(" · 经办机构之间办理，你不用出面"),
    "optional": N_("只在需要时才办"),
    "any_of": N_("任选其一："),
    "sep": N_("、"),
    "colon": N_("："),
    "contact": N_("窗口和网上渠道"),
    "contact_other": N_("在别的省份办的步骤，可以这样联系那里："),
    "guide": N_("查看完整指南："),
    "verified": N_("信息核实情况"),
    "claim_1": N_("你的养老保险关系在户籍所在地%(province)s：在%(province)s领取养老金。"),
    "claim_2": N_("你在养老保险关系所在地%(province)s累计缴费满%(years)s年：在%(province)s领取养老金。"),
    "claim_3": N_(
        "你在养老保险关系所在地累计缴费不满%(years)s年：转回上一个累计缴费满%(years)s年的%(province)s领取养老金。"
    ),
    "claim_4": N_("你在每个参保地累计缴费都不满%(years)s年：归集到户籍所在地%(province)s领取养老金。"),
    "claim_unknown": N_(
        "本清单不能确定你在哪里领取养老金：%(why)s。请向社保经办机构咨询，或拨打12333；"
        "判断规则见下面“按规则确定待遇领取地”一步。"
    ),
    # Why not (core/plan.py's `undecided`), named in the note above.
    "why_hukou": N_("你没有填写户籍所在省份"),
    "why_no-hukou": N_("你没有内地户籍，而相关规定以户籍所在地为准"),
    "why_age": N_("缺少性别、出生年份或在各省开始交费的年份，或者开始交费那年正好是满龄那一年"),
    "why_moves": N_("你满规定年龄以后不止一次跨省参保，养老保险关系怎样归集要由经办机构确定"),
    "why_years": N_("缺少在各省累计缴费的年数"),
    "claim_final": N_("最终以社保经办机构审核为准。"),
    "basis_open": N_("（依据："),
    "close": N_("）"),
    "need_province": N_("请选择你现在工作、生活的省份。"),
    "need_need": N_("请至少选择一件要办的事。"),
    "updated": N_("清单已列出：共 %(n)s 步。"),
    "failed": N_("清单的数据没有加载成功。请刷新页面再试，或改看各省份的办事指南。"),
    "pending_title": N_("译文待更新"),
    "pending": N_("本页有些内容还没有译文，或原文已经修改、译文尚待更新。这些内容暂以中文原文显示。"),
}


def _js(call: str, *args: Any) -> str:
    """`guidesitePlanData(...)` with JSON arguments: a script that hands plan.js its data."""
    text = json.dumps(args, ensure_ascii=False, separators=(",", ":"))[1:-1]
    # U+2028/9 end a line in older JavaScript; "</" never closes anything in a script file, but
    # escaping it costs nothing and keeps the text safe to inline.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
    return f"guidesitePlanData({json.dumps(call)},{text});\n"


def _when(when: m.PlanWhen | None) -> dict[str, Any] | None:
    return when.model_dump(exclude_defaults=True) if when is not None else None


def plan_guides(plan: m.PlanFile) -> list[str]:
    """The guides a plan can include, in the order of plan.yaml."""
    return list(dict.fromkeys(part.guide for need in plan.needs for part in need.parts))


class _Pieces:
    """The macros of templates/plan/_pieces.html.j2, rendered as strings of HTML."""

    def __init__(self, site: Site, language: str, templates_dir: Path, locales_dir: Path) -> None:
        env = html_environment(language, templates_dir, locales_dir)
        self.macros = env.get_template("plan/_pieces.html.j2").make_module({"doc": Doc.plan(), "site": site})
        self.ui = load_translations(language, "messages", locales_dir)

    def __call__(self, macro: str, *args: Any) -> str:
        return str(getattr(self.macros, macro)(*args)).strip()

    def string(self, message: str) -> str:
        """A message of the catalog as HTML (marked when it stands in for a missing translation)."""
        text = self.ui.gettext(message)
        return str(mark_untranslated(text, str(escape(text))))

    def step(self, rs: ResolvedStep) -> dict[str, Any]:
        s = rs.step
        return {
            "id": s.id,
            "place": s.place,
            "by": s.by,
            "optional": s.optional,
            "title": self("step_title", rs),
            "body": self("step_body", rs),
        }

    def material(self, rm: ResolvedMaterial) -> dict[str, Any]:
        return {"id": rm.material.id, "required": rm.required, "html": self("material", rm)}


def _refs(entries: list[dict[str, Any]], national: list[dict[str, Any]]) -> list[Any]:
    """Entries equal to the national one of the same id become that id."""
    same = {e["id"]: e for e in national}
    return [e["id"] if same.get(e["id"]) == e else e for e in entries]


def common_data(site: Site, pieces: _Pieces) -> dict[str, Any]:
    plan = site.plan
    assert plan is not None
    guides: dict[str, dict[str, Any]] = {}
    for gid in plan_guides(plan):
        guide = site.guides[gid]
        guides[gid] = {
            "title": pieces("text", guide.title),
            "role": guide.province_role,
            "href": pieces("text", Doc.plan().href_to(Doc.guide(gid))),
            "steps": [pieces.step(rs) for rs in site.national_steps(guide)],
            "materials": [pieces.material(rm) for rm in site.national_materials(guide)],
            "notes": {n.audience: pieces("note", n) for n in site.notes(guide)},
        }
    used = {rm["id"] for g in guides.values() for rm in g["materials"]}
    used |= {u.material for p in site.provinces.values() for v in p.variations for u in v.materials}
    # The national registry and each province's own materials (their ids start with its slug).
    known = {**site.materials, **{mat.id: mat for p in site.provinces.values() for mat in p.materials}}
    # A group (identity documents): its alternatives, which the script lists for the reader's identity.
    alternatives = {
        mid: [{"holders": list(known[a].holders), "html": pieces("alternative", known[a])} for a in known[mid].one_of]
        for mid in sorted(used)
        if known[mid].one_of
    }
    return {
        "strings": {key: pieces.string(message) for key, message in STRINGS.items()},
        "places": {place: pieces.string(label) for place, label in PLACE_LABELS.items()},
        "holders": {holder: pieces.string(label) for holder, label in HOLDER_LABELS.items()},
        "situations": {s.id: pieces("text", s.title) for s in plan.situations},
        "needs": [
            {
                "id": need.id,
                "parts": [{"guide": p.guide, "roles": p.roles, "when": _when(p.when)} for p in need.parts],
            }
            for need in plan.needs
        ],
        "rules": [
            {"guide": r.guide, "steps": r.steps, "materials": r.materials, "when": _when(r.when), "then": r.then}
            for r in plan.rules
        ],
        "advice": [
            {
                "id": a.id,
                "kind": a.kind,
                "when": _when(a.when),
                "html": pieces("advice", a, _cite(site.laws, a.legal_basis), site.guides.get(a.guide or "")),
            }
            for a in plan.advice
        ],
        "temporary_account": {"men": plan.temporary_account.men, "women": plan.temporary_account.women},
        "pension_claim": {
            "years": plan.pension_claim.years,
            "basis": pieces("cites", _cite(site.laws, plan.pension_claim.legal_basis)),
        },
        "guides": guides,
        "alternatives": alternatives,
    }


def province_data(site: Site, slug: str, pieces: _Pieces, national: dict[str, Any]) -> dict[str, Any]:
    plan = site.plan
    assert plan is not None
    province = site.provinces[slug]
    guides = {}
    for gid in plan_guides(plan):
        pg: ProvinceGuide = site.province_guides[(gid, slug)]
        guides[gid] = {
            "href": pieces("text", Doc.plan().href_to(Doc.guide_in(gid, slug))),
            "steps": _refs([pieces.step(rs) for rs in pg.steps], national[gid]["steps"]),
            "materials": _refs([pieces.material(rm) for rm in pg.materials], national[gid]["materials"]),
            "contact": pieces("contact", pg),
            "verified": pieces("verified", pg),
            "entered": pg.verification.entered,
            "note": pieces("variation_note", pg),
        }
    return {
        "name": pieces("text", province.name),
        "roles": {role: pieces("as_role", province, role) for role in m.PROVINCE_ROLES},
        "find": {agency: pieces("find", province, agency) for agency in ("hrss", "healthcare")},
        "guides": guides,
    }


def render_plan_data(
    site: Site,
    language: str = SOURCE_LANGUAGE,
    templates_dir: Path = TEMPLATES_DIR,
    locales_dir: Path = LOCALES_DIR,
    *,
    provinces: Iterable[str] | None = None,
) -> dict[str, str]:
    """docs-relative path -> script, for the common part and every province (or those named)."""
    if site.plan is None:
        return {}
    pieces = _Pieces(site, language, templates_dir, locales_dir)
    common = common_data(site, pieces)
    wanted = set(site.provinces if provinces is None else provinces)
    out = {}
    for doc in plan_data_documents(site):
        if doc.province is None:
            out[doc.path] = _js("common", None, common)
        elif doc.province in wanted:
            out[doc.path] = _js("province", doc.province, province_data(site, doc.province, pieces, common["guides"]))
    return out
