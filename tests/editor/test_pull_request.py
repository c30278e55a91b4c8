# mypy: disable-error-code="union-attr, arg-type"
"""The pull-request workflow: GitHub annotations and job summary from `guidesite validate
--format github`, the Actions workflow, CODEOWNERS and the pre-commit hook."""

import re

from generator.cli import MAX_PRINTED, main
from generator.config import REPO_ROOT
from generator.core.diagnostics import Diagnostic
from generator.core.load import load_text
from generator.editor.github import MAX_ANNOTATIONS, annotation, summary

GD = "data/provinces/guangdong.yaml"


def test_annotation_format_and_escaping():
    d = Diagnostic("data/a,b:c.yaml", 3, 14, "50% 不对\r\n第二行: a, b")
    # data: % escaped (line breaks are shown as \r\n: one line); properties additionally : and ,
    assert annotation(d) == "::error file=data/a%2Cb%3Ac.yaml,line=3,col=14::50%25 不对\\r\\n第二行: a, b"


FORGED = "\n::error file=README.md,line=1::forged"


def test_a_value_or_file_name_cannot_start_a_workflow_command_of_its_own():
    d = Diagnostic(f"data/provinces/x{FORGED}.yaml", 2, 7, f"'https://a.gov.cn/{FORGED}' 不是有效的网址\x1b[31m")
    for text in (str(d), annotation(d), summary([d])):
        assert not any(line.lstrip().startswith("::error file=README.md") for line in text.splitlines()), text
        assert "\x1b" not in text
    assert annotation(d).count("::error") == 2  # its own, and the forged one shown inside its message
    assert "\\n::error file=README.md" in str(d)


def test_the_summary_shows_a_path_with_backticks_and_pipes_as_text():
    d = Diagnostic("data/provinces/a`|`b.yaml", 1, 1, "x | y `z` <img src=x>")
    row = summary([d]).splitlines()[-1]
    assert len(re.findall(r"(?<!\\)\|", row)) == 3  # two cells: the pipes inside are escaped
    assert "\\<img src=x\\>" in row  # shown as text, not an image


def test_the_summary_and_the_printed_errors_are_capped_saying_how_many_more(tmp_path, monkeypatch, capsys):
    many = [
        Diagnostic(f"data/provinces/p{i:05}.yaml", i, 1, "未知字段 'x'；允许的字段：" + "、".join(["a"] * 40))
        for i in range(60_000)
    ]
    text = summary(many)
    assert len(text.encode("utf-8")) < 1024 * 1024  # GitHub refuses a step summary over 1 MiB
    shown = text.count("| `data/provinces/p")
    assert 0 < shown < 60_000
    assert text.rstrip().endswith(f"……另有 {60_000 - shown} 个错误未列出：请在本地运行 guidesite validate 查看全部。")


def test_validate_prints_the_first_errors_and_how_many_more(project, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    path = project.root / "data/provinces/hunan.yaml"
    n = MAX_PRINTED + 50
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"extra{i}: x\n" for i in range(n)), encoding="utf-8")
    assert main(["--root", str(project.root), "validate", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == MAX_ANNOTATIONS
    assert err.splitlines()[-2:] == ["……另有 50 个错误未列出。", f"发现 {n} 个错误，未生成网站。"]
    assert len(err.splitlines()) == MAX_PRINTED + 2


def test_github_format_annotates_every_error_and_writes_all_to_the_summary(project, capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = project.root / "data/provinces/hunan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"extra{i}: x\n" for i in range(12)), encoding="utf-8")
    code = main(["--root", str(project.root), "validate", "--format", "github"])
    out, err = capsys.readouterr()
    annotations = out.splitlines()
    assert code == 1 and len(annotations) == 12
    assert all(a.startswith("::error file=data/provinces/hunan.yaml,line=") for a in annotations)
    assert "::未知字段 'extra0'；允许的字段：" in annotations[0]
    assert "data/provinces/hunan.yaml:" in err  # the plain lines stay in the log
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, not overwritten
    assert "发现 12 个错误" in text and text.count("| `data/provinces/hunan.yaml:") == 12


def test_github_format_on_success_writes_a_short_summary(project, capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(project.root), "validate", "--format", "github"]) == 0
    assert "::error" not in capsys.readouterr().out
    assert "校验通过" in summary.read_text(encoding="utf-8")


def test_workflow_runs_validate_test_site_and_uploads_the_site():
    doc, errors = load_text(
        (REPO_ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"), "pull-request.yml"
    )
    assert errors == []
    workflow = doc.data
    assert "pull_request" in workflow["on"]
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    order = [
        next(i for i, r in enumerate(runs) if r.startswith(cmd))
        for cmd in ('make validate VALIDATE_ARGS="--format github"', "make test", "make site")
    ]
    assert order == sorted(order)
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-artifact@"))
    assert upload > order[-1] and steps[upload]["with"]["path"].rstrip("/") == "site"


def test_codeowners_maps_every_province_file_to_its_team():
    lines = [
        line.split()
        for line in (REPO_ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    owners = {pattern: teams for pattern, *teams in lines}
    assert owners["/content/"] == ["@guidesite/content-reviewers"]
    slugs = sorted(p.stem for p in (REPO_ROOT / "data/provinces").glob("*.yaml"))
    assert len(slugs) == 31
    for slug in slugs:
        assert owners[f"/data/provinces/{slug}.yaml"] == [f"@guidesite/editors-{slug}"]


def test_pre_commit_runs_guidesite_validate_on_yaml():
    doc, errors = load_text(
        (REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"), ".pre-commit-config.yaml"
    )
    assert errors == []
    hooks = [h for repo in doc.data["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    validate = next(h for h in hooks if h["id"] == "guidesite-validate")
    assert validate["entry"].endswith("guidesite validate") and validate["pass_filenames"] is False
    assert "data/provinces" in validate["files"]
