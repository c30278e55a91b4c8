"""The build's progress (generator/progress.py): a live display in a terminal, lines in a log."""

from __future__ import annotations

import io
import logging

import pytest
from rich.console import Console

from generator.progress import Progress


def test_a_log_gets_a_line_per_stage_and_counts_while_it_runs(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="generator")
    with Progress(live=False, interval=0) as progress:
        stage = progress.stage("PDF：排版", 3)
        stage.advance()
        stage.advance()
        stage.advance()
        stage.finish("另有 5 个未改动，取自缓存")
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "PDF：排版：开始，共 3 项"
    assert any(line.startswith("PDF：排版：已完成 1/3，约剩") for line in lines)
    assert any(line.startswith("PDF：排版：已完成 2/3，约剩") for line in lines)
    assert lines[-1].startswith("PDF：排版：完成 3 项，用时") and lines[-1].endswith("（另有 5 个未改动，取自缓存）")


def test_a_log_is_not_flooded(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="generator")
    with Progress(live=False, interval=3600) as progress:
        stage = progress.stage("PDF：排版", 1000)
        for _ in range(1000):
            stage.advance()
        stage.finish()
    assert len(caplog.records) == 2  # started, finished: no count within the interval


def test_a_terminal_gets_one_live_display_with_every_stage():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with Progress(live=True, console=console) as progress:
        first = progress.stage("校验", 1)
        first.advance()
        first.finish()
        pdfs = progress.stage("PDF：排版", 40)
        for _ in range(40):
            pdfs.advance()
        pdfs.finish()
    shown = out.getvalue()
    assert "校验" in shown and "PDF：排版" in shown and "40/40" in shown


def test_quiet_shows_nothing(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]):
    caplog.set_level(logging.INFO, logger="generator")
    with Progress.quiet() as progress:
        stage = progress.stage("PDF", 2)
        stage.advance(2)
        stage.finish()
    assert not caplog.records and capsys.readouterr() == ("", "")


@pytest.mark.slow
def test_a_build_writing_to_a_log_shows_each_stage(project, tmp_path, capsys: pytest.CaptureFixture[str]):
    from generator.cli import main

    assert main(["--root", str(project.root), "build", "--no-pdf", "--out", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "网页和离线包：开始，共 6 项", err  # validation, a fraction of a second, is no stage
    assert any(line.startswith("网页和离线包：完成 6 项，用时") for line in err), err
