"""Session-27 review of the good-practice catalogue, from two sides.

1. A peer-expert organisation sends in its practice (a buddy project, a recovery academy),
   follows it to publication, keeps it up to date and takes it back when the project stops.
2. A policy officer elsewhere in the region looks for practices to copy: by words, topic and
   place, through a long list, and reads on a card and a page what it costs, what it brings,
   how current it is, and downloads what she found.

Each test fails on the code as it was reviewed.
"""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.practices.models import GoodPractice, PracticeStatus
from tests.conftest import run_background_tasks
from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def organisation(make_user):
    user = make_user("verteller", "herstelacademie")
    user.email = "info@herstelacademie.example"
    user.save()
    return user


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", "coord-s27")


@pytest.fixture
def buddy(make_practice, organisation):
    practice = make_practice("Buddyproject Samen Sterk", municipalities=["Groningen"],
                             domains=["nieuwkomers"], proposed_by=organisation)
    GoodPractice.objects.filter(pk=practice.pk).update(
        summary="Ervaringsdeskundigen zijn buddy van nieuwkomers.", contact="Herstelhuis")
    practice.refresh_from_db()
    return practice


def _edit(client, practice, **changes):
    from meervoud.places.selectors import find_municipality
    from meervoud.stories.models import LifeDomain

    data = proposal_data(title=practice.title, summary=practice.summary,
                         life_domains=[LifeDomain.objects.get(slug="nieuwkomers").pk],
                         municipalities=[find_municipality("Groningen").pk],
                         contact=practice.contact)
    data.update(changes)
    return client.post(reverse("practices:change", args=[practice.slug]), data)


# ------------------------------------------------------------------ 1. the organisation


def test_the_organisation_can_update_its_published_practice_and_it_stays_online_meanwhile(
        client, buddy, organisation, coordinator, django_capture_on_commit_callbacks):
    """The buddy project moves to a new office: the organisation wants to change its contact.
    Today the page of her own published practice offers no way to change it ('Bewerken' is
    for coordinators once it is published), so the catalogue keeps the old details for good.
    Her change should wait for a coordinator while the published version stays in the
    catalogue, unchanged."""
    from django.core import mail

    client.force_login(organisation)
    assert "Wijziging voorstellen" in _text(client.get(buddy.get_absolute_url()))
    response = _edit(client, buddy, contact="Herstelhuis, Nieuwe Kerkstraat 1 (kantoor)",
                     summary="Ervaringsdeskundigen zijn buddy van nieuwkomers, nu ook in Haren.")
    assert response.status_code == 302
    buddy.refresh_from_db()
    assert buddy.status == PracticeStatus.PUBLISHED and buddy.is_published
    assert buddy.summary == "Ervaringsdeskundigen zijn buddy van nieuwkomers."
    own_page = _text(client.get(buddy.get_absolute_url()))
    assert "Je wijziging ligt bij een coördinator" in own_page

    client.logout()
    public = _text(client.get(buddy.get_absolute_url()))
    assert "nu ook in Haren" not in public and "buddy van nieuwkomers." in public
    api = client.get(reverse("api:practice", args=[buddy.slug])).json()
    assert api["samenvatting"] == "Ervaringsdeskundigen zijn buddy van nieuwkomers."

    client.force_login(coordinator)
    queue = _text(client.get(reverse("practices:review")))
    assert "Buddyproject Samen Sterk" in queue and "wijziging" in queue
    page = _text(client.get(buddy.get_absolute_url()))
    assert "nu ook in Haren" in page  # what she would publish, next to what is online
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:decide", args=[buddy.slug]),
                               {"action": "publish_change"})
    assert response.status_code == 302
    run_background_tasks()
    buddy.refresh_from_db()
    assert buddy.summary.endswith("nu ook in Haren.") and buddy.is_published
    assert buddy.pending_change is None
    assert mail.outbox[-1].to == ["info@herstelacademie.example"]
    assert "wijziging" in mail.outbox[-1].subject.lower()


def test_a_refused_change_keeps_the_published_version_and_she_reads_why(
        client, buddy, organisation, coordinator):
    client.force_login(organisation)
    _edit(client, buddy, summary="Alles anders: een heel nieuwe beschrijving van het project.")
    client.force_login(coordinator)
    client.post(reverse("practices:decide", args=[buddy.slug]),
                {"action": "reject_change", "change-reason": "Dit is een ander project."})
    buddy.refresh_from_db()
    assert buddy.summary == "Ervaringsdeskundigen zijn buddy van nieuwkomers."
    assert buddy.pending_change is None and buddy.is_published
    client.force_login(organisation)
    assert "Dit is een ander project." in _text(client.get(buddy.get_absolute_url()))


def test_editing_again_continues_from_the_change_that_waits(client, buddy, organisation):
    """She sent a change and opens 'Bewerken' again to add something: the form should hold
    what she sent, not the older published text (she would lose her change)."""
    client.force_login(organisation)
    _edit(client, buddy, summary="Een nieuwe tekst die nog wacht op een coördinator.")
    form = client.get(reverse("practices:change", args=[buddy.slug])).content.decode()
    assert "Een nieuwe tekst die nog wacht op een coördinator." in form


def test_the_organisation_can_take_its_practice_out_of_the_catalogue(client, buddy,
                                                                      organisation):
    """The project stopped. Today 'Voorstel intrekken' refuses a published practice ('ask a
    coordinator'), with no way to ask one. She should be able to take it out herself, and
    then it is gone from the catalogue, its page, the API and the download."""
    client.force_login(organisation)
    assert "Uit de catalogus halen" in _text(client.get(buddy.get_absolute_url()))
    url = reverse("practices:take_out", args=[buddy.slug])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not GoodPractice.objects.filter(pk=buddy.pk).exists()
    from meervoud.audit.models import AuditEvent  # who took away a page people may cite

    taken = AuditEvent.objects.get(action="delete", object_type="practices.goodpractice")
    assert (taken.user_id, taken.object_id) == (organisation.pk, str(buddy.pk))
    assert "uit de catalogus" in taken.detail
    client.logout()
    assert "Buddyproject Samen Sterk" not in _text(client.get(reverse("practices:catalogue")))
    assert client.get(reverse("api:practice", args=[buddy.slug])).status_code == 404
    export = client.get(reverse("api:export-goede-praktijken-csv")).content.decode("utf-8-sig")
    assert "Buddyproject Samen Sterk" not in export


def test_her_published_practices_are_listed_where_she_proposes(client, buddy, organisation):
    """Once published, her practice leaves 'Jouw voorstellen' and she has no list of what she
    has in the catalogue: to keep it up to date she must search for it like anyone else."""
    client.force_login(organisation)
    html = client.get(reverse("practices:propose")).content.decode()
    assert 'id="own-published"' in html
    section = html.split('id="own-published"', 1)[1]
    assert buddy.get_absolute_url() in section


def test_costs_and_results_can_be_told_and_are_checked_for_names(client, organisation):
    """A policy officer who wants to copy a practice asks first what it costs and what it
    brings. The form has no place for either."""
    client.force_login(organisation)
    response = client.post(reverse("practices:propose"), proposal_data(
        costs="Twee ervaringsdeskundigen voor 8 uur per week; de gemeente betaalt uit de Wmo.",
        results="Minder nieuwkomers haken af bij de schuldhulp."))
    assert response.status_code == 302
    practice = GoodPractice.objects.get(title="Maatjes voor nieuwkomers")
    assert practice.costs.startswith("Twee ervaringsdeskundigen")
    page = _text(client.get(practice.get_absolute_url()))
    assert "Wat kost het?" in page and "Wat levert het op?" in page
    assert "de gemeente betaalt uit de Wmo" in page and "Minder nieuwkomers haken af" in page

    response = client.post(reverse("practices:propose"), proposal_data(
        title="Een tweede praktijk", results="Marieke de Vries vond weer werk."))
    assert response.status_code == 200
    assert "results" in response.context["form"].errors


# ------------------------------------------------------------------ 2. the policy officer


def test_words_find_a_buddy_project_that_has_no_life_domain(client):
    """She looks for buddy projects. 'Buddyprojecten (Noord-Nederland)' has no life domain, so
    no filter finds it; the catalogue has no search box."""
    html = _text(client.get(reverse("practices:catalogue"), {"zoek": "buddy"}))
    assert "Buddyprojecten (Noord-Nederland)" in html
    assert "Netwerk HET" not in html and "1 goede praktijk" in html
    # an organisation's name finds its practices too
    html = _text(client.get(reverse("practices:catalogue"), {"zoek": "ixta noa"}))
    assert "Praktijkhuizen van Ixta Noa" in html and "Ixta Noa schuiven aan" in html
    assert "Buddyprojecten" not in html


def test_a_long_list_comes_in_pages_that_keep_the_filters(client, make_practice):
    for n in range(30):
        make_practice(f"Herstelgroep nummer {n:02d}", provinces=["Drenthe"])
    url = reverse("practices:catalogue")
    first = _text(client.get(url, {"provincie": "Drenthe"}))
    assert first.count('class="card"') == 20
    assert re.search(r'href="\?provincie=Drenthe&(amp;)?pagina=2[#"]', first)
    second = _text(client.get(url, {"provincie": "Drenthe", "pagina": 2}))
    assert "Herstelgroep nummer 29" in second and "Herstelgroep nummer 00" not in second
    # the count is of the whole list, not of one page
    assert re.search(r"\b3\d goede praktijken", second)


def test_she_can_sort_on_the_most_recently_updated(client, make_practice):
    old = make_practice("Aaa oude praktijk", provinces=["Drenthe"])
    new = make_practice("Zzz nieuwe praktijk", provinces=["Drenthe"])
    GoodPractice.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=900))
    GoodPractice.objects.filter(pk=new.pk).update(updated_at=timezone.now() - timedelta(days=2))
    html = _text(client.get(reverse("practices:catalogue"),
                            {"provincie": "Drenthe", "volgorde": "bijgewerkt"}))
    assert html.index("Zzz nieuwe praktijk") < html.index("Aaa oude praktijk")


def test_card_and_page_say_how_current_a_practice_is(client, make_practice):
    """Nothing on a card says when a practice was described; the page says only when it was
    published. One untouched for three years may have stopped."""
    practice = make_practice("Herstelacademie Assen", municipalities=["Assen"])
    GoodPractice.objects.filter(pk=practice.pk).update(
        updated_at=timezone.now() - timedelta(days=3 * 365))
    card = _text(client.get(reverse("practices:catalogue"), {"gemeente": "Assen"}))
    card = card[card.index("Herstelacademie Assen"):]
    assert "Bijgewerkt" in card[:1500]
    page = _text(client.get(practice.get_absolute_url()))
    assert "Bijgewerkt op" in page
    assert "al meer dan 2 jaar niet bijgewerkt" in page


def test_an_empty_result_says_what_to_try(client):
    html = client.get(reverse("practices:catalogue"),
                      {"zoek": "onbestaandwoord", "domein": "verslaving"}).content.decode()
    text = unescape(html)
    assert "Probeer" in text
    # a link that drops the words and keeps the life domain
    assert re.search(r'href="\?domein=verslaving"', text)


def test_the_catalogue_offers_its_list_as_a_download_with_the_same_filters(client):
    html = unescape(client.get(reverse("practices:catalogue"),
                               {"provincie": "Overijssel", "domein": ""}).content.decode())
    url = reverse("api:export-goede-praktijken-csv")
    match = re.search(re.escape(url) + r'\?([^"]*)"', html)
    assert match, "no CSV download on the catalogue"
    assert "provincie=Overijssel" in match.group(1)
    assert reverse("api:export-goede-praktijken-xlsx") in html
    rows = list(csv.reader(io.StringIO(client.get(f"{url}?{match.group(1)}")
                                       .content.decode("utf-8-sig")), delimiter=";"))
    assert any("Netwerk HET" in row[1] for row in rows[1:])


def test_the_card_in_english(client, make_practice):
    make_practice("Herstelacademie Emmen", municipalities=["Emmen"])
    client.cookies.load({"django_language": "en"})
    html = _text(client.get(reverse("practices:catalogue"), {"zoek": "emmen"}))
    assert "Updated" in html and "Download" in html
