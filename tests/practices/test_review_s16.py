"""Session-16 review of the good-practice catalogue, as its users meet it.

Each test tells one user's story and asserts what that user should get; each fails on the
code as it was reviewed.
"""

import pytest
from django.urls import reverse

from meervoud.practices.models import GoodPractice, PracticeStatus
from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db


def test_a_persons_name_email_and_mobile_number_are_refused_as_contact(client, make_user):
    """A peer expert proposes a practice and, as contact, types the name, private e-mail address
    and mobile number of the colleague who runs it. The form accepts it, and once a coordinator
    publishes it, every anonymous visitor reads that person's e-mail and phone number. The form
    says "Geen privégegevens van personen" and Meervoud already detects such data (the importer
    refuses it in a pseudonym): the proposal should be refused with a message on the contact
    field."""
    client.force_login(make_user("verteller"))
    response = client.post(reverse("practices:propose"), proposal_data(
        contact="Marieke de Vries, marieke.devries@gmail.com, 06-12345678"))
    assert response.status_code == 200, "the proposal with personal contact data was stored"
    assert "contact" in response.context["form"].errors
    assert not GoodPractice.objects.filter(title="Maatjes voor nieuwkomers").exists()


def test_sending_the_same_proposal_twice_makes_one_proposal(client, make_user):
    """A policy officer on a slow connection clicks "Voorstel insturen" twice (or presses reload
    and resends the form). Meervoud stores two identical proposals (slugs ``…`` and ``…-2``):
    the coordinator gets the same practice twice in the queue and could publish both. The second
    identical submission shortly after should lead to the first proposal, as the pool already does
    for a posted assignment."""
    client.force_login(make_user("beleid"))
    first = client.post(reverse("practices:propose"), proposal_data())
    second = client.post(reverse("practices:propose"), proposal_data())
    assert first.status_code == second.status_code == 302
    assert GoodPractice.objects.filter(title="Maatjes voor nieuwkomers").count() == 1
    assert second["Location"] == first["Location"]


@pytest.mark.parametrize("field", ["municipalities", "life_domains", "themes"])
def test_a_tampered_id_in_the_proposal_form_gets_an_error_not_a_crash(client, make_user, field):
    """Someone sends the proposal form with an absurdly large id in a choice field (a browser
    extension, a tampered request, a security scan). On the default SQLite database the site
    answers with a 500 error page (OverflowError from the database) instead of the form. It
    should show the form again with "kies een geldige optie", as it does for any other unknown
    id."""
    client.force_login(make_user("verteller"))
    client.raise_request_exception = False  # see the answer the visitor gets
    response = client.post(reverse("practices:propose"),
                           proposal_data(**{field: ["9" * 30]}))
    assert response.status_code == 200, f"HTTP {response.status_code} instead of the form"
    assert field in response.context["form"].errors


def test_one_wrong_catalogue_filter_does_not_silently_drop_the_other_filters(client,
                                                                           make_practice):
    """A municipal policy officer opens a saved link to the catalogue for the life domain
    'verslaving' in a region that no longer exists (or mistypes the region in the address). The
    whole filter is thrown away: the page still shows 'verslaving' selected, yet lists practices
    on every other theme too. The valid filters should still apply, so only addiction practices
    are listed."""
    make_practice("Verslaving in Groningen", municipalities=["Groningen"], domains=["verslaving"])
    make_practice("Armoede in Zwolle", municipalities=["Zwolle"], domains=["armoede-schulden"])
    response = client.get(reverse("practices:catalogue"), {"domein": "verslaving",
                                                            "regio": "999999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verslaving in Groningen" in html
    assert "Armoede in Zwolle" not in html, "the domain filter was ignored"


def test_switching_language_after_a_rejection_error_does_not_dead_end(client, make_user,
                                                                     make_practice):
    """A coordinator wants to reject a proposal but forgets the reason; the page comes back with
    "Schrijf op waarom je dit afwijst." at the address …/beoordelen/. She then switches to
    English (or presses Enter in the address bar): the browser asks for that address with GET and
    gets an empty "405 Method Not Allowed" page. Opening the review address should lead back to
    the practice page."""
    practice = make_practice("Inloop in de wijk", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED)
    client.force_login(make_user("coordinator"))
    decide = reverse("practices:decide", args=[practice.slug])
    error = client.post(decide, {"action": "reject", "reason": ""})
    assert "Schrijf op waarom je dit afwijst." in error.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": decide},
                           follow=True)
    assert response.status_code == 200, f"dead end: HTTP {response.status_code}"
    assert "Inloop in de wijk" in response.content.decode()
