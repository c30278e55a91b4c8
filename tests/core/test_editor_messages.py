"""What a provincial editor reads after `guidesite validate`: Chinese, `file:line:col`, what is
wrong, what is allowed, and the nearest right spelling; `--lang` and `--format github`."""

import gettext

import pytest
from helpers import edit

import generator.i18n.messages as translate
from generator.cli import main

GD = "data/provinces/guangdong.yaml"
ALPHA = "content/guides/alpha.yaml"


def run(project, capsys, *args):
    code = main(["--root", str(project.root), "validate", *args])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_misspelled_key_inside_an_office(project, capsys):
    edit(project, GD, "    hours: 周一至周五", "    hous: 周一至周五")
    code, _out, err = run(project, capsys)
    assert code == 1
    assert err[0].startswith(f"{GD}:27:5: error: 未知字段 'hous'，是否为 'hours'？允许的字段：")
    assert "address、hours、phone" in err[0]
    assert err[-1] == "发现 1 个错误，未生成网站。"


def test_wrong_type_says_what_to_write(project, capsys):
    edit(project, GD, "working_days: 5", 'working_days: "5"')
    _code, _out, err = run(project, capsys)
    assert err[0] == f"{GD}:65:21: error: 应为整数（不加引号），这里是文本"


@pytest.mark.parametrize(
    "rel, old, new, expected",
    [
        (
            GD,
            "material: local-proof",
            "material: local-prof",
            f"{GD}:62:19: error: 材料 'local-prof' 不存在，是否为 'local-proof'？可选：",
        ),
        (
            GD,
            "guides: [alpha]",
            "guides: [alpah]",
            f"{GD}:29:14: error: 指南 'alpah' 不存在，是否为 'alpha'？可选：alpha、beta",
        ),
        (
            GD,
            "national_channels: [national-site]",
            "national_channels: [national-sit]",
            f"{GD}:15:21: error: 全国渠道 'national-sit' 不存在，是否为 'national-site'？可选：",
        ),
        (
            GD,
            "target: collect",
            "target: colect",
            f"{GD}:43:17: error: 全国指南中没有步骤 'colect'，是否为 'collect'？可选：apply、transfer、collect",
        ),
        (
            ALPHA,
            "law: test-law",
            "law: test-lwa",
            f"{ALPHA}:17:14: error: 法规 'test-lwa' 不存在，是否为 'test-law'？可选：test-law",
        ),
        (
            GD,
            "slug: guangdong",
            "slug: guangdon",
            f"{GD}:2:7: error: slug 'guangdon' 与文件名 'guangdong' 不一致，是否为 'guangdong'？slug 必须与文件名相同",
        ),
    ],
)
def test_dangling_or_misspelled_id_suggests_the_nearest(project, capsys, rel, old, new, expected):
    edit(project, rel, old, new)
    code, _out, err = run(project, capsys)
    assert code == 1
    assert [line for line in err if line.startswith(expected)], err


def test_lang_option_speaks_through_the_active_catalog(project, capsys, monkeypatch):
    class English(gettext.NullTranslations):
        def gettext(self, message):
            return {
                "发现 {n} 个错误，未生成网站。": "{n} error(s) found; the site was not built.",
                "未知字段 '{name}'{hint}允许的字段：{allowed}": "unknown field '{name}'{hint}allowed: {allowed}",
            }.get(message, message)

    seen = []

    def fake_activate(language, *args, **kwargs):
        seen.append(language)
        translate._active = English() if language == "en" else gettext.NullTranslations()

    monkeypatch.setattr(translate, "activate", fake_activate)
    edit(project, GD, "offices:", "ofices:")
    code, _out, err = run(project, capsys, "--lang", "en")
    assert code == 1 and seen[0] == "en"
    assert err[0].startswith(f"{GD}:22:1: error: unknown field 'ofices'")
    assert err[-1] == "1 error(s) found; the site was not built."
    assert seen[-1] == "zh-Hans"  # back to the source language afterwards


def test_unknown_language_is_a_message_not_a_traceback(project, capsys):
    code, _out, err = run(project, capsys, "--lang", "xx-nowhere")
    assert code == 2
    assert err[0].startswith("无法使用语言 xx-nowhere：")
