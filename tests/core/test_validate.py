from datetime import date

import pytest
from helpers import edit, site_of

from generator.core import model
from generator.core.diagnostics import ValidationFailed
from generator.core.validate import validate_project

GD = "data/provinces/guangdong.yaml"
ALPHA = "content/guides/alpha.yaml"


def errors(project) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        validate_project(project)
    return [str(d) for d in info.value.diagnostics]


def test_fixture_project_is_valid(project):
    site = site_of(project)
    assert list(site.provinces) == ["hunan", "guangdong"]  # GB/T 2260 order
    assert set(site.guides) == {"alpha", "beta"}


def test_misspelled_key_suggests_the_right_one(project):
    edit(project, GD, "offices:", "ofices:")
    [message] = errors(project)
    assert message.startswith(f"{GD}:22:1: error: 未知字段 'ofices'，是否为 'offices'？允许的字段：")
    assert "variations" in message


def test_wrong_type_names_what_is_expected(project):
    edit(project, ALPHA, "count: 1", 'count: "1"')
    edit(project, ALPHA, "required: true", "required: yes")
    assert errors(project) == [
        f"{ALPHA}:30:15: error: 应为 true 或 false（不要写 yes/no、是/否），这里是 'yes'",
        f"{ALPHA}:33:12: error: 应为整数（不加引号），这里是文本",
    ]


def test_missing_field_and_disallowed_value(project):
    edit(project, ALPHA, "outcome: 办结\n", "")
    edit(project, ALPHA, "place: left", "place: lefft")
    assert errors(project) == [
        f"{ALPHA}:1:1: error: 缺少必填字段 'outcome'（办结结果 / what the person receives）",
        f"{ALPHA}:21:12: error: 取值 'lefft' 不允许，是否为 'left'？允许的取值：moved-to、left、insured、card-issuer、pension-claim、hukou、treatment、online、any",
    ]


def test_http_url_and_bad_dates(project):
    edit(project, GD, "website: https://hrss.example.gov.cn/", "website: http://hrss.example.gov.cn/")
    edit(project, GD, "checked: 2026-02-01", "checked: 2026-02-30")
    edit(project, "content/laws/test-law.yaml", "promulgated: 2020-01-02", "promulgated: 2020/01/02")
    assert errors(project) == [
        "content/laws/test-law.yaml:5:14: error: 日期应写成 YYYY-MM-DD，这里是 '2020/01/02'，是否为 2020-01-02？",
        f"{GD}:9:14: error: 'http://hrss.example.gov.cn/' 不是有效的网址：必须是以 https:// 开头的完整网址，例如 https://www.mohrss.gov.cn/",
        f"{GD}:14:10: error: 日期 2026-02-30 不存在：请检查年、月、日",
    ]


def test_cited_law_and_article_must_exist(project):
    edit(project, ALPHA, "article: 1", "article: 9")
    edit(project, "content/guides/beta.yaml", "law: test-law", "law: test-laws")
    assert errors(project) == [
        f"{ALPHA}:18:18: error: 《测试法》没有收录第 9 条；已收录：1、2（引用新条款时先在 content/laws/test-law.yaml 中加上条文原文）",
        "content/guides/beta.yaml:16:10: error: 法规 'test-laws' 不存在，是否为 'test-law'？可选：test-law",
    ]


def test_variation_must_name_real_steps(project):
    edit(project, GD, "target: collect", "target: colect")
    edit(project, GD, "after: apply", "after: nowhere")
    result = errors(project)
    assert result == [
        f"{GD}:43:17: error: 全国指南中没有步骤 'colect'，是否为 'collect'？可选：apply、transfer、collect",
        f"{GD}:45:16: error: 全国指南中没有步骤 'nowhere'；可选：apply、transfer、collect",
    ]


def test_variation_edit_needs_its_fields(project):
    edit(project, GD, "      - action: remove\n        target: collect\n", "      - action: remove\n")
    [message] = errors(project)
    assert message.startswith(f"{GD}:42:17: error: remove 需要写 target")


def test_ids_and_file_names(project):
    edit(project, GD, "slug: guangdong", "slug: canton")
    edit(project, "data/provinces/hunan.yaml", 'code: "430000"', 'code: "430001"')
    edit(project, "content/journeys/alpha-then-beta.yaml", "guide: beta", "guide: gamma")
    assert errors(project) == [
        "content/journeys/alpha-then-beta.yaml:6:12: error: 指南 'gamma' 不存在；可选：alpha、beta",
        f"{GD}:2:7: error: slug 'canton' 与文件名 'guangdong' 不一致：文件名应为 canton.yaml",
        "data/provinces/hunan.yaml:3:7: error: '430001' 不是省级行政区划代码（GB/T 2260），例如 广东省 为 \"440000\"",
    ]


def test_code_must_match_the_name(project):
    edit(project, "data/provinces/hunan.yaml", "name: 湖南省", "name: 湖北省")
    assert errors(project) == ["data/provinces/hunan.yaml:4:7: error: 代码 430000 对应“湖南省”，这里写的是“湖北省”"]


def test_duplicate_step_ids(project):
    edit(project, ALPHA, "id: collect", "id: apply")
    result = errors(project)
    assert f"{ALPHA}:24:9: error: 步骤 id 'apply' 重复" in result


HN = "data/provinces/hunan.yaml"


def _offices(project, *offices: tuple[str, str]) -> None:
    """Give hunan.yaml these offices: (id, city)."""
    path = project.root / HN
    text = path.read_text(encoding="utf-8") + "offices:\n"
    for oid, city in offices:
        text += f"  - id: {oid}\n    name: 大厅\n    city: {city}\n    guides: [alpha]\n    entered: 2026-01-01\n"
    path.write_text(text, encoding="utf-8")


def test_office_ids_follow_the_rule_the_docs_state(project):
    _offices(
        project,
        ("hunan-changsha-hall", "长沙市"),  # line 17: right
        ("hunan-changsha-centre", "长沙市"),  # 22: right, same city
        ("hn-changsha-hall", "长沙市"),  # 27: not the province's slug
        ("hunan-hall", "长沙市"),  # 32: no city part
        ("hunan-cs-office", "长沙市"),  # 37: another city part for the same city
        ("hunan-changsha-hall", "长沙市"),  # 42: twice
        ("hunan-changsha-office", "株洲市"),  # 47: 'changsha' is another city's
        ("hunan-zhuzhou-hall", "株洲市"),  # 52: right
    )
    assert errors(project) == [
        f"{HN}:27:9: error: 窗口 id 'hn-changsha-hall' 要以本省拼音开头：写成 hunan-hn-changsha-hall",
        f"{HN}:32:9: error: 窗口 id 应写成 <省份拼音>-<城市拼音>-<名称>，例如 hunan-hangzhou-citizen-center："
        "'hunan-hall' 少了一段",
        f"{HN}:37:9: error: 长沙市的窗口 id 要用同一个城市拼音：hunan-changsha-hall 用的是 'changsha'，这里是 'cs'",
        f"{HN}:42:9: error: 窗口 id 'hunan-changsha-hall' 重复",
        f"{HN}:47:9: error: 城市拼音 'changsha' 已用于长沙市，这个窗口的 city 是株洲市",
    ]


def test_province_materials_channels_and_online_options_are_checked(project):
    edit(project, GD, "    id: guangdong-app\n", "    id: gd-app\n")
    edit(project, GD, "      - channel: national-site\n", "      - channel: national-sit\n        step: collect\n")
    edit(project, GD, "  - id: guangdong-local-form", "  - id: guangdong-local-form\n    one_of: [id-crad]")
    path = project.root / GD
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: form-a\n    name: 表\n    form: copy\n  - id: guangdong-unused\n    name: 表\n    form: copy\n",
        encoding="utf-8",
    )
    assert errors(project) == [
        f"{GD}:18:9: error: 渠道 id 'gd-app' 要以本省拼音开头：写成 guangdong-gd-app",
        f"{GD}:72:18: error: 渠道 'guangdong-app' 不存在，是否为 'gd-app'？可选：national-site、gd-app",
        f"{GD}:75:18: error: 渠道 'national-sit' 不存在，是否为 'national-site'？可选：national-site、gd-app",
        f"{GD}:85:14: error: 材料 'id-crad' 不存在，是否为 'id-card'？可选：id-card、form-a、local-proof、"
        "guangdong-local-form、guangdong-unused",
        f"{GD}:89:9: error: 材料 'form-a' 已在 content/materials.yaml 中定义：直接在 variations 的 materials 中引用它",
        f"{GD}:92:9: error: 没有哪项 variations 用到材料 'guangdong-unused'：在 variations 的 materials 中写上它，或删去这项",
    ]


def test_online_steps_must_be_steps_of_the_guide_done_in_the_province(project):
    edit(project, GD, "        step: apply\n", "        step: transfer\n")  # done in the province left
    edit(project, GD, "      - channel: national-site\n", "      - channel: national-site\n        step: collect\n")
    assert errors(project) == [
        f"{GD}:73:15: error: 本省的渠道只能用于在本省办的步骤：步骤 'transfer' 在 'left' 办",
        f"{GD}:76:15: error: 步骤 'collect' 不在本省的这份指南中；可选：apply、local-check、transfer",
    ]


def test_reference_errors_are_reported_with_schema_errors_elsewhere_in_the_file(project):
    edit(project, GD, "    hours: 周一至周五", "    hous: 周一至周五")  # a schema error in one office
    edit(project, GD, "target: collect", "target: colect")  # a reference error in a variation
    edit(project, GD, "guides: [alpha]\n    entered", "guides: [alpah]\n    entered")  # and in the other office
    assert errors(project) == [
        f"{GD}:27:5: error: 未知字段 'hous'，是否为 'hours'？允许的字段：sources、checked、entered、id、name、city、"
        "district、address、hours、phone、guides",
        f"{GD}:36:14: error: 指南 'alpah' 不存在，是否为 'alpha'？可选：alpha、beta",
        f"{GD}:43:17: error: 全国指南中没有步骤 'colect'，是否为 'collect'？可选：apply、transfer、collect",
    ]


def test_a_broken_local_material_is_reported_once(project):
    edit(project, GD, "    form: original\n    count: 1", "    form: originall\n    count: 1")
    [message] = errors(project)  # the variation citing it is not reported again
    assert message.startswith(f"{GD}:85:11: error: 取值 'originall' 不允许，是否为 'original'？")


def test_all_errors_across_files_are_reported_together(project):
    edit(project, GD, "offices:", "ofices:")
    edit(project, ALPHA, "place: left", "place: lefft")
    (project.root / "content/guides/broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    result = errors(project)
    assert [r.split(":")[0] for r in result] == ["content/guides/alpha.yaml", "content/guides/broken.yaml", GD]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "- a\n- b\n",
        "just text\n",
        "slug: 1\ncode: 2\n",
        "{{{{",
        "\x00",
        "slug: [\n",
        "a: b: c\n",
        "offices:\n  - [1, 2]\n",
        "variations: {}\n",
        "code: 440000\n",
    ],
)
def test_any_file_content_gives_diagnostics_not_a_traceback(project, text):
    (project.root / GD).write_text(text, encoding="utf-8")
    result = errors(project)
    assert result and all(r.startswith(f"{GD}:") and ": error: " in r for r in result)


def test_citation_in_a_province_step_points_at_its_line(project):
    edit(project, GD, "article: 2", "article: 7")
    [message] = errors(project)
    assert message.startswith(f"{GD}:53:24: error: 《测试法》没有收录第 7 条")


def test_a_check_may_be_today_or_tomorrow_not_later(project, monkeypatch):
    # a day's grace: an editor in UTC+8 is a day ahead of a CI machine in UTC for 8 hours
    monkeypatch.setattr(model, "today", lambda: date(2026, 2, 28))
    edit(project, GD, "checked: 2026-02-01\nnational", "checked: 2026-03-01\nnational")
    site_of(project)
    edit(project, GD, "checked: 2026-03-01\nnational", "checked: 2026-03-02\nnational")
    assert errors(project) == [f"{GD}:14:10: error: 日期 2026-03-02 晚于今天（2026-02-28）：请写实际核实的日期"]


@pytest.mark.parametrize("blank", ['"   "', '"\\u200b"', '"\\u3000\\ufeff"', '"\\u2060\\u00ad"'])
def test_a_name_of_only_spaces_or_invisible_characters_is_refused(project, blank):
    edit(project, GD, "short_name: 广东", f"short_name: {blank}")
    assert errors(project) == [
        f"{GD}:5:13: error: 'short_name' 只有空格或看不见的字符（如零宽空格）：请写上文字，或删除这一项"
    ]


def test_a_name_with_invisible_characters_among_visible_ones_is_fine(project):
    edit(project, GD, "short_name: 广东", 'short_name: "\\u200b广东 "')
    site_of(project)


def test_hidden_files_in_the_data_folders_are_left_alone(project):
    (project.root / "data/provinces/.DS_Store").write_bytes(b"\x00\x01")
    (project.root / "content/guides/.alpha.yaml.swp").write_bytes(b"\x00")
    site_of(project)


def test_what_else_is_in_the_data_folders_is_an_error(project):
    (project.root / "content/README.md").write_text("# notes\n", encoding="utf-8")
    (project.root / "content/guides/old").mkdir()
    (project.root / "content/guides/old/alpha.yaml").write_text("id: alpha\n", encoding="utf-8")
    (project.root / "data/provinces/notes.txt").write_text("x\n", encoding="utf-8")
    assert errors(project) == [
        "content/README.md:1:1: error: content/ 中只能有 channels.yaml、materials.yaml、plan.yaml 和文件夹 guides/、journeys/、laws/："
        "README.md 不会被读取，请移走它",
        "content/guides/old:1:1: error: content/guides/ 中不能有子文件夹：其中的文件不会被读取，请把它们移到 content/guides/ 中",
        "data/provinces/notes.txt:1:1: error: data/provinces/ 中只能放 .yaml 文件：这个文件不会被读取，请移走它",
    ]


def test_a_misnamed_guide_gives_its_own_error_not_one_per_reference(project):
    (project.root / ALPHA).rename(project.root / "content/guides/alpha.YAML")
    assert errors(project) == [
        "content/guides/alpha.YAML:1:1: error: 文件名应以 .yaml 结尾（小写）：这个文件不会被读取，请改名为 alpha.yaml（或移走它）"
    ]


def test_content_folder_as_a_link_is_refused_and_not_read(project, tmp_path):
    outside = tmp_path / "outside"
    (project.root / "content").rename(outside)
    (project.root / "content").symlink_to(outside, target_is_directory=True)
    problems = errors(project)
    assert problems[0] == "content:1:1: error: 这是一个符号链接：只读取项目中的普通文件，请换成文件本身"
    assert not any(p.startswith("content/") for p in problems)
