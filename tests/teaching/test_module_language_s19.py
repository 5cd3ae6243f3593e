"""Session 19: the teaching module Meervoud ships is shown in the reader's language, translated
as the handbook's content is (its Dutch texts are msgids, see plans/reference.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from meervoud.plans import reference as handbook
from meervoud.teaching import reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(monkeypatch):
    """A stand-in English for the shipped texts: "[en] " and the Dutch."""
    def fake(text):
        return f"[en] {text}" if translation.get_language() == "en" else text

    reference._module.cache_clear()
    monkeypatch.setattr(handbook, "gettext", fake)
    yield
    reference._module.cache_clear()


def test_the_module_is_in_the_readers_language_and_keeps_its_keys(english):
    with translation.override("en"):
        module = reference.module()
        assert module["title"] == "[en] Ervaringsdeskundigheid"
        assert module["slug"] == "ervaringsdeskundigheid"  # published material is filed under it
        assert [s["key"] for s in module["sections"]][0] == "definitie"
        assert module["assignments"][1]["number"] == 2
        label = dict(reference.assignment_choices())[2]
        assert "[en] Een vak apart?" in label and label.endswith("[en] Een vak apart?")
    with translation.override("nl"):
        assert dict(reference.assignment_choices())[2] == "Opdracht 2: Een vak apart?"


def test_the_module_page_and_the_share_form_in_english(client, english, make_user):
    client.force_login(make_user("verteller", "docent"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("teaching:module")).content.decode()
    assert "[en] Definitie van ervaringsdeskundigheid" in page
    assert "[en] Wanneer ben je ervaringsdeskundig?" in page
    form = client.get(reverse("teaching:share")).content.decode()
    assert "[en] In gesprek over ervaringsdeskundigheid" in form
