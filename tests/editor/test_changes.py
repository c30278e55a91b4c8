"""`guidesite diff BASE_REF`: which pages a change adds, removes or alters, in every language, as
Markdown: with each page's pending translation, and pages whose step numbers alone changed apart."""

import shutil
import subprocess
import tempfile

import pytest
from helpers import FIXTURE

from generator.cli import main
from generator.editor.changes import PageChanges, compare, heading_pattern, markdown

GD = "data/provinces/guangdong.yaml"


def git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # to see that the export is cleaned up
    return root


def diff(root, capsys, ref="HEAD~1"):
    code = main(["--root", str(root), "diff", ref])
    out, err = capsys.readouterr()
    return code, out, err


def test_changed_opening_hours_show_on_exactly_the_pages_that_print_them(repo, capsys):
    path = repo / GD
    path.write_text(
        path.read_text(encoding="utf-8").replace("周一至周五 9:00-17:00", "周一至周五 8:30-17:30"), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "change the hall's hours")
    code, out, _err = diff(repo, capsys)
    assert code == 0
    assert "新增 0 个页面，删除 0 个，修改 3 个，只是步骤编号变化的 0 个。" in out
    assert [line for line in out.splitlines() if line.startswith("<details>")] == [
        "<details><summary><code>guides/alpha/guangdong.md</code></summary>",
        "<details><summary><code>en/guides/alpha/guangdong.md</code> · 译文待更新</summary>",
        "<details><summary><code>zh-Hant/guides/alpha/guangdong.md</code></summary>",
    ]
    assert "| en | 0 | 0 | 1 | 0 | 1 |" in out  # the changed hours are not translated yet
    assert "-- 办公时间：周一至周五 9:00\\-17:00\n+- 办公时间：周一至周五 8:30\\-17:30\n" in out
    assert list((repo.parent / "tmp").iterdir()) == []  # the exported base version is gone


def test_removed_province_lists_its_pages_as_removed(repo, capsys):
    (repo / "data/provinces/hunan.yaml").unlink()  # not committed: the working tree is compared
    code, out, _err = diff(repo, capsys, "HEAD")
    assert code == 0
    removed = out.split("### 删除的页面\n\n")[1].split("\n\n")[0].splitlines()
    pages = ["guides/alpha/hunan.md", "guides/beta/hunan.md", "journeys/alpha-then-beta/hunan.md", "provinces/hunan.md"]
    assert removed == [f"- `{prefix}{p}`" for prefix in ("", "en/", "zh-Hant/") for p in pages]
    assert "<code>provinces/index.md</code>" in out  # the list of provinces changed too


def test_no_change_says_so(repo, capsys):
    code, out, _err = diff(repo, capsys, "HEAD")
    assert code == 0 and "没有页面发生变化。" in out


def test_unknown_ref_and_invalid_base_are_messages(repo, capsys):
    code, _out, err = diff(repo, capsys, "no-such-branch")
    assert code == 2 and "'no-such-branch' 不是这个 git 仓库中的版本" in err
    path = repo / GD
    path.write_text(path.read_text(encoding="utf-8").replace("offices:", "ofices:"), encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    path.write_text(path.read_text(encoding="utf-8").replace("ofices:", "offices:"), encoding="utf-8")
    code, _out, err = diff(repo, capsys, "HEAD")
    assert code == 2 and "版本 HEAD 的数据没有通过校验" in err and f"{GD}:22:1: error: 未知字段 'ofices'" in err


def test_long_diffs_are_listed_but_not_printed_beyond_the_budget():
    before = {f"p{i}.md": "a\n" * 50 for i in range(3)}
    after = {f"p{i}.md": "b\n" * 50 for i in range(3)}
    changes = compare(before, after)
    text = markdown(changes, "main", max_chars=700)
    assert text.count("```diff") == 1
    assert "差异过长未列出" in text and "- `p1.md`" in text and "- `p2.md`" in text


def test_diff_fence_is_longer_than_any_backticks_in_the_page():
    changes = PageChanges(changed={"x.md": "-```\n+````\n"})
    assert "`````diff" in markdown(changes, "main")


def test_a_step_added_groups_the_renumbering_apart_from_the_real_change(repo, capsys):
    path = repo / GD
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      - action: replace\n",
            "      - action: add\n        after: apply\n        step:\n          id: local-sign\n"
            "          title: 本省签字\n          place: moved-to\n          text: 签字确认。\n"
            "      - action: replace\n",
        ),
        encoding="utf-8",
    )
    code, out, _err = diff(repo, capsys, "HEAD")
    assert code == 0
    page = out.split("<details><summary><code>guides/alpha/guangdong.md</code>")[1].split("</details>")[0]
    assert page.startswith(" · 另有步骤编号变化：第 3 步 → 第 4 步</summary>")
    changed = [
        line for line in page.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    # the new step, nothing else (its edit link included; the lines the links of the steps below it
    # point at moved, which is no change to the page)
    assert [line.split('&nbsp;· <a class="source-link"')[0] for line in changed if line != "+"] == [
        "+### 第 3 步：本省签字 { #step-3 }",
        "+*在哪里办：广东省（转入地）&nbsp;· 本省增加的步骤*",
        "+签字确认。",
    ]
    assert " ### 第 4 步：本省转出方式 { #step-4 }\n" in page  # renumbered: context, shown as it is now
    # the journey numbers across its guides: its later steps moved too, and in English as well
    assert (
        "<code>en/journeys/alpha-then-beta/guangdong.md</code> · 译文待更新 · 另有步骤编号变化：第 3–4 步 → 第 4–5 步"
        in out
    )


def test_a_page_whose_step_numbers_alone_changed_is_listed_as_such():
    before = {"j.md": "# J\n\n### 第 1 步：甲\n\n文\n\n### 第 2 步：乙\n", "k.md": "same\n"}
    after = {"j.md": "# J\n\n### 第 2 步：甲\n\n文\n\n### 第 3 步：乙\n", "k.md": "same\n"}
    changes = compare(before, after, steps=heading_pattern("第 %(n)s 步："))
    assert changes.changed == {} and changes.renumbered == {"j.md": [("1", "2"), ("2", "3")]}
    text = markdown(changes, "main")
    assert "### 只是步骤编号变化的页面\n\n- `j.md`：第 1–2 步 → 第 2–3 步\n" in text
    assert "修改 0 个，只是步骤编号变化的 1 个" in text
    english = compare({"j.md": "### Step 1: A\n"}, {"j.md": "### Step 2: A\n"}, steps=heading_pattern("Step %(n)s: "))
    assert english.renumbered == {"j.md": [("1", "2")]}


def test_a_comment_line_moves_the_edit_links_without_changing_any_page(repo, capsys):
    """Every step's edit link names its line (#L12): a comment added at the top moves them all,
    which changes nothing a reader sees, so no page is listed."""
    for name in (GD, "content/guides/alpha.yaml"):
        path = repo / name
        path.write_text("# 一行新的注释\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _err = diff(repo, capsys, "HEAD")
    assert code == 0
    assert "没有页面发生变化。" in out, out
