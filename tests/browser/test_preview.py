"""What an editor sees in the browser while `guidesite serve` runs: a saved mistake shows as a
list of errors over the page they were looking at (as text, even where the mistake is markup),
and the list goes away, the page reloading itself, once the file is fixed."""

from __future__ import annotations

from helpers import edit

HUNAN = "data/provinces/hunan.yaml"
WAIT_MS = 120_000  # a hang guard, not a speed requirement


def test_a_saved_mistake_shows_over_the_page_until_fixed(page, project, preview_server):
    page.goto(preview_server.url + "guides/alpha/hunan/")
    assert page.locator(".preview-errors").count() == 0

    path = edit(project, HUNAN, 'code: "430000"', 'code: "<b>43</b>"')
    report = page.get_by_role("alert")
    report.wait_for(timeout=WAIT_MS)  # the page reloads itself after the rebuild
    text = report.inner_text()
    assert "刚保存的文件有错误" in text
    assert "hunan.yaml:3:7: error: '<b>43</b>'" in text, "the error is not shown as typed"
    assert report.locator("b").count() == 0, "the editor's text became markup"
    assert page.locator("h1").first.inner_text().startswith("甲事项 · 湖南省")  # the last good page

    path.write_text(path.read_text(encoding="utf-8").replace('"<b>43</b>"', '"430000"'), encoding="utf-8")
    page.locator(".preview-errors").wait_for(state="detached", timeout=WAIT_MS)
    assert page.errors == []
