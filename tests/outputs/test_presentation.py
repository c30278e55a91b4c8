"""The presentation rules shared by pages and print (generator/outputs/presentation.py): every
value of the model's enumerations has a label, and time limits and fees read the same in every
output, pluralised in English."""

import typing

import pytest
from helpers import site_of
from markupsafe import Markup, escape

from generator.core import model as m
from generator.i18n.locale import Formatter
from generator.i18n.messages import load_translations
from generator.outputs.presentation import FORM_COUNTS, LABELS, Presenter, numbered

ENUMERATIONS = {
    "place_label": typing.get_args(m.Place),
    "role_name": typing.get_args(m.ProvinceRole),
    "holder_label": typing.get_args(m.Holder),
    "audience_label": typing.get_args(m.Audience),
    "agency_label": typing.get_args(m.Channel.model_fields["agency"].annotation),  # includes "government"
    "form_label": typing.get_args(m.MaterialForm),
    "kind_label": typing.get_args(m.ChannelKind),
    "status_label": typing.get_args(m.Law.model_fields["status"].annotation),
}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_value_of_the_model_has_a_label(name):
    values = set(ENUMERATIONS[name])
    assert values and set(LABELS[name]) == values, f"{name}: labels {sorted(LABELS[name])}, model {sorted(values)}"


def test_every_material_form_can_be_counted():
    assert set(FORM_COUNTS) == set(ENUMERATIONS["form_label"])


@pytest.mark.parametrize(
    ("language", "form", "count", "expected"),
    [
        ("zh-Hans", "original", 1, "原件 1 份"),
        ("zh-Hans", "original-and-copy", 2, "原件和复印件 2 份"),
        ("en", "original", 1, "1 original"),  # not "Original (1 copy)"
        ("en", "copy", 2, "2 photocopies"),
        ("en", "original-and-copy", 1, "the original and 1 photocopy"),
    ],
)
def test_a_material_form_is_counted_as_each_language_says_it(language, form, count, expected):
    assert _presenter(language).form_count(form, count) == expected


def test_every_enumeration_of_the_model_is_labelled():
    """A new Literal in the model (a new kind of value shown to readers) needs its labels here."""
    found: set[tuple[str, ...]] = set()
    for cls in (m.Step, m.Material, m.MaterialUse, m.Channel, m.LocalChannel, m.Law, m.Guide, m.AudienceNote):
        for field in cls.model_fields.values():
            for annotation in (field.annotation, *typing.get_args(field.annotation)):
                for inner in (annotation, *typing.get_args(annotation)):
                    if typing.get_origin(inner) is typing.Literal:
                        found.add(typing.get_args(inner))
    labelled = set().union(*(set(table) for table in LABELS.values()))
    # Values that are not shown as such: how an article is numbered, who acts (shown by `where`).
    internal = {("articles", "points"), ("you", "agencies")}
    missing = [values for values in found - internal if not set(values) <= labelled]
    assert not missing, missing


def _presenter(language: str) -> Presenter:
    return Presenter(load_translations(language, "messages"), Formatter(language), lambda v: escape(v))


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [("zh-Hans", 1, "1 个工作日"), ("en", 1, "1 working day"), ("en", 15, "15 working days")],
)
def test_time_limits_are_pluralised(language, days, expected):
    assert _presenter(language).time_limit(m.TimeLimit(working_days=days)) == expected


def test_a_time_limit_note_is_escaped_by_the_output():
    text = _presenter("zh-Hans").time_limit(m.TimeLimit(working_days=5, note="<b>自受理起</b>"))
    assert text == Markup("5 个工作日（&lt;b&gt;自受理起&lt;/b&gt;）")


@pytest.mark.parametrize(
    ("fee", "expected"),
    [
        (m.Fee(amount=0), "免费"),
        (m.Fee(), "由各地规定"),
        (m.Fee(amount=25.5, note="工本费"), "¥25.50（工本费）"),
    ],
)
def test_fees(fee, expected):
    assert _presenter("zh-Hans").fee(fee) == expected


def test_steps_are_numbered_on_across_a_journey(project):
    site = site_of(project)
    parts = site.province_journeys[("alpha-then-beta", "hunan")].parts
    assert [(p.guide.id, start) for p, start in numbered(parts)] == [("alpha", 1), ("beta", 4)]


@pytest.mark.parametrize(
    ("language", "first"),
    [("zh-Hans", {"mainland"}), ("en", {"foreign"}), ("zh-Hant", {"hong-kong-macao", "taiwan"})],
)
def test_each_languages_readers_see_their_own_documents_first(language, first):
    from generator.config import REPO_ROOT, Project
    from generator.core.validate import validate_project

    materials = validate_project(Project(REPO_ROOT)).materials
    group = [materials[i] for i in materials["identity-document"].one_of]
    ordered = Presenter(load_translations(language, "messages"), Formatter(language), escape, language).for_readers(
        group
    )
    assert set(ordered[0].holders) & first
    assert {h for doc in ordered for h in doc.holders} == {"mainland", "hong-kong-macao", "taiwan", "foreign"}
