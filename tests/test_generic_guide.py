"""Generic by construction: a new procedure is a YAML file and its catalog entries, nothing else."""

import dataclasses
import json
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from generator.build import build
from generator.config import LANGUAGES, LOCALES_DIR
from generator.i18n.catalogs import update

GAMMA = """\
id: gamma
title: 丙事项
summary: 丙事项的说明。
agencies: [healthcare]
steps:
  - id: ask
    title: 提出丙申请
    place: moved-to
    text: 到医保窗口提出。
    legal_basis:
      - law: test-law
        article: 2
materials:
  - material: id-card
    required: true
fee:
  amount: 0
outcome: 丙结果
legal_basis:
  - law: test-law
    article: 1
places: [moved-to]
province_role: moved-to
audience_notes:
  - audience: foreign
    text: 外国人同样办理丙事项。
  - audience: hong-kong-macao-taiwan
    text: 港澳台居民同样办理丙事项。
"""


@pytest.mark.slow
def test_a_new_guide_needs_only_yaml_and_catalog_entries(project, tmp_path):
    (project.root / "content/guides/gamma.yaml").write_text(GAMMA, encoding="utf-8")
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("content.po"))
    project = dataclasses.replace(project, locales_dir=locales)
    update(project)  # the catalog entries a translator would fill in
    path = locales / "en/LC_MESSAGES/content.po"
    with path.open("rb") as fp:
        catalog = read_po(fp)
    assert "丙事项" in catalog and "提出丙申请" in catalog
    for message in catalog:
        if message.id:
            message.string = f"EN-{message.id}"
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0)

    out = tmp_path / "site"
    build(project, out)
    for language in LANGUAGES:
        root = out / language.prefix
        # (the fake English keeps the Chinese, which English pages mark as such)
        title = {"en": 'EN-<span lang="zh-Hans">丙事项</span>', "zh-Hant": "丙事項"}.get(language.code, "丙事项")
        assert 'href="guides/gamma/"' in (root / "index.html").read_text(encoding="utf-8")
        for slug in ("guangdong", "hunan"):
            hub = (root / "provinces" / slug / "index.html").read_text(encoding="utf-8")
            assert 'href="../../guides/gamma/' + slug + '/"' in hub and title in hub
            page = (root / "guides/gamma" / slug / "index.html").read_text(encoding="utf-8")
            assert title in page and "untranslated" not in page
            assert (root / "pdf/guides/gamma" / f"{slug}.pdf").read_bytes().startswith(b"%PDF")
        index = json.loads((root / "search/search_index.json").read_text(encoding="utf-8"))
        assert any(doc["location"].startswith("guides/gamma/") for doc in index["docs"])
