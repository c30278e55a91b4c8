"""`guidesite stale`: facts awaiting a first check, then those whose last check is too old,
grouped by province; and the freshness page that counts both per province."""

from datetime import date

import pytest
from helpers import edit, site_of

from generator.cli import main
from generator.core.sources import read_sources
from generator.editor.freshness import records, stale, unconfirmed
from generator.outputs.pages import render_pages

GD = "data/provinces/guangdong.yaml"


def test_every_fact_is_found_with_its_status_and_position(project):
    src, diags = read_sources(project)
    assert diags == []
    found = {(r.province, r.kind, r.checked, r.entered, r.where) for r in records(src)}
    assert found == {
        ("", "全国渠道", date(2026, 1, 1), None, "content/channels.yaml:8:14"),
        ("hunan", "省份", date(2026, 3, 1), None, "data/provinces/hunan.yaml:14:10"),
        ("guangdong", "省份", date(2026, 2, 1), None, f"{GD}:14:10"),
        ("guangdong", "渠道", None, date(2026, 2, 1), f"{GD}:21:14"),
        ("guangdong", "窗口", date(2026, 1, 15), None, f"{GD}:31:14"),
        ("guangdong", "窗口", None, date(2026, 1, 20), f"{GD}:37:14"),
        ("guangdong", "本地差异", date(2026, 1, 10), None, f"{GD}:67:14"),
        ("guangdong", "本地差异", None, date(2026, 1, 12), f"{GD}:81:14"),
    }
    assert [r.label for r in unconfirmed(records(src))] == [
        "深圳服务中心 (guangdong-shenzhen-centre)",
        "本省App",
        "指南 beta",
    ]


@pytest.mark.parametrize(
    "days, expected",
    [
        (0, 4),  # every checked record was checked before today (Hunan was checked today; the channel never)
        (27, 4),  # cutoff 2026-02-02: the 2026-02-01 record is stale
        (28, 3),  # cutoff 2026-02-01: a record checked on the cutoff day is not
        (58, 1),  # cutoff 2026-01-02: only the national channel (2026-01-01)
        (59, 0),
    ],
)
def test_stale_means_checked_before_the_cutoff(project, days, expected):
    src, _diags = read_sources(project)
    assert len(stale(records(src), date(2026, 3, 1), days)) == expected


def test_stale_command_lists_unconfirmed_facts_first_then_old_checks(project, capsys):
    code = main(["--root", str(project.root), "stale", "--days", "30", "--today", "2026-03-01"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0  # a report, not a failure
    assert out == [
        "3 条信息待核实（据二手来源或记忆录入，还没有人对照官方来源核对）：",
        "",
        "广东省 (guangdong)：3 条",
        f"  {GD}:81:14  本地差异：指南 beta，2026-01-12 录入，待核实",
        f"  {GD}:37:14  窗口：深圳服务中心 (guangdong-shenzhen-centre)，2026-01-20 录入，待核实",
        f"  {GD}:21:14  渠道：本省App，2026-02-01 录入，待核实",
        "",
        "3 条已核实的信息超过 30 天未重新核实（截至 2026-03-01，即早于 2026-01-30）：",
        "",
        "全国（content/）：1 条",
        "  content/channels.yaml:8:14  全国渠道：全国平台 (national-site)，最后核实 2026-01-01（59 天前）",
        "",
        "广东省 (guangdong)：2 条",
        f"  {GD}:67:14  本地差异：指南 alpha，最后核实 2026-01-10（50 天前）",
        f"  {GD}:31:14  窗口：<script>alert(1)</script> **服务大厅** [x](javascript:y) (guangdong-guangzhou-hall)，"
        "最后核实 2026-01-15（45 天前）",
    ]


def test_stale_command_for_one_province(project, capsys):
    assert (
        main(["--root", str(project.root), "stale", "--days", "30", "--today", "2026-03-01", "--province", "guangdong"])
        == 0
    )
    out = capsys.readouterr().out
    assert "湖南" not in out and "全国（content/）" not in out
    assert out.startswith("3 条信息待核实") and "2 条已核实的信息超过 30 天未重新核实" in out and f"{GD}:67:14" in out


def test_stale_command_for_a_province_that_does_not_exist(project, capsys):
    code = main(["--root", str(project.root), "stale", "--province", "guangdon"])
    assert code == 2
    assert capsys.readouterr().err == "没有省份 'guangdon'，是否为 'guangdong'？可选：guangdong、hunan\n"


def test_stale_command_with_nothing_stale_and_with_a_bad_date(project, capsys):
    assert main(["--root", str(project.root), "stale", "--days", "365", "--today", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("没有超过 365 天未重新核实的已核实信息（截至 2026-03-01）。\n")
    assert out.startswith("3 条信息待核实")  # an unconfirmed fact is listed however recent
    with pytest.raises(SystemExit) as info:
        main(["--root", str(project.root), "stale", "--today", "2026-02-30"])
    assert info.value.code == 2
    assert "日期应写成 YYYY-MM-DD" in capsys.readouterr().err


def test_stale_command_on_invalid_data_reports_the_errors(project, capsys):
    edit(project, GD, "offices:", "ofices:")
    assert main(["--root", str(project.root), "stale"]) == 1
    assert f"{GD}:22:1: error: 未知字段 'ofices'" in capsys.readouterr().err


def test_freshness_page_counts_checked_and_unconfirmed_facts_per_province(project):
    page = render_pages(site_of(project))["freshness.md"]
    assert "| [广东省](provinces/guangdong.md) | 3 | 3 | 2026年1月10日 | 2 | 1 | 2 |" in page
    assert "| [湖南省](provinces/hunan.md) | 1 | 0 | 2026年3月1日 | 0 | 0 | 0 |" in page
    assert "全国线上渠道 1 个：1 项已由编辑对照官方来源核实；最早一项核实于 2026年1月1日。" in page
    assert "法规条文：1 项待核实" in page
