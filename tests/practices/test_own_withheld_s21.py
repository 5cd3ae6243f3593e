"""A proposer's list of her own practices ("Jouw voorstellen", on the page to propose one) shows
every practice of hers that is not in the catalogue: also one a coordinator published whose
texts now point to a person (withheld), with a short note why. Only she can find it there."""

import re
from html import unescape

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.practices.selectors import proposals_of
from meervoud.publication.selectors import forget_cache

pytestmark = pytest.mark.django_db

NOTE = ("Gepubliceerd, maar niet in de catalogus. Bij 'Waar gaat het over?' staat een naam, "
        "telefoonnummer, e-mailadres of adres. Open de praktijk om dat aan te passen.")


@pytest.fixture
def proposer(make_user):
    return make_user(Role.POLICY_OFFICER, "indiener")


@pytest.fixture
def practices(make_practice, proposer):
    own = {
        "withheld": make_practice("Meelopen naar de schuldhulp", municipalities=["Groningen"],
                                  proposed_by=proposer),
        "published": make_practice("Herstelcafé", municipalities=["Groningen"],
                                   proposed_by=proposer),
        "waiting": make_practice("Maatjes", status=PracticeStatus.PROPOSED, proposed_by=proposer),
        "rejected": make_practice("Inloop", status=PracticeStatus.REJECTED, proposed_by=proposer),
    }
    GoodPractice.objects.filter(pk=own["rejected"].pk).update(rejection_reason="Te vaag.")
    GoodPractice.objects.filter(pk=own["withheld"].pk).update(
        summary="Marieke de Vries loopt mee. Bel haar op 06-12345678.")
    forget_cache()
    return own


def _rows(response) -> dict[str, str]:
    """Title -> status cell of the table "Jouw voorstellen"."""
    html = response.content.decode().split('id="own-proposals"', 1)[1].split("</table>", 1)[0]
    return {unescape(re.sub(r"<[^>]+>", "", title)).strip(): unescape(
                re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", status))).strip()
            for title, status in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", html, re.DOTALL)}


def test_the_selector_keeps_her_withheld_practice_and_says_why(practices, proposer):
    found = {practice.title: practice for practice in proposals_of(proposer)}
    assert set(found) == {"Meelopen naar de schuldhulp", "Maatjes", "Inloop"}
    assert found["Meelopen naar de schuldhulp"].withheld.fields == ("summary",)
    assert found["Maatjes"].withheld is None and found["Inloop"].withheld is None


def test_she_sees_it_in_her_list_with_a_short_note(client, practices, proposer):
    client.force_login(proposer)
    response = client.get(reverse("practices:propose"))
    rows = _rows(response)
    assert rows == {"Meelopen naar de schuldhulp": NOTE, "Maatjes": "Voorgesteld",
                    "Inloop": "Afgewezen: Te vaag."}
    # the note is short: the words themselves are on the practice's own page, behind the link
    assert "Marieke" not in rows["Meelopen naar de schuldhulp"]
    assert practices["withheld"].get_absolute_url() in response.content.decode()


def test_her_withheld_practice_opens_with_the_full_explanation(client, practices, proposer):
    client.force_login(proposer)
    page = unescape(client.get(practices["withheld"].get_absolute_url()).content.decode())
    assert "Deze praktijk is gepubliceerd, maar staat niet in de catalogus." in page


def test_once_fixed_and_back_in_the_catalogue_it_leaves_her_list(client, practices, proposer):
    withheld = practices["withheld"]
    withheld.summary = "Een ervaringsdeskundige loopt mee naar de schuldhulp."
    withheld.save()  # a coordinator's edit: the decision "published" stays
    client.force_login(proposer)
    assert "Meelopen naar de schuldhulp" not in _rows(client.get(reverse("practices:propose")))
    assert withheld.is_published


def test_someone_elses_withheld_practice_is_not_in_her_list(make_user, practices):
    other = make_user(Role.POLICY_OFFICER, "iemand-anders")
    assert proposals_of(other) == []


def test_the_list_in_english(client, practices, proposer):
    """Waits for the English translations of session 21 to be compiled."""
    client.force_login(proposer)
    client.cookies.load({"django_language": "en"})
    rows = _rows(client.get(reverse("practices:propose")))
    assert rows["Meelopen naar de schuldhulp"].startswith("Published, but not in the catalogue. There is")
