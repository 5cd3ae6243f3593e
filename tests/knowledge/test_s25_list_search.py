"""Searching the curators' list of themes ("q", as the Kennisbank searches): every word, accents
and case ignored, unvalidated themes too; a reader who does not curate finds a theme only by
words she may read."""

import html
import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge.models import Theme

pytestmark = pytest.mark.django_db


def _listed(response) -> str:
    """The table of themes only: the search field repeats the question."""
    body = response.content.decode()
    table = re.search(r'<table id="themes">.*?</table>', body, flags=re.S).group(0)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table)))


@pytest.fixture
def themes(publish):
    publish.backed("a", 2, validated=False, label="Wachtlijst, ggz", keywords=["wachtlijst", "ggz"])
    parent = publish.backed("b", 2, validated=False, label="Schulden, brieven")
    publish.theme("b-sub", validated=False, label="Deurwaarder", parent=parent)
    publish.backed("c", 2, validated=False, label="Huur", name="Crèche en opvang")
    publish.backed("d", 2, validated=False, label="Werk", insight="Een baan gaf houvast.")


@pytest.fixture
def anna(client, make_user):
    client.force_login(make_user(Role.NARRATOR, "ed-anna"))
    return client


def _find(client, query: str, **more) -> str:
    return _listed(client.get(reverse("knowledge:themes"), {"q": query, **more}))


def test_a_theme_is_found_by_the_name_of_one_of_its_sub_themes(anna, themes):
    found = _find(anna, "deurwaarder")
    assert "Schulden, brieven" in found and "Wachtlijst" not in found


def test_accents_and_case_do_not_matter_and_every_word_must_be_there(anna, themes):
    assert "Crèche en opvang" in _find(anna, "CRECHE")
    assert "Wachtlijst, ggz" in _find(anna, "ggz wachtlijst")
    assert "Wachtlijst, ggz" not in _find(anna, "wachtlijst huur")


def test_a_curator_finds_a_theme_by_its_kennisuitspraak(anna, themes):
    assert "Werk" in _find(anna, "houvast")


def test_nothing_found_says_so_and_offers_the_whole_list(anna, themes):
    response = anna.get(reverse("knowledge:themes"), {"q": "paardrijden"})
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "Er zijn geen thema's die hierbij passen." in text
    assert "0 thema's gevonden met ‘paardrijden’" in re.sub(r"\s+", " ", text)
    assert f'href="{reverse("knowledge:themes")}"' in response.content.decode()


def test_the_search_keeps_a_filter_that_is_on_and_a_filter_keeps_the_search(anna, themes):
    Theme.objects.filter(key="a").update(label="", label_hint="Wachtlijst")  # unnamed now
    response = anna.get(reverse("knowledge:themes"), {"q": "wachtlijst", "zonder_naam": "1"})
    body = response.content.decode()
    assert '<input type="hidden" name="zonder_naam" value="1">' in body
    assert "q=wachtlijst" in body  # the filter links keep the question
    assert "Thema zonder naam" in _listed(response) and "Schulden" not in _listed(response)


def test_a_researcher_does_not_find_a_theme_by_a_name_nobody_validated(client, make_user, themes):
    """She reads the analysis's label instead of that name, so a search on it must not tell
    her that the name holds the word."""
    client.force_login(make_user(Role.RESEARCHER))
    assert "Huur" not in _find(client, "creche")
    assert "Huur" in _find(client, "huur")
    assert "Werk" not in _find(client, "houvast")  # a kennisuitspraak nobody validated


def test_a_researcher_finds_a_validated_theme_by_its_name(client, make_user, themes):
    Theme.objects.filter(key="c").update(validated_at="2025-01-01T00:00Z")
    client.force_login(make_user(Role.RESEARCHER))
    assert "Crèche en opvang" in _find(client, "creche")
