# mypy: disable-error-code="union-attr, arg-type"
"""The pull-request workflow: GitHub annotations and job summary from `guidesite validate
--format github`, the Actions workflow, CODEOWNERS and the pre-commit hook."""

from generator.cli import main
from generator.config import REPO_ROOT
from generator.core.diagnostics import Diagnostic
from generator.core.load import load_text
from generator.editor.github import annotation

GD = "data/provinces/guangdong.yaml"


def test_annotation_format_and_escaping():
    d = Diagnostic("data/a,b:c.yaml", 3, 14, "50% 不对\r\n第二行: a, b")
    # data: % CR LF escaped; properties additionally : and ,
    assert annotation(d) == "::error file=data/a%2Cb%3Ac.yaml,line=3,col=14::50%25 不对%0D%0A第二行: a, b"


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
