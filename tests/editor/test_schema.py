# mypy: disable-error-code="union-attr, arg-type"
"""The JSON Schema editors' tools read is generated from generator/core/model.py and the content,
and agrees with `guidesite validate` on everything one file can say alone.

The schema of the model alone agrees with the validator on every file of tests/schema_corpus.
With the content, it also lists the ids one file names from another (guides, laws, materials,
national channels, each guide's steps): every file of the repository matches its committed
schema, a wrong id is underlined by the schema and reported by the validator, and `guidesite
validate` says when the content has outgrown the committed schema. What needs the other files
beyond ids (a slug equal to the file name, a code matching the name, a step edit that applies)
is checked by the validator only."""

import json
import re
import shutil

import pytest
from helpers import FIXTURE, TESTS, edit
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from generator.cli import main
from generator.config import REPO_ROOT, SCHEMA_DIR, Project
from generator.core import model as m
from generator.core.diagnostics import ValidationFailed
from generator.core.load import load_file
from generator.core.schema_errors import check_schema
from generator.core.validate import validate_project
from generator.editor.schema import KINDS, kind_of, modeline, render_schemas

CORPUS = TESTS / "schema_corpus"
CASES = sorted(CORPUS.glob("*/*.yaml"))
BY_NAME = {k.name: k for k in KINDS}


def validator(kind, schemas: dict[str, str] | None = None) -> Draft202012Validator:
    """The committed schema of `kind`, or the one in `schemas`."""
    text = schemas[kind.file_name] if schemas else (REPO_ROOT / kind.schema_path).read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text), format_checker=FormatChecker())


@pytest.fixture(scope="module")
def repo_schemas() -> dict[str, str]:
    return render_schemas(validate_project(Project(REPO_ROOT)).content)


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_committed_schema_is_what_the_model_and_content_generate(name, repo_schemas):
    committed = REPO_ROOT / SCHEMA_DIR / name
    assert committed.is_file(), f"{committed} is missing: run `make schema`"
    assert committed.read_text(encoding="utf-8") == repo_schemas[name], (
        f"{SCHEMA_DIR}/{name} is out of date with generator/core/model.py or content/: "
        "run `make schema` and commit the result"
    )


def test_every_data_file_matches_its_committed_schema():
    files = sorted([*REPO_ROOT.glob("data/provinces/*.yaml"), *REPO_ROOT.glob("content/**/*.yaml")])
    wrong = []
    for path in files:
        rel = path.relative_to(REPO_ROOT).as_posix()
        doc, _errors = load_file(path, REPO_ROOT)
        wrong += [f"{rel}: {e.message}" for e in validator(kind_of(rel)).iter_errors(doc.data)]
    assert wrong == []


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
    schema_errors = [e.message for e in validator(kind, render_schemas()).iter_errors(doc.data)]
    assert (problems == []) == expected_valid, [str(p) for p in problems]
    assert (schema_errors == []) == expected_valid, schema_errors
    for p in problems:  # every validator message points into the file
        assert p.path == path.relative_to(CORPUS).as_posix() and p.line >= 1 and p.col >= 1


@pytest.fixture
def fixture_schemas(project) -> dict[str, str]:
    return render_schemas(validate_project(project).content)


def test_a_wrong_guide_id_is_underlined_by_the_schema_and_reported_by_the_validator(project, fixture_schemas):
    path = edit(project, "data/provinces/guangdong.yaml", "guides: [alpha]", "guides: [alpha, gamma]")
    doc, _errors = load_file(path, project.root)
    province = BY_NAME["province"]
    assert list(validator(province, render_schemas()).iter_errors(doc.data)) == []  # the model alone cannot know
    [error] = validator(province, fixture_schemas).iter_errors(doc.data)
    assert error.instance == "gamma" and error.schema["errorMessage"] == "不是已有的指南 id；可选：alpha、beta"
    with pytest.raises(ValidationFailed) as info:
        validate_project(project)
    assert any("指南 'gamma' 不存在" in str(d) for d in info.value.diagnostics)


@pytest.mark.parametrize(
    "old, new, schema_says",
    [
        ("target: collect", "target: colect", "不是指南 alpha 的步骤 id；可选：apply、transfer、collect"),
        # `after` names a national step; local-check is one the province adds
        ("after: apply", "after: local-check", "不是指南 alpha 的步骤 id；可选：apply、transfer、collect"),
        ("material: local-proof", "material: local-prof", None),  # a province may name its own: the validator says
        (
            "national_channels: [national-site]",
            "national_channels: [national-sit]",
            "不是已有的全国渠道 id；可选：national-site",
        ),
        ("law: test-law", "law: test-lwa", "不是已有的法规 id；可选：test-law"),
    ],
)
def test_ids_a_province_names_agree_between_schema_and_validator(project, fixture_schemas, old, new, schema_says):
    path = edit(project, "data/provinces/guangdong.yaml", old, new)
    doc, _errors = load_file(path, project.root)
    messages = [
        e.schema.get("errorMessage") for e in validator(BY_NAME["province"], fixture_schemas).iter_errors(doc.data)
    ]
    if schema_says:  # under an if/then or anyOf the failing branch carries the message
        found = list(validator(BY_NAME["province"], fixture_schemas).iter_errors(doc.data))
        texts = messages + [c.schema.get("errorMessage") for e in found for c in e.context or ()]
        assert schema_says in texts
    else:
        assert messages == []
    with pytest.raises(ValidationFailed):
        validate_project(project)


def test_the_schema_completes_ids_with_their_titles(fixture_schemas):
    schema = json.loads(fixture_schemas["province.schema.json"])
    guides = schema["$defs"]["Office"]["properties"]["guides"]["items"]
    assert guides["enum"] == ["alpha", "beta"] and guides["enumDescriptions"] == ["甲事项", "乙事项"]
    [for_alpha] = [
        rule
        for rule in schema["$defs"]["Variation"]["allOf"]
        if rule["if"]["properties"]["guide"] == {"const": "alpha"}
    ]
    target = for_alpha["then"]["properties"]["steps"]["items"]["properties"]["target"]["anyOf"][0]
    assert target["enum"] == ["apply", "transfer", "collect"] and target["enumDescriptions"] == ["申请", "转出", "领取"]
    material = schema["$defs"]["MaterialUse"]["properties"]["material"]
    assert material["examples"] == ["id-card", "form-a", "local-proof"]  # offered; the province's own are fine too
    guide = json.loads(fixture_schemas["guide.schema.json"])
    assert guide["$defs"]["MaterialUse"]["properties"]["material"]["enum"] == ["id-card", "form-a", "local-proof"]


def test_messages_editors_see_are_chinese_and_never_hide_a_key_name(fixture_schemas):
    """yaml-language-server (1.20+) shows a schema's `errorMessage` instead of its own message: on
    a value that breaks a pattern or an enum. On an object it would also replace "missing
    property x" and "property x is not allowed", hiding the key: so never there."""
    messages = []

    def walk(node):
        if isinstance(node, dict):
            if "errorMessage" in node:
                assert "properties" not in node and node.get("type") != "object", node
                messages.append(node["errorMessage"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for text in fixture_schemas.values():
        walk(json.loads(text))
    assert messages and all(re.search("[\u4e00-\u9fff]", message) for message in messages)
    province = json.loads(fixture_schemas["province.schema.json"])["$defs"]
    assert province["Office"]["properties"]["phone"]["anyOf"][0]["errorMessage"].startswith("不是电话号码：写成")
    assert province["Step"]["properties"]["place"]["errorMessage"].startswith("取值不允许；允许的取值：moved-to、")


@pytest.mark.parametrize(
    "phone",
    [
        "0571-88396000",
        "0571－88396000",
        "０５７１－８８３９６０００",
        "0571-88396000转1",
        "0571-88396000 转 1",
        "(0571) 8839 6000",
        "（0571）8839 6000",
        "+86 571 8839 6000",
        "13800000000",
        "12333",
        "0571-12333",
        "0571—88396000",
        "0571-88396000-1",  # accepted
        "(((--",
        "0571/88396000",
        "123",
        "0571--88396000",
        "020-CALL-US",
        "0571-88396000转",
        "转1",
        "12345678901234567",
        "0571-88396000、0571-88396001",
        "(0571",
        "0571 - 88396000",
        "①2345678",
    ],
)
def test_the_schema_accepts_a_phone_number_exactly_when_the_validator_does(phone):
    try:
        m.Office(id="a-b-c", name="x", city="y", phone=phone, guides=["a"], entered="2026-01-01")
        accepted = True
    except ValidationError:
        accepted = False
    assert bool(re.search(m.PHONE_INPUT_PATTERN, phone)) == accepted


def test_validate_says_when_the_schemas_need_make_schema(project, capsys):
    shutil.copytree(FIXTURE, project.root, dirs_exist_ok=True)
    assert main(["--root", str(project.root), "schema"]) == 0
    assert main(["--root", str(project.root), "validate"]) == 0
    capsys.readouterr()
    beta = (project.root / "content/guides/beta.yaml").read_text(encoding="utf-8")
    (project.root / "content/guides/gamma.yaml").write_text(beta.replace("id: beta", "id: gamma"), encoding="utf-8")
    assert main(["--root", str(project.root), "validate"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{SCHEMA_DIR}/{name}.schema.json:1:1: error: 与 content/ 或 generator/core/model.py 不一致"
        "（增加或改了指南、步骤、材料、渠道或法规的 id）：请运行 make schema，并把 schema/ 的修改一起提交"
        for name in ("journey", "province")  # the kinds naming guides
    ] + ["发现 2 个错误，未生成网站。"]
    assert main(["--root", str(project.root), "schema"]) == 0
    assert main(["--root", str(project.root), "validate"]) == 0


def test_schema_command_writes_the_files_and_then_has_nothing_to_do(project, capsys):
    assert main(["--root", str(project.root), "schema"]) == 0
    assert "province.schema.json" in capsys.readouterr().out
    content = validate_project(project).content
    for name, text in render_schemas(content).items():
        assert (project.root / SCHEMA_DIR / name).read_text(encoding="utf-8") == text
    assert main(["--root", str(project.root), "schema"]) == 0
    assert "已是最新" in capsys.readouterr().out


def test_schema_command_on_invalid_content_says_what_to_fix_first(project, capsys):
    edit(project, "content/guides/alpha.yaml", "place: left", "place: lefft")
    assert main(["--root", str(project.root), "schema"]) == 1
    err = capsys.readouterr().err
    assert "content/guides/alpha.yaml:21:12: error: 取值 'lefft' 不允许" in err
    assert err.endswith("发现 1 个错误：改正后再运行 make schema。\n")
    assert not (project.root / SCHEMA_DIR).exists()
