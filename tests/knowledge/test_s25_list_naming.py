"""One name, one theme (knowledge.naming): a name peer experts give may not be the name of a
theme a reader could mistake it for. The forms call ``free_name`` from their ``clean_…``."""

import pytest
from django import forms

from meervoud.knowledge.models import Theme
from meervoud.knowledge.naming import free_name, taken_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(publish):
    return publish.theme("a", validated=False, label="Wachten", name="Wachtlijsten")


def test_another_themes_name_is_taken_in_any_case_spelling_or_spacing(publish, named):
    other = publish.theme("b", validated=False, label="Lang wachten")
    for typed in ("Wachtlijsten", "wachtlijsten", "  WACHTLIJSTEN ", "Wachtlíjsten"):
        assert taken_by(typed, theme=other) == named, typed


def test_a_theme_may_keep_its_own_name(named):
    """Saving a form with only the kennisuitspraak changed sends the name unchanged."""
    assert taken_by("Wachtlijsten", theme=named) is None
    assert taken_by("Wachten", theme=Theme.objects.create(key="c", label="Wachten")) is None


def test_a_new_name_waiting_and_the_label_of_an_unnamed_theme_count(publish):
    publish.theme("a", label="Brieven", name="", name_draft="Post")
    publish.theme("b", label="Huur", validated=False)
    publish.theme("c", label="Werk", name="Een baan")  # its label is hidden by its name
    new = publish.theme("n", label="Iets", validated=False)
    assert taken_by("Post", theme=new).key == "a"
    assert taken_by("huur", theme=new).key == "b"
    assert taken_by("Werk", theme=new) is None


def test_a_theme_merged_away_or_retired_frees_its_name(publish, named):
    Theme.objects.filter(pk=named.pk).update(active=False)
    assert taken_by("Wachtlijsten", theme=publish.theme("b", validated=False)) is None


def test_sub_themes_of_different_themes_may_share_a_name_not_of_the_same_theme(publish):
    one, two = publish.theme("one", validated=False), publish.theme("two", validated=False)
    good = publish.theme("one-good", validated=False, label="Goed", parent=one)
    other = publish.theme("two-x", validated=False, label="X", parent=two)
    sibling = publish.theme("one-x", validated=False, label="Y", parent=one)
    assert taken_by("Goed", theme=other) is None
    assert taken_by("Goed", theme=sibling) == good
    assert taken_by("Goed", theme=publish.theme("main", validated=False)) is None  # a main theme


def test_an_empty_name_is_the_analysis_label_and_never_taken(publish, named):
    assert taken_by("", theme=publish.theme("b", validated=False, label="Wachtlijsten")) is None


def test_the_refusal_is_dutch_names_the_name_and_points_to_merging(publish, named):
    other = publish.theme("b", validated=False, label="Lang wachten")
    with pytest.raises(forms.ValidationError) as refused:
        free_name("wachtlijsten", theme=other)
    message = refused.value.messages[0]
    assert "Een ander thema heet al ‘wachtlijsten’" in message and "Voeg ze dan samen" in message
    assert refused.value.code == "name_taken"
    assert free_name("Wachten op een bed", theme=other) == "Wachten op een bed"


def test_a_theme_split_off_is_pointed_to_moving_its_statements(named):
    with pytest.raises(forms.ValidationError) as refused:
        free_name("Wachtlijsten", parent_id=None, splitting=True)
    assert "Verplaats naar thema" in refused.value.messages[0]
