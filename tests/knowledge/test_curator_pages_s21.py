"""The curators' pages after session 21: the list of themes filters what still needs a name and
what waits for validation; a theme's name and collective statement are saved by one form; the
"Thema" choice and the questions name unnamed themes by their hint. Beside the review tests in
tests/core/test_journey_curator_s21.py: the Dutch texts, combined filters and edge cases."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge.models import Theme

pytestmark = pytest.mark.django_db

def _text(body: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))).strip()


def _rows(body: str) -> list[str]:
    return [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def _link(body: str, label: str) -> str:
    for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', body, re.S):
        if label in _text(text):
            return html.unescape(href)
    raise AssertionError(f"no link {label!r}")


@pytest.fixture
def anna(make_user):
    return make_user(Role.NARRATOR, "ed-anna")


@pytest.fixture
def browser(anna):
    client = Client()
    client.force_login(anna)
    return client


@pytest.fixture
def themes(publish, make_user):
    """Four themes: named, unnamed, one waiting for validation, one named with an unnamed sub-theme."""
    colleague = make_user(Role.NARRATOR, "ed-bert")
    publish.theme("wonen", label="Wonen, huur", validated=False)
    publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    publish.theme("geld", label="Geld", insight="Schulden houden je wakker.")
    Theme.objects.filter(key="geld").update(insight_draft="Schulden maken moe.", insight_written_by=colleague)
    parent = publish.theme("wachten", label="Wachtlijst", validated=False)
    publish.theme("wachten.bed", parent=parent, label="", label_hint="Bed, nacht", validated=False)
    publish.theme("wachten.goed", parent=parent, label="Goed", validated=False)


def test_the_list_offers_both_filters_with_their_counts(browser, themes):
    body = browser.get(reverse("knowledge:themes")).content.decode()
    assert "Alleen thema's zonder naam (2)" in _text(body)  # tolk and wachten.bed
    assert "Alleen wat wacht op validatie (1)" in _text(body)  # geld


def test_the_unnamed_filter_lists_a_named_theme_only_for_its_unnamed_sub_themes(browser, themes):
    body = browser.get(reverse("knowledge:themes") + "?zonder_naam=1").content.decode()
    rows = " | ".join(_rows(body))
    assert "Tolk, contact" in rows and "Bed, nacht" in rows
    assert "Wachtlijst" in rows, "the theme the unnamed sub-theme belongs to"
    assert "Goed" not in rows and "Wonen" not in rows and "Geld" not in rows
    assert "Een thema staat er ook bij als alleen een van zijn subthema's past." in _text(body)


def test_the_filters_combine_and_each_link_keeps_the_other(browser, themes, publish, anna):
    tolk = Theme.objects.get(key="tolk")
    curation.write_insight(tolk, "Een tolk die je kent, helpt.", user=anna)  # unnamed and waiting
    body = browser.get(reverse("knowledge:themes") + "?zonder_naam=1").content.decode()
    both = _link(body, "Alleen wat wacht op validatie")
    assert "zonder_naam=1" in both and "te_valideren=1" in both
    combined = browser.get(both).content.decode()
    rows = " | ".join(_rows(combined))
    assert "Tolk, contact" in rows and "wacht op validatie" in rows
    assert "Bed, nacht" not in rows and "Geld" not in rows
    # switching one off keeps the other
    only_waiting = _link(combined, "(ook die met een naam)")
    assert "te_valideren=1" in only_waiting and "zonder_naam" not in only_waiting
    assert "Alle thema's" in _text(combined)


def test_a_filter_that_finds_nothing_says_so(browser, publish):
    publish.theme("wonen", label="Wonen", validated=False)
    body = browser.get(reverse("knowledge:themes") + "?zonder_naam=1").content.decode()
    assert "Er zijn geen thema's die hierbij passen." in _text(body)
    assert "Nog geen analyse gedaan" not in _text(body)


def test_a_wrong_filter_value_shows_the_whole_list(browser, themes):
    body = browser.get(reverse("knowledge:themes") + "?zonder_naam=ja&te_valideren=%00").content.decode()
    assert "Wonen, huur" in _text(body) and "Tolk, contact" in _text(body)


def test_the_list_shows_a_new_text_waiting_without_the_whole_text(browser, themes):
    body = browser.get(reverse("knowledge:themes")).content.decode()
    row = next(row for row in _rows(body) if "Geld" in row)
    assert "Nieuwe tekst, nog niet gevalideerd: Schulden maken moe." in row


# ------------------------------------------------------------- one form for name and statement


def _form(body: str) -> str:
    return next(form for form in re.findall(r"<form\b.*?</form>", body, re.S) if 'name="insight"' in form)


def _hidden(form: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', form).group(1))


def _post_texts(browser, theme_key, form, **typed):
    return browser.post(reverse("knowledge:theme", args=[theme_key]), {
        "form": _hidden(form, "form"), "name_was": _hidden(form, "name_was"),
        "insight_was": _hidden(form, "insight_was"), **typed})


def test_one_save_stores_the_name_and_the_collective_statement(browser, publish):
    publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    body = browser.get(reverse("knowledge:theme", args=["tolk"])).content.decode()
    form = _form(body)
    assert form.count("<button") == 1 and "Opslaan" in _text(form)
    response = _post_texts(browser, "tolk", form, name="Een tolk die je vertrouwt",
                           insight="Een tolk die je kent, helpt meer.")
    assert response.status_code == 302
    theme = Theme.objects.get(key="tolk")
    assert (theme.name, theme.insight) == ("Een tolk die je vertrouwt", "Een tolk die je kent, helpt meer.")


def test_a_name_conflict_stores_neither_and_keeps_both_as_typed(browser, publish, make_user):
    theme = publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    form = _form(browser.get(reverse("knowledge:theme", args=["tolk"])).content.decode())
    curation.rename(theme, "Tolken", user=make_user(Role.NARRATOR, "ed-bert"))
    response = _post_texts(browser, "tolk", form, name="Een tolk die je vertrouwt",
                           insight="Een tolk die je kent, helpt meer.")
    assert response.status_code == 409
    theme.refresh_from_db()
    assert (theme.name, theme.insight) == ("Tolken", ""), "nothing half written"
    page = _text(response.content.decode())
    assert "Iemand anders heeft de naam van het thema intussen veranderd. Er is niets opgeslagen" in page
    assert response.context["rename_form"]["name"].value() == "Een tolk die je vertrouwt"
    assert response.context["insight_form"]["insight"].value() == "Een tolk die je kent, helpt meer."


def test_an_insight_conflict_stores_neither(browser, publish, make_user):
    theme = publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    form = _form(browser.get(reverse("knowledge:theme", args=["tolk"])).content.decode())
    curation.write_insight(theme, "Bert schreef dit.", user=make_user(Role.NARRATOR, "ed-bert"))
    response = _post_texts(browser, "tolk", form, name="Een tolk die je vertrouwt", insight="Een vaste tolk helpt.")
    assert response.status_code == 409
    theme.refresh_from_db()
    assert (theme.name, theme.insight) == ("", "Bert schreef dit.")
    assert "Iemand anders heeft de kennisuitspraak intussen veranderd. Er is niets opgeslagen" in _text(
        response.content.decode())


def test_a_field_she_left_does_not_overwrite_what_a_colleague_saved(browser, publish, make_user):
    theme = publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    form = _form(browser.get(reverse("knowledge:theme", args=["tolk"])).content.decode())
    curation.write_insight(theme, "Bert schreef dit.", user=make_user(Role.NARRATOR, "ed-bert"))
    response = _post_texts(browser, "tolk", form, name="Een tolk die je vertrouwt", insight="")
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.insight) == ("Een tolk die je vertrouwt", "Bert schreef dit.")


def test_bad_input_stores_nothing_and_keeps_both_fields(browser, publish):
    publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    form = _form(browser.get(reverse("knowledge:theme", args=["tolk"])).content.decode())
    response = _post_texts(browser, "tolk", form, name="x" * 201, insight="Een tolk die je kent, helpt meer.")
    assert response.status_code == 200
    theme = Theme.objects.get(key="tolk")
    assert (theme.name, theme.insight) == ("", "")
    assert response.context["insight_form"]["insight"].value() == "Een tolk die je kent, helpt meer."
    assert response.context["rename_form"].errors


def test_a_new_name_for_an_unnamed_sub_theme_of_a_published_theme_says_what_happens(browser, publish):
    parent = publish.theme("wachten", label="Wachtlijst")
    sub = publish.theme("wachten.tolk", parent=parent, label="", label_hint="Tolk, contact", validated=False)
    form = _form(browser.get(reverse("knowledge:theme", args=[sub.key])).content.decode())
    response = _post_texts(browser, sub.key, form, name="Een tolk die je vertrouwt", insight="")
    assert Theme.objects.get(pk=sub.pk).name_draft == "Een tolk die je vertrouwt"
    page = _text(browser.get(response.url).content.decode())
    assert ("De naam is opgeslagen. Dit subthema staat nog niet in de Kennisbank, omdat het geen naam "
            "had. Als iemand anders de naam valideert, komt het erin onder deze naam.") in page
    assert "toont de gevalideerde naam" not in page
    assert "Dit komt in de Kennisbank als iemand anders het valideert." in page


def test_a_new_name_for_a_named_published_theme_keeps_the_old_message(browser, publish):
    publish.theme("wachten", label="Wachtlijst")
    form = _form(browser.get(reverse("knowledge:theme", args=["wachten"])).content.decode())
    response = _post_texts(browser, "wachten", form, name="Lang wachten", insight="")
    page = _text(browser.get(response.url).content.decode())
    assert "De Kennisbank toont de gevalideerde naam tot iemand anders de nieuwe valideert." in page


# ------------------------------------------------------------- telling themes apart


def test_the_theme_choice_groups_sub_themes_under_their_theme(browser, themes, publish):
    publish.theme("koffie", label="Koffie", validated=False)
    body = browser.get(reverse("knowledge:theme", args=["koffie"])).content.decode()
    select = re.search(r'<select name="target".*?</select>', body, re.S).group(0)
    group = re.search(r'<optgroup label="Wachtlijst">(.*?)</optgroup>', select, re.S).group(1)
    options = [_text(option) for option in re.findall(r"<option[^>]*>(.*?)</option>", group, re.S)]
    assert options[0] == "Wachtlijst", "the theme first"
    assert "Goed (subthema van Wachtlijst)" in options
    assert "Thema zonder naam (voorlopig: Bed, nacht) (subthema van Wachtlijst)" in options
    assert "koffie" not in select.lower(), "not the theme itself"


def test_a_sub_theme_offers_its_own_theme_and_the_others(browser, themes):
    body = browser.get(reverse("knowledge:theme", args=["wachten.goed"])).content.decode()
    select = re.search(r'<select name="target".*?</select>', body, re.S).group(0)
    assert "Goed (subthema van" not in _text(select)
    assert "Wachtlijst" in _text(select) and "Wonen, huur" in _text(select)


def test_moving_to_a_sub_theme_chosen_from_its_group_still_works(browser, publish):
    parent = publish.theme("wachten", label="Wachtlijst", validated=False)
    sub = publish.theme("wachten.goed", parent=parent, label="Goed", validated=False)
    moved = publish.statement("koffie", "n1")
    response = browser.post(reverse("knowledge:theme", args=["koffie"]), {
        "form": "statements", "action": "move", "target": sub.pk, "statements": [moved.key]})
    assert response.status_code == 302
    moved.refresh_from_db()
    assert (moved.theme_id, moved.subtheme_id) == (parent.pk, sub.pk)


def test_the_merge_question_names_a_theme_without_a_name_by_its_hint(browser, publish):
    publish.theme("bed", label="", label_hint="Bed, nacht", validated=False)
    target = publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    page = _text(browser.post(reverse("knowledge:theme", args=["bed"]), {
        "form": "statements", "action": "merge", "target": target.pk}).content.decode())
    assert ("Wil je het hele thema ‘Thema zonder naam (voorlopig: Bed, nacht)’ samenvoegen met "
            "‘Thema zonder naam (voorlopig: Tolk, contact)’?") in page


def test_the_hint_stays_off_the_public_pages(client, publish):
    parent = publish.backed("wachten", 6, label="Wachtlijst")
    publish.theme("wachten.bed", parent=parent, label="", label_hint="Bed, nacht", validated=False)
    response = client.get(reverse("publication:theme", args=["wachten"]))
    assert response.status_code == 200
    page = _text(response.content.decode())
    assert "Wachtlijst" in page
    assert "Bed, nacht" not in page and "voorlopig" not in page


def test_a_proposal_links_the_themes_and_says_when_one_is_gone(browser, publish, make_user):
    from meervoud.exchange.models import CodingProposal, ProposalItem

    target = publish.theme("tolk", label="", label_hint="Tolk, contact", validated=False)
    proposal = CodingProposal.objects.create(uploaded_by=make_user(Role.RESEARCHER, "ruben"),
                                             file_name="project.qdpx", origin="ATLAS.ti")
    ProposalItem.objects.create(proposal=proposal, kind=ProposalItem.Kind.MOVE, theme=target)
    ProposalItem.objects.create(proposal=proposal, kind=ProposalItem.Kind.REMOVE, theme=None)
    body = browser.get(reverse("exchange:proposal", args=[proposal.pk])).content.decode()
    assert f'<a href="{reverse("knowledge:theme", args=["tolk"])}">Thema zonder naam (voorlopig: Tolk, contact)</a>' in body
    assert "De onderzoeker haalde deze uitspraak uit „?”." in _text(body)
