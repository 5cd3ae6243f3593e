"""Session 20: a theme's name and collective statement are published; the de-identifier's
detection runs on what peer experts type there, as it runs on every story."""

import html
import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge import curation
from meervoud.knowledge.forms import InsightForm, RenameForm
from meervoud.knowledge.identifying import identifying
from meervoud.knowledge.models import Theme

pytestmark = pytest.mark.django_db

PLACES = frozenset({"groningen", "assen", "gouda"})


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("text, kinds", [
    ("Zoals Fatima vertelde: het wijkteam hielp niet.", {"person"}),
    ("Het dossier van mevrouw De Graaf", {"person"}),
    ("Bel haar op 06-12345678.", {"phone"}),
    ("Mail naar fatima@gmail.com", {"email"}),
    ("Ik woon op de Hoofdstraat 12 in Emmen.", {"address"}),
])
def test_what_points_to_a_person_is_found(text, kinds):
    assert {kind for kind, _words in identifying(text, PLACES)} == kinds


@pytest.mark.parametrize("text", [
    "Wie één vaste persoon had, hield het vol.",
    "Een maatje van Humanitas hielp bij de schulden in Groningen.",  # an organisation, a place
    "Wat [PERSOON-1] vertelde: de huisarts luisterde.",  # a tag hides the name already
    "Methodiek Gouda werkt.",  # a place in what looks like a name
    "Mevrouw F wilde eerst niet mee.",  # one letter
    "Huisarts, jeugd-ggz, behandelaar",
    "",
])
def test_ordinary_collective_knowledge_passes(text):
    assert identifying(text, PLACES) == []


def test_the_form_says_in_dutch_what_it_found_and_keeps_what_was_typed(client, publish, make_user):
    publish.theme("t", name="Wachtlijsten", validated=False)
    client.force_login(make_user(Role.NARRATOR, "ed"))
    typed = "Zoals Fatima el Amrani vertelde (bel 06-12345678): het dossier was kwijt."
    response = client.post(reverse("knowledge:theme", args=["t"]), {"form": "insight", "insight": typed})
    page = _text(response)
    assert ("Hier staat iets waaraan iemand te herkennen is (een naam, een telefoonnummer): "
            "‘Fatima el Amrani’, ‘06-12345678’.") in page
    assert "Er is nog niets opgeslagen." in page
    assert typed in page  # still in the field
    assert Theme.objects.get(key="t").insight == ""


def test_a_name_with_a_persons_name_is_refused_too():
    form = RenameForm({"name": "Het dossier van mevrouw De Graaf"})
    assert not form.is_valid() and "een naam" in form.errors["name"][0]
    assert RenameForm({"name": "Wachten op de ggz"}).is_valid()
    assert InsightForm({"insight": "Wachten maakt ziek."}).is_valid()


def test_splitting_off_a_theme_checks_its_new_name(client, publish, make_user):
    statement = publish.statement("t", "n-1")
    client.force_login(make_user(Role.NARRATOR, "ed"))
    response = client.post(reverse("knowledge:theme", args=["t"]), {
        "form": "statements", "action": "split", "statements": [statement.key],
        "new_name": "Wat Jan de Vries meemaakte"})
    assert response.status_code == 200 and "een naam" in _text(response)
    assert not Theme.objects.filter(name__contains="Jan").exists()


def test_validating_a_text_that_names_someone_is_refused_without_repeating_the_words(
        client, publish, make_user):
    """A text stored before this check, or another way (an import), is caught when validating."""
    theme = publish.theme("t", validated=False, insight="Zoals Fatima el Amrani vertelde: te lang.")
    with pytest.raises(curation.IdentifyingText) as refused:
        curation.set_validated(theme, True, user=make_user(Role.NARRATOR, "ed"))
    assert refused.value.fields == ["insight"] and "Fatima" not in str(refused.value)

    client.force_login(make_user(Role.NARRATOR, "ed-2"))
    response = client.post(reverse("knowledge:theme", args=["t"]), {"form": "validate"})
    assert response.status_code == 400
    message = re.search(r"Er is niets gevalideerd\. In de kennisuitspraak[^<]*", response.content.decode())
    assert message and "(een naam)" in message.group(0) and "Fatima" not in message.group(0)
    assert not Theme.objects.get(key="t").validated
