"""Model labels in the reader's language (session 19): every field, help text and model name of
these apps goes through gettext, so the Django admin (and anything else that shows a model's
labels) is Dutch in Dutch and English in English. The review test walks only the admin pages
of registered models with data; this covers every model of these apps."""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

APPS = ["stories", "knowledge", "needs", "places", "exchange", "pool", "plans"]


def _fields(model):
    return [f for f in model._meta.get_fields() if not f.auto_created]


@pytest.mark.parametrize("label", APPS)
def test_every_model_name_goes_through_gettext(label):
    plain = [f"{m.__name__}.{name}" for m in apps.get_app_config(label).get_models()
             for name in ("verbose_name", "verbose_name_plural")
             if not isinstance(getattr(m._meta, name), Promise)]
    assert not plain, "model names Django made from the class name: " + ", ".join(plain)


@pytest.mark.parametrize("label", APPS)
def test_every_field_label_and_help_text_goes_through_gettext(label):
    plain = []
    for model in apps.get_app_config(label).get_models():
        for field in _fields(model):
            if not isinstance(field.verbose_name, Promise):
                plain.append(f"{model.__name__}.{field.name}: {field.verbose_name!r}")
            if field.help_text and not isinstance(field.help_text, Promise):
                plain.append(f"{model.__name__}.{field.name} (help): {field.help_text!r}")
    assert not plain, "labels not in the reader's language:\n" + "\n".join(plain)


def test_dutch_labels_are_lower_case_as_django_expects():
    """Django capitalises a label where it starts a sentence; one in capitals would shout in
    the middle of one ("Selecteer Verteller om te wijzigen")."""
    with translation.override("nl"):
        shouting = [f"{model.__name__}.{field.name}: {field.verbose_name}"
                    for label in APPS for model in apps.get_app_config(label).get_models()
                    for field in _fields(model)
                    if str(field.verbose_name)[:1].isupper()
                    and not str(field.verbose_name).startswith("CBS")]  # a name
    assert not shouting, "\n".join(shouting)


def test_the_admin_words_of_a_story_read_as_on_the_intake_form():
    from meervoud.knowledge.models import Theme
    from meervoud.stories.models import ConsentEvent, Story

    with translation.override("nl"):
        assert (Story._meta.get_field("helped_peers").verbose_name
                == "wat hielp: lotgenoten, familie en vrienden")
        assert Story._meta.get_field("narrator").verbose_name == "verteller"
        assert ConsentEvent._meta.verbose_name_plural == "vastleggingen van toestemming"
        assert Theme._meta.get_field("narrators").verbose_name == "aantal vertellers"


def test_the_labels_are_english_in_english():
    """Waits on the session's translations (/tmp/s19/tr_e4.json) being compiled."""
    from meervoud.knowledge.models import Theme
    from meervoud.stories.models import ConsentEvent, Story

    with translation.override("en"):
        assert (str(Story._meta.get_field("sense_of_control").verbose_name)
                == "say in the help received")
        assert str(ConsentEvent._meta.verbose_name) == "consent record"
        assert str(Theme._meta.get_field("key").help_text) == (
            "The theme's fixed code in the analysis. It stays the same in a new analysis.")


def test_the_plan_admin_reads_as_the_plan():
    """The plan's questions have short names in the admin; its form asks the handbook's
    questions in full (PlanForm), so a name here does not change what a team fills in."""
    from meervoud.plans.forms import PlanForm
    from meervoud.plans.models import Checklist, Plan

    with translation.override("nl"):
        assert str(Plan._meta.get_field("created_by").verbose_name) == "gemaakt door"
        assert str(Plan._meta.get_field("updated_at").verbose_name) == "laatst gewijzigd op"
        assert str(Checklist._meta.get_field("source").verbose_name) == "bron"
        assert str(PlanForm().fields["background_focus"].label).startswith(
            "Wat wordt de focus/het thema van het lokale projectteam")
