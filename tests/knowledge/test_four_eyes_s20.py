"""Session 20: what the Kennisbank publishes passed two peer experts. A new name of a published
theme waits for validation like a new collective statement, and nobody validates words they
wrote themselves (the administrator neither)."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge.models import Theme
from meervoud.publication.disclosure import k_threshold

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _public(client, key="t") -> str:
    return _text(client.get(reverse("publication:theme", args=[key])))


def _logged_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def two(make_user):
    return make_user(Role.NARRATOR, "ed-anna"), make_user(Role.NARRATOR, "ed-bert")


# --------------------------------------------------------------------------- the name waits


def test_a_new_name_of_a_published_theme_waits_until_someone_else_validates_it(client, publish, two):
    anna, bert = two
    publish.backed("t", k_threshold(), name="Lang wachten")
    url = reverse("knowledge:theme", args=["t"])

    response = _logged_in(anna).post(url, {"form": "rename", "name": "Wachten op de ggz"}, follow=True)
    assert "De Kennisbank toont de gevalideerde naam tot iemand anders de nieuwe valideert" in _text(response)
    theme = Theme.objects.get(key="t")
    assert (theme.name, theme.name_draft, theme.name_written_by) == ("Lang wachten", "Wachten op de ggz", anna)
    assert "Lang wachten" in _public(client) and "Wachten op de ggz" not in _public(client)

    page = _text(_logged_in(bert).get(url))
    assert "Nieuwe naam, nog niet gevalideerd: Wachten op de ggz" in page
    assert "Valideer de nieuwe naam" in page
    version = curation.name_version(theme)
    response = _logged_in(bert).post(url, {"form": "validate", "name_was": version,
                                           "insight_was": curation.insight_version(theme.insight)})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.name_draft, theme.name_written_by) == ("Wachten op de ggz", None, None)
    assert "Wachten op de ggz" in _public(client)
    history = [event.description for event in theme.curation_events.all()]
    assert "Gevalideerd: de nieuwe naam is nu “Wachten op de ggz”" in history
    assert "Nieuwe naam, nog niet gevalideerd: Lang wachten → Wachten op de ggz" in history


def test_a_name_of_a_theme_nobody_validated_yet_is_changed_at_once(publish, two):
    anna, _bert = two
    theme = publish.theme("t", name="Oud", validated=False)
    curation.rename(theme, "Nieuw", user=anna)
    theme.refresh_from_db()
    assert (theme.name, theme.name_draft, theme.name_written_by) == ("Nieuw", None, anna)
    curation.rename(theme, "", user=anna)  # back to the analysis's label: nobody's words wait
    theme.refresh_from_db()
    assert (theme.name, theme.name_written_by) == ("", None)


def test_renaming_back_to_the_validated_name_drops_the_waiting_one(publish, two):
    anna, _bert = two
    theme = publish.theme("t", name="Lang wachten")
    curation.rename(theme, "Iets anders", user=anna)
    curation.rename(theme, "Lang wachten", user=anna)
    theme.refresh_from_db()
    assert (theme.name_draft, theme.name_written_by) == (None, None)


def test_validating_from_a_page_that_showed_another_waiting_name_publishes_nothing(publish, two):
    anna, bert = two
    theme = publish.theme("t", name="Lang wachten")
    curation.rename(theme, "Eerste voorstel", user=anna)
    seen = curation.name_version(Theme.objects.get(key="t"))
    curation.rename(Theme.objects.get(key="t"), "Tweede voorstel", user=anna)
    response = _logged_in(bert).post(reverse("knowledge:theme", args=["t"]),
                                     {"form": "validate", "name_was": seen, "insight_was": ""})
    assert response.status_code == 409
    assert "De naam van het thema is intussen veranderd. Er is niets gevalideerd." in _text(response)
    assert Theme.objects.get(key="t").name == "Lang wachten"


def test_a_sub_theme_of_a_published_theme_is_listed_by_name_so_its_new_name_waits(publish, two):
    anna, bert = two
    parent = publish.theme("t", name="Lang wachten")
    sub = publish.theme("t.sub", name="Intake", validated=False, parent=parent)
    curation.rename(sub, "Wachten na de intake", user=anna)
    sub.refresh_from_db()
    assert (sub.name, sub.name_draft) == ("Intake", "Wachten na de intake")
    curation.set_validated(sub, True, user=bert)
    sub.refresh_from_db()
    assert sub.title == "Wachten na de intake"


def test_a_new_sub_theme_split_off_a_published_theme_waits_for_its_name(publish, two):
    anna, _bert = two
    parent = publish.theme("t", name="Lang wachten")
    sub = publish.theme("t.sub", name="Intake", validated=False, parent=parent)
    statement = publish.statement("t", "n-1")
    statement.subtheme = sub
    statement.save()
    new = curation.split(sub, [statement], "Iets nieuws", user=anna)
    assert (new.name, new.label, new.name_draft, new.parent) == ("", "", "Iets nieuws", parent)
    assert new.title == "Thema zonder naam"


# --------------------------------------------------------------------------- four eyes


def test_the_writer_of_a_waiting_text_is_told_that_someone_else_validates_it(publish, two):
    anna, bert = two
    publish.backed("t", k_threshold(), insight="Wachten maakt alles zwaarder.")
    url = reverse("knowledge:theme", args=["t"])
    _logged_in(anna).post(url, {"form": "insight", "insight": "Wachten maakt ziek."})

    page = _logged_in(anna).get(url).content.decode()
    assert 'id="own-words"' in page and "Valideer de nieuwe tekst" not in page
    theme = Theme.objects.get(key="t")
    response = _logged_in(anna).post(url, {"form": "validate",
                                           "insight_was": curation.insight_version("Wachten maakt ziek.")})
    assert response.status_code == 403
    assert "Je hebt de nieuwe naam of kennisuitspraak zelf geschreven." in _text(response)
    theme.refresh_from_db()
    assert (theme.insight, theme.insight_draft) == ("Wachten maakt alles zwaarder.", "Wachten maakt ziek.")

    assert "Valideer de nieuwe tekst" in _logged_in(bert).get(url).content.decode()
    curation.set_validated(theme, True, user=bert, based_on=curation.insight_version("Wachten maakt ziek."))
    theme.refresh_from_db()
    assert (theme.insight, theme.insight_written_by) == ("Wachten maakt ziek.", None)


def test_taking_the_validation_away_first_does_not_let_the_writer_publish_alone(publish, two):
    anna, _bert = two
    theme = publish.theme("t", insight="Gevalideerd.")
    curation.write_insight(theme, "Mijn eigen tekst.", user=anna)  # waits as a draft
    curation.set_validated(theme, False, user=anna)  # the draft becomes the one text ...
    with pytest.raises(curation.OwnWords):
        curation.set_validated(theme, True, user=anna)  # ... but is still hers
    # nor by writing on the unvalidated theme
    curation.write_insight(theme, "Nog een eigen tekst.", user=anna)
    with pytest.raises(curation.OwnWords):
        curation.set_validated(theme, True, user=anna)
    assert not Theme.objects.get(key="t").validated


def test_a_new_theme_is_validated_by_someone_other_than_its_writer(publish, two):
    anna, bert = two
    theme = publish.theme("t", validated=False)
    curation.rename(theme, "Wachten", user=anna)
    curation.write_insight(theme, "Wachten maakt ziek.", user=bert)
    for writer in (anna, bert):  # each wrote part of what would be published
        with pytest.raises(curation.OwnWords):
            curation.set_validated(theme, True, user=writer)
    theme.refresh_from_db()
    assert curation.own_words(theme, anna) == ["name"] and curation.own_words(theme, bert) == ["insight"]


def test_once_validated_the_writer_may_take_it_back_and_validate_the_same_words_again(publish, two):
    anna, bert = two
    theme = publish.theme("t", validated=False)
    curation.write_insight(theme, "Wachten maakt ziek.", user=anna)
    curation.set_validated(theme, True, user=bert)
    curation.set_validated(theme, False, user=anna)
    curation.set_validated(theme, True, user=anna)  # Bert read these words: nothing of hers waits
    assert Theme.objects.get(key="t").validated


def test_the_administrator_validates_no_words_of_her_own_either(publish, make_user):
    admin = make_user(Role.ADMINISTRATOR, "beheer")
    theme = publish.theme("t")
    curation.write_insight(theme, "Tekst van de beheerder.", user=admin)
    with pytest.raises(curation.OwnWords):
        curation.set_validated(theme, True, user=admin)


def test_the_first_validation_button_is_replaced_for_the_writer(publish, two):
    anna, bert = two
    publish.backed("t", 1, validated=False)
    curation.write_insight(Theme.objects.get(key="t"), "Wachten maakt ziek.", user=anna)
    url = reverse("knowledge:theme", args=["t"])
    assert "Markeer als gevalideerd" not in _logged_in(anna).get(url).content.decode()
    assert 'id="own-words-first"' in _logged_in(anna).get(url).content.decode()
    assert "Markeer als gevalideerd" in _logged_in(bert).get(url).content.decode()


def test_the_admin_site_shows_the_published_words_but_does_not_change_them(admin_client, publish):
    theme = publish.theme("t", name="Lang wachten", insight="Wachten maakt ziek.")
    url = reverse("admin:knowledge_theme_change", args=[theme.pk])
    page = admin_client.get(url).content.decode()
    assert "Wachten maakt ziek." in page and 'name="insight"' not in page and 'name="name"' not in page
