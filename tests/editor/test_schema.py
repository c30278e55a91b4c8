# mypy: disable-error-code="union-attr, arg-type"
"""The JSON Schema editors' tools read is generated from generator/core/model.py and agrees with
`guidesite validate` on everything one file can say alone.

Only schema-level checks can agree: references between files (a guide citing a law that
exists, an office naming a real guide, slug equal to the file name, code matching the
name) need the other files and are checked by the validator only — see the last tests."""

import json

import pytest
from helpers import TESTS, edit
from jsonschema import Draft202012Validator, FormatChecker

from generator.cli import main
from generator.config import REPO_ROOT, SCHEMA_DIR
from generator.core.diagnostics import ValidationFailed
from generator.core.load import load_file
from generator.core.schema_errors import check_schema
from generator.core.validate import validate_project
from generator.editor.schema import KINDS, kind_of, modeline, render_schemas

CORPUS = TESTS / "schema_corpus"
CASES = sorted(CORPUS.glob("*/*.yaml"))
BY_NAME = {k.name: k for k in KINDS}


def validator(kind) -> Draft202012Validator:
    schema = json.loads((REPO_ROOT / kind.schema_path).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_committed_schema_is_what_the_model_generates(name):
    committed = REPO_ROOT / SCHEMA_DIR / name
    assert committed.is_file(), f"{committed} is missing: run `make schema`"
    assert committed.read_text(encoding="utf-8") == render_schemas()[name], (
        f"{SCHEMA_DIR}/{name} is out of date with generator/core/model.py: run `make schema` and commit the result"
    )


def test_no_stray_schema_files():
    assert sorted(p.name for p in (REPO_ROOT / SCHEMA_DIR).glob("*.json")) == sorted(render_schemas())


def test_schemas_are_valid_2020_12_and_every_field_has_bilingual_help():
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if " / " not in prop.get("description", ""):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for kind in KINDS:
        schema = json.loads(render_schemas()[kind.file_name])
        Draft202012Validator.check_schema(schema)
        walk(schema, kind.name)
    assert missing == [], 'fields without a "中文 / English" description in generator/core/model.py'


def test_every_data_file_names_its_schema_on_the_first_line():
    files = sorted([*REPO_ROOT.glob("data/provinces/*.yaml"), *REPO_ROOT.glob("content/**/*.yaml")])
    assert len(files) >= 31 + 6
    wrong = []
    for path in files:
        rel = path.relative_to(REPO_ROOT).as_posix()
        expected = modeline(rel)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != expected:
            wrong.append(f"{rel}: first line should be {expected!r}")
    assert wrong == []


def test_modeline_points_at_an_existing_schema():
    assert (
        modeline("data/provinces/guangdong.yaml") == "# yaml-language-server: $schema=../../schema/province.schema.json"
    )
    assert modeline("content/materials.yaml") == "# yaml-language-server: $schema=../schema/materials.schema.json"
    assert kind_of("content/guides/x.yaml").name == "guide"
    assert kind_of("content/guides/deeper/x.yaml") is None and kind_of("README.md") is None
    for kind in KINDS:
        assert (REPO_ROOT / kind.schema_path).is_file()


def test_corpus_is_big_enough_and_has_both_verdicts():
    assert len(CASES) >= 15
    assert {p.parent.name for p in CASES} == set(BY_NAME)
    assert all(p.name.startswith(("valid-", "invalid-")) for p in CASES)
    assert sum(p.name.startswith("invalid-") for p in CASES) >= 15


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_json_schema_and_validator_give_the_same_verdict(path):
    kind = BY_NAME[path.parent.name]
    expected_valid = path.name.startswith("valid-")
    doc, load_errors = load_file(path, CORPUS)
    assert load_errors == []  # the corpus is about the schema, not YAML syntax
    _obj, problems = check_schema(doc, kind.model)
    schema_errors = [e.message for e in validator(kind).iter_errors(doc.data)]
    assert (problems == []) == expected_valid, [str(p) for p in problems]
    assert (schema_errors == []) == expected_valid, schema_errors
    for p in problems:  # every validator message points into the file
        assert p.path == path.relative_to(CORPUS).as_posix() and p.line >= 1 and p.col >= 1


def test_cross_file_references_are_checked_by_the_validator_only(project):
    path = edit(project, "data/provinces/guangdong.yaml", "guides: [alpha]", "guides: [alpha, gamma]")
    doc, _errors = load_file(path, project.root)
    assert list(validator(BY_NAME["province"]).iter_errors(doc.data)) == []  # the schema cannot know
    with pytest.raises(ValidationFailed) as info:
        validate_project(project)
    assert any("指南 'gamma' 不存在" in str(d) for d in info.value.diagnostics)


def test_schema_command_writes_the_files_and_then_has_nothing_to_do(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert "province.schema.json" in capsys.readouterr().out
    for name, text in render_schemas().items():
        assert (tmp_path / SCHEMA_DIR / name).read_text(encoding="utf-8") == text
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert "已是最新" in capsys.readouterr().out
