"""The catalogue, proposing, reviewing and editing good practices."""

import pytest
from django.urls import reverse

from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.stories.models import LifeDomain

pytestmark = pytest.mark.django_db


def proposal_data(**changes):
    from meervoud.places.selectors import find_municipality

    data = {
        "title": "Maatjes voor nieuwkomers",
        "summary": "Ervaringsdeskundigen lopen mee met nieuwkomers.",
        "life_domains": [LifeDomain.objects.get(slug="nieuwkomers").pk],
        "municipalities": [find_municipality("Groningen").pk],
        "organisations": "Herstelhuis\nGemeente",
        "roles": ["bondgenoot"],
        "level": "micro",
        "what_works": "Iemand die de weg kent.",
        "contact": "Herstelhuis",
        "website": "",
    }
    data.update(changes)
    return data


def test_catalogue_is_public_and_shows_only_published(client, make_practice, make_user):
    make_practice("Gepubliceerde praktijk", municipalities=["Groningen"])
    make_practice("Voorgestelde praktijk", municipalities=["Groningen"],
                  status=PracticeStatus.PROPOSED)
    html = client.get(reverse("practices:catalogue")).content.decode()
    assert "Gepubliceerde praktijk" in html and "Voorgestelde praktijk" not in html
    assert "Vitale Verbindingen" in html  # seeded from the handbook


def test_catalogue_filters_by_domain_level_and_place(client, make_practice):
    make_practice("Verslaving in Groningen", municipalities=["Groningen"], domains=["verslaving"],
                  level="meso")
    make_practice("Armoede in Zwolle", municipalities=["Zwolle"], domains=["armoede-schulden"],
                  level="micro")
    url = reverse("practices:catalogue")
    html = client.get(url, {"domein": "verslaving"}).content.decode()
    assert "Verslaving in Groningen" in html and "Armoede in Zwolle" not in html
    html = client.get(url, {"niveau": "micro"}).content.decode()
    assert "Armoede in Zwolle" in html and "Verslaving in Groningen" not in html
    html = client.get(url, {"provincie": "Overijssel"}).content.decode()
    assert "Armoede in Zwolle" in html and "Verslaving in Groningen" not in html
    assert "Netwerk HET" in html  # Twente is in Overijssel
    html = client.get(url, {"regio": "Overig Groningen"}).content.decode()
    assert "Verslaving in Groningen" in html and "Armoede in Zwolle" not in html
    # Province-wide practices of the north follow the region's own.
    assert html.index("Verslaving in Groningen") < html.index("Armoede (Noord-Nederland)")


def test_a_proposal_is_hidden_until_a_coordinator_publishes_it(client, make_user):
    officer = make_user("beleid")
    client.force_login(officer)
    response = client.post(reverse("practices:propose"), proposal_data())
    practice = GoodPractice.objects.get(title="Maatjes voor nieuwkomers")
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == PracticeStatus.PROPOSED and practice.proposed_by == officer
    assert practice.organisation_list == ["Herstelhuis", "Gemeente"]
    assert practice.roles == ["bondgenoot"]
    assert client.get(practice.get_absolute_url()).status_code == 200
    client.logout()
    # not logged in: to the login, as for an address that does not exist (existence not told)
    hidden = client.get(practice.get_absolute_url())
    unknown = client.get(reverse("practices:detail", args=["bestaat-niet"]))
    assert hidden.status_code == unknown.status_code == 302
    assert hidden["Location"].startswith(reverse("accounts:login"))
    assert "Maatjes voor nieuwkomers" not in hidden.content.decode()
    assert "Maatjes voor nieuwkomers" not in client.get(reverse("practices:catalogue")).content.decode()
    client.force_login(make_user("beleid", "ander"))
    assert client.get(practice.get_absolute_url()).status_code == 404
    client.logout()

    client.force_login(make_user("coordinator"))
    assert "Maatjes voor nieuwkomers" in client.get(reverse("practices:review")).content.decode()
    client.post(reverse("practices:decide", args=[practice.slug]), {"action": "publish"})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED and practice.reviewed_at
    client.logout()
    assert "Maatjes voor nieuwkomers" in client.get(reverse("practices:catalogue")).content.decode()


def test_a_proposal_without_a_place_is_refused_and_keeps_the_input(client, make_user):
    client.force_login(make_user("verteller"))
    response = client.post(reverse("practices:propose"), proposal_data(municipalities=[]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies minstens één gemeente, regio of provincie" in html
    assert "Ervaringsdeskundigen lopen mee met nieuwkomers." in html
    assert not GoodPractice.objects.filter(title="Maatjes voor nieuwkomers").exists()


def test_rejecting_needs_a_reason_and_the_proposer_can_resubmit(client, make_user, make_practice):
    proposer = make_user("onderzoeker")
    practice = make_practice("Herstelgroep in de bibliotheek", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    client.force_login(make_user("coordinator"))
    url = reverse("practices:decide", args=[practice.slug])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Schrijf op waarom je dit afwijst." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
    client.post(url, {"action": "reject", "reason": "Er staat een naam van een bewoner in."})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REJECTED
    assert practice.rejection_reason == "Er staat een naam van een bewoner in."

    client.force_login(proposer)
    assert "Er staat een naam van een bewoner in." in client.get(
        practice.get_absolute_url()).content.decode()
    client.post(reverse("practices:edit", args=[practice.slug]),
                proposal_data(title="Herstelgroep in de bibliotheek"))
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED and practice.reviewed_by is None


def test_only_reviewers_publish_and_proposers_cannot_edit_once_published(client, make_user,
                                                                         make_practice):
    proposer = make_user("beleid")
    practice = make_practice("Inloop in de wijk", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    client.force_login(proposer)
    assert client.post(reverse("practices:decide", args=[practice.slug]),
                       {"action": "publish"}).status_code == 403
    assert client.get(reverse("practices:review")).status_code == 403
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    assert client.get(reverse("practices:edit", args=[practice.slug])).status_code == 404

    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    client.post(reverse("practices:edit", args=[practice.slug]),
                proposal_data(title="Inloop in de wijk (bijgewerkt)"))
    practice.refresh_from_db()
    assert practice.title == "Inloop in de wijk (bijgewerkt)"
    assert practice.status == PracticeStatus.PUBLISHED


def test_anonymous_visitors_are_sent_to_login_to_propose(client):
    response = client.get(reverse("practices:propose"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_theme_link_is_shown_only_when_the_theme_is_published(client, make_practice, publish):
    practice = make_practice("Praktijk met thema's", municipalities=["Groningen"])
    practice.themes.add(
        publish.backed("wachten", 5, name="Wachten op hulp maakt het erger"),
        publish.backed("schaamte", 2, name="Schaamte houdt mensen thuis"),
        publish.backed("niet-bekeken", 6, name="Nog niet gevalideerd", validated=False),
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Wachten op hulp maakt het erger" in html
    assert reverse("publication:theme", args=["wachten"]) in html
    assert "Schaamte houdt mensen thuis" not in html
    assert "Nog niet gevalideerd" not in html


def test_policy_officers_link_only_published_themes_and_keep_hidden_links(client, make_user,
                                                                        make_practice, publish):
    published = publish.backed("wachten", 5, name="Wachten op hulp")
    hidden = publish.backed("schaamte", 2, name="Schaamte")
    officer = make_user("beleid")
    client.force_login(officer)
    html = client.get(reverse("practices:propose")).content.decode()
    assert "Wachten op hulp" in html and "Schaamte" not in html

    practice = make_practice("Gekoppeld", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=officer)
    practice.themes.add(hidden)
    client.post(reverse("practices:edit", args=[practice.slug]),
                proposal_data(title="Gekoppeld", themes=[published.pk]))
    assert set(practice.themes.values_list("key", flat=True)) == {"wachten", "schaamte"}


def test_a_slug_never_shadows_a_page(client, make_user):
    client.force_login(make_user("coordinator"))
    client.post(reverse("practices:propose"), proposal_data(title="Voorstellen"))
    practice = GoodPractice.objects.get(title="Voorstellen")
    assert practice.slug != "voorstellen"
    assert client.get(practice.get_absolute_url()).status_code == 200
