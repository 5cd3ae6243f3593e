"""Session 20: a word names a theme, or is one of its keywords, only when k of the theme's own
narrators use it; a theme without such a word has no label and a neutral name."""


import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge.services import build_pipeline
from meervoud.publication.disclosure import k_threshold

pytestmark = pytest.mark.django_db


def _labelled(texts_by_narrator: dict[str, str]):
    """The web app's labeler (session 21: strict, ``min_narrators = k``) on one theme."""
    narrators = list(texts_by_narrator)
    return build_pipeline().labeler.label([texts_by_narrator[n] for n in narrators], ["t1"] * len(narrators),
                                          narrators=narrators)["t1"]


def test_keywords_of_fewer_than_k_narrators_leave_the_label(settings):
    settings.MEERVOUD_MIN_NARRATORS = 5
    texts = {f"n{i}": "De wachtlijst bij de ggz was lang." for i in range(5)}
    texts |= {"n5": "Als Eritrese wachtte ik op de wachtlijst.", "n6": "Eritrese vrouwen wachten."}
    label, keywords = _labelled(texts)
    assert "wachtlijst" in keywords and "ggz" in keywords
    assert not any("eritrese" in word for word in keywords) and "eritrese" not in label.lower()


def test_one_narrator_saying_it_often_is_still_one_narrator(settings):
    settings.MEERVOUD_MIN_NARRATORS = 5
    texts = {"n0": "Eritrese. " * 10, **{f"n{i}": "De wachtlijst was lang." for i in range(1, 6)}}
    label, keywords = _labelled(texts)
    assert keywords[0] == "wachtlijst" and "eritrese" not in keywords and "eritrese" not in label.lower()


def test_a_theme_without_a_word_of_k_narrators_gets_no_label(settings):
    settings.MEERVOUD_MIN_NARRATORS = 7
    texts = {f"n{i}": f"Iets heel eigens nummer {i}." for i in range(6)}
    assert _labelled(texts)[1] == ()  # no keywords; its label is at most a hint


def test_the_labeler_itself_prefers_words_of_k_narrators(settings):
    settings.MEERVOUD_MIN_NARRATORS = 7
    assert build_pipeline().labeler.min_narrators == 7


def test_a_theme_without_a_label_is_named_neutrally_and_curators_are_asked_to_name_it(
        client, publish, make_user):
    publish.theme("t", label="", label_hint="Eritrese, tolk", validated=False)
    publish.statement("t", "n-1")
    client.force_login(make_user(Role.NARRATOR, "ed"))
    page = client.get(reverse("knowledge:theme", args=["t"])).content.decode()
    assert "Thema zonder naam" in page and 'id="no-label"' in page
    assert f"bij {k_threshold()} of meer vertellers" in page
    assert "Eritrese, tolk" in page  # a hint for who names it, never published
    listing = client.get(reverse("knowledge:themes")).content.decode()
    assert "Thema zonder naam" in listing and "Eritrese, tolk" in listing


def test_the_hint_is_never_published(client, publish):
    publish.backed("t", k_threshold(), label="", label_hint="Eritrese, tolk")
    page = client.get(reverse("publication:theme", args=["t"]))
    # session 21: a theme without any name is not published at all, even when validated
    assert page.status_code == 404 and "Eritrese" not in page.content.decode()
    assert client.get("/api/v1/themas").json()["resultaten"] == []
    assert "Eritrese" not in client.get(reverse("publication:themes")).content.decode()


def test_unnamed_themes_can_be_told_apart_where_people_choose_one(client, publish, make_user):
    publish.theme("a", label="", label_hint="Tolk, contact", validated=False)
    publish.statement("a", "n-1")
    publish.theme("b", label="", label_hint="Bed, nacht", validated=False)
    client.force_login(make_user(Role.NARRATOR, "ed"))
    page = client.get(reverse("knowledge:theme", args=["a"])).content.decode()
    assert "Thema zonder naam (voorlopig: Bed, nacht)" in page  # a target to move statements to
    coding = client.get(reverse("knowledge:coding")).content.decode()
    assert "Thema zonder naam (voorlopig: Tolk, contact)" in coding
