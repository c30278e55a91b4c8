"""The MkDocs side of a build (generator/outputs/mkdocs_site.py): what the config gives Material,
and Chinese segmented for search the same way in every build."""

from __future__ import annotations

import shutil

import jieba
import yaml
from babel.messages.pofile import read_po, write_po

from generator.config import LANGUAGES, LOCALES_DIR, REPO_ROOT, Project
from generator.outputs.mkdocs_site import SITE_NAME, mkdocs_config, search_words, segment_with

ENGLISH = next(lang for lang in LANGUAGES if lang.code == "en")


def test_strings_material_prints_as_html_are_escaped_in_the_config(tmp_path):
    # Material prints the site name, description and navigation labels unescaped. The catalog
    # check refuses markup in a translation; this is the second line, should one get through.
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    path = locales / "en/LC_MESSAGES/messages.po"
    with path.open("rb") as fp:
        catalog = read_po(fp, locale="en")
    catalog[SITE_NAME].string = 'People\'s <script>x</script> & "guides"'
    catalog["办事指南"].string = "<img src=x onerror=alert(1)>"
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0)
    project = Project(tmp_path, locales_dir=locales)
    config = yaml.safe_load(
        mkdocs_config(
            project, ENGLISH, tmp_path / "site", bundle_sizes={None: 1_000_000, "guangdong": 100_000}
        ).read_text()
    )
    assert config["site_name"] == "People's &lt;script&gt;x&lt;/script&gt; &amp; &quot;guides&quot;"
    assert {"&lt;img src=x onerror=alert(1)&gt;": "guides/index.md"} in config["nav"]
    assert "<" not in yaml.safe_dump(config["extra"])


SAMPLE = "本指南针对城镇企业职工养老保险和基本医疗保险，申领社会保障卡和电子社保卡。"


def test_segmentation_does_not_depend_on_what_the_process_built_before():
    words = search_words(Project(REPO_ROOT))
    segment_with(words)
    first = " ".join(jieba.cut(SAMPLE))
    assert "社会保障卡" in first.split()  # the words are there
    for _ in range(3):  # what Material's jieba_dict_user did on every zh build: the total grows
        jieba.load_userdict(str(words))
    segment_with(words)
    assert " ".join(jieba.cut(SAMPLE)) == first
    total = jieba.dt.total
    segment_with(words)  # once set, nothing to do
    assert jieba.dt.total == total
