"""`guidesite stale`: facts whose last check is too old, grouped by province; and the
freshness page that shows each province's oldest check."""

from datetime import date

import pytest
from helpers import edit, site_of

from generator.cli import main
from generator.core.sources import read_sources
from generator.editor.freshness import records, stale
from generator.outputs.pages import render_pages

GD = "data/provinces/guangdong.yaml"


def test_every_dated_record_is_found_with_its_position(project):
    src, diags = read_sources(project)
    assert diags == []
    found = {(r.province, r.kind, r.last_verified, r.where) for r in records(src)}
    assert found == {
        ("", "全国渠道", date(2026, 1, 1), "content/channels.yaml:8:20"),
        ("hunan", "省份", date(2026, 3, 1), "data/provinces/hunan.yaml:14:16"),
        ("guangdong", "省份", date(2026, 2, 1), f"{GD}:14:16"),
        ("guangdong", "渠道", date(2026, 2, 1), f"{GD}:20:20"),
        ("guangdong", "窗口", date(2026, 1, 15), f"{GD}:29:20"),
        ("guangdong", "本地差异", date(2026, 1, 10), f"{GD}:59:20"),
    }


@pytest.mark.parametrize(
    "days, expected",
    [
        (0, 5),  # everything checked before today (Hunan was checked today)
        (27, 5),  # cutoff 2026-02-02: the 2026-02-01 records are stale
        (28, 3),  # cutoff 2026-02-01: a record checked on the cutoff day is not
        (58, 1),  # cutoff 2026-01-02: only the national channel (2026-01-01)
        (59, 0),
    ],
)
def test_stale_means_older_than_the_cutoff(project, days, expected):
    src, _diags = read_sources(project)
    assert len(stale(records(src), date(2026, 3, 1), days)) == expected


def test_stale_command_groups_by_province_oldest_first(project, capsys):
    code = main(["--root", str(project.root), "stale", "--days", "30", "--today", "2026-03-01"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0  # a report, not a failure
    assert out[0] == "3 条记录超过 30 天未核实（截至 2026-03-01，即早于 2026-01-30）："
    assert out[2:] == [
        "全国（content/）：1 条",
        "  content/channels.yaml:8:20  全国渠道：全国平台 (national-site)，最后核实 2026-01-01（59 天前）",
        "",
        "广东省 (guangdong)：2 条",
        f"  {GD}:59:20  本地差异：指南 alpha，最后核实 2026-01-10（50 天前）",
        f"  {GD}:29:20  窗口：<script>alert(1)</script> **服务大厅** [x](javascript:y) (gd-hall)，最后核实 2026-01-15（45 天前）",
    ]


def test_stale_command_with_nothing_stale_and_with_a_bad_date(project, capsys):
    assert main(["--root", str(project.root), "stale", "--days", "365", "--today", "2026-03-01"]) == 0
    assert capsys.readouterr().out == "没有超过 365 天未核实的记录（截至 2026-03-01）。\n"
    with pytest.raises(SystemExit) as info:
        main(["--root", str(project.root), "stale", "--today", "2026-02-30"])
    assert info.value.code == 2
    assert "日期应写成 YYYY-MM-DD" in capsys.readouterr().err


def test_stale_command_on_invalid_data_reports_the_errors(project, capsys):
    edit(project, GD, "offices:", "ofices:")
    assert main(["--root", str(project.root), "stale"]) == 1
    assert f"{GD}:21:1: error: 未知字段 'ofices'" in capsys.readouterr().err


def test_freshness_page_shows_each_provinces_oldest_check_and_counts(project):
    page = render_pages(site_of(project))["freshness.md"]
    assert "| [广东省](provinces/guangdong.md) | 2026年1月10日 | 1 | 1 | 1 |" in page
    assert "| [湖南省](provinces/hunan.md) | 2026年3月1日 | 0 | 0 | 0 |" in page
    assert "全国线上渠道 1 个，最早核实于 2026年1月1日。" in page
