"""Session 17: three gaps in the good-practice catalogue.

1. A rejected practice that is sent in again keeps what coordinators said about it before.
2. A practice in a municipality that merged away (herindeling) keeps that place when edited.
3. Coordinators find the review queue in the menu, with the number of proposals waiting.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meervoud.practices.models import GoodPractice, PracticeStatus
from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db

FIRST_REASON = "Er staat een naam van een bewoner in."
SECOND_REASON = "Het telefoonnummer is nog van een persoon."


# ------------------------------------------------------------------ 1. earlier review decisions


@pytest.fixture
def twice_rejected(client, make_user, make_practice):
    """A policy officer's proposal, rejected, fixed and sent in again, rejected again and sent in
    again: it now waits for a coordinator for the third time."""
    proposer = make_user("beleid", "indiener-els")
    coordinator = make_user("coordinator", "coord-anna")
    practice = make_practice("Herstelgroep in de bibliotheek", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    for reason in (FIRST_REASON, SECOND_REASON):
        client.force_login(coordinator)
        client.post(reverse("practices:decide", args=[practice.slug]),
                    {"action": "reject", "reason": reason})
        client.force_login(proposer)
        response = client.post(reverse("practices:edit", args=[practice.slug]),
                               proposal_data(title="Herstelgroep in de bibliotheek"))
        assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
    client.logout()
    return practice, proposer, coordinator


def test_a_resubmitted_practice_keeps_who_rejected_it_when_and_why(twice_rejected):
    """The record of each earlier decision: what, why, when, and which coordinator."""
    from meervoud.practices.models import EarlierDecision

    practice, _, coordinator = twice_rejected
    earlier = list(EarlierDecision.objects.filter(practice=practice).order_by("pk"))
    assert [(d.decision, d.reason, d.decided_by) for d in earlier] == [
        (PracticeStatus.REJECTED, FIRST_REASON, coordinator),
        (PracticeStatus.REJECTED, SECOND_REASON, coordinator)]
    assert all(d.decided_at for d in earlier)
    # the decision in force is on the practice itself, and there is none while it waits
    assert practice.rejection_reason == "" and practice.reviewed_by is None


def test_the_coordinator_sees_what_was_said_before_on_the_review_page(client, twice_rejected):
    practice, _, coordinator = twice_rejected
    client.force_login(coordinator)
    html = client.get(practice.get_absolute_url()).content.decode()
    review = html[html.index('id="review-heading"'):]
    assert FIRST_REASON in review and SECOND_REASON in review
    assert "coord-anna" in review, "which coordinator decided is not shown"


def test_the_proposer_sees_the_earlier_reasons_on_the_proposal(client, twice_rejected):
    practice, proposer, _ = twice_rejected
    client.force_login(proposer)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert FIRST_REASON in html and SECOND_REASON in html
    assert "coord-anna" not in html  # a coordinator's account name is not the proposer's business


def test_the_public_never_sees_the_history_or_who_proposed(client, make_user, twice_rejected):
    practice, _, coordinator = twice_rejected
    client.force_login(coordinator)
    client.post(reverse("practices:decide", args=[practice.slug]), {"action": "publish"})
    client.logout()
    for viewer in (None, make_user("beleid", "andere-gemeente")):
        if viewer:
            client.force_login(viewer)
        html = client.get(practice.get_absolute_url()).content.decode()
        assert "Herstelgroep in de bibliotheek" in html
        for secret in (FIRST_REASON, SECOND_REASON, "coord-anna", "indiener-els"):
            assert secret not in html, f"{secret!r} shown to {viewer or 'anonymous'}"


def test_taking_a_published_practice_offline_keeps_its_publication_in_the_history(
        client, make_user, make_practice):
    from meervoud.practices.models import EarlierDecision

    practice = make_practice("Inloop in de wijk", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=make_user("verteller"))
    client.force_login(make_user("coordinator", "coord-anna"))
    url = reverse("practices:decide", args=[practice.slug])
    client.post(url, {"action": "publish"})
    client.post(url, {"action": "reject", "reason": "De organisatie bestaat niet meer."})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REJECTED
    assert practice.rejection_reason == "De organisatie bestaat niet meer."
    assert list(EarlierDecision.objects.filter(practice=practice).values_list(
        "decision", "reason")) == [(PracticeStatus.PUBLISHED, "")]


def test_the_list_of_own_proposals_shows_only_the_decision_in_force(client, twice_rejected):
    """The earlier reasons are on the proposal's page; the list says where it stands now."""
    _, proposer, _ = twice_rejected
    client.force_login(proposer)
    html = client.get(reverse("practices:propose")).content.decode()
    assert "Herstelgroep in de bibliotheek" in html and FIRST_REASON not in html


def test_an_edit_sent_while_a_coordinator_published_goes_back_to_review(make_user,
                                                                        make_practice):
    """The proposer has the edit form open when a coordinator publishes the proposal; the edit
    then arrives. It must not reach the catalogue unreviewed, and the publication is kept."""
    from meervoud.practices.forms import PracticeForm
    from meervoud.practices.models import EarlierDecision
    from meervoud.practices.services import publish_practice, update_practice

    proposer = make_user("beleid")
    practice = make_practice("Inloop in de wijk", municipalities=["Groningen"],
                             status=PracticeStatus.PROPOSED, proposed_by=proposer)
    form = PracticeForm(proposal_data(title="Inloop in de wijk, nu met namen"),
                        instance=GoodPractice.objects.get(pk=practice.pk), user=proposer)
    assert form.is_valid(), form.errors
    publish_practice(practice, user=make_user("coordinator"))
    update_practice(form, user=proposer, reviewer=False)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED
    assert practice.title == "Inloop in de wijk, nu met namen"
    assert list(EarlierDecision.objects.filter(practice=practice).values_list(
        "decision", flat=True)) == [PracticeStatus.PUBLISHED]


# ------------------------------------------------------------------ 2. merged municipalities


@pytest.fixture
def ten_boer(db):
    """Ten Boer merged into Groningen in 2019: the places loader keeps such a municipality, with
    its region, as not active (stories still point at it)."""
    from meervoud.places.models import Municipality, Region

    return Municipality.objects.create(cbs_code="GM0009", name="Ten Boer", active=False,
                                       region=Region.objects.get(name="Overig Groningen"))


def _selected_municipalities(html: str) -> list[str]:
    """What a browser sends back for the municipality list: the options selected in it."""
    select = re.search(r'<select name="municipalities".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"[^>]*\bselected\b', select)


def _catalogue(client, **filters) -> str:
    return client.get(reverse("practices:catalogue"), filters).content.decode()


@pytest.mark.parametrize("role", ["beleid", "coordinator"])
def test_editing_a_practice_keeps_its_merged_municipality(client, make_user, make_practice,
                                                          ten_boer, role):
    """A practice in Ten Boer and Zwolle. Someone fixes a typo in its title: the form, which
    offers only current municipalities, sends back Zwolle alone, and Ten Boer is gone without a
    word. The practice should keep Ten Boer, marked as a municipality that no longer exists."""
    from meervoud.places.models import Region

    user = make_user(role)
    practice = make_practice("Herstelcafe Ten Boer", municipalities=["Zwolle"],
                             status=PracticeStatus.PROPOSED, proposed_by=user)
    practice.municipalities.add(ten_boer)
    client.force_login(user)
    form = client.get(reverse("practices:edit", args=[practice.slug])).content.decode()
    assert "Ten Boer (bestaat niet meer)" in form
    sent = _selected_municipalities(form)
    assert str(ten_boer.pk) in sent

    response = client.post(reverse("practices:edit", args=[practice.slug]),
                           proposal_data(title="Herstelcafé Ten Boer", municipalities=sent))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Herstelcafé Ten Boer"
    assert {m.name for m in practice.municipalities.all()} == {"Ten Boer", "Zwolle"}

    # published, it is still found under Ten Boer's region, and named for its place there
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    client.logout()
    html = _catalogue(client, regio=Region.objects.get(name="Overig Groningen").pk)
    assert "Herstelcafé Ten Boer" in html
    item = html[html.index("Herstelcafé Ten Boer"):]
    assert "Ten Boer, Zwolle" in item[:500]


def test_a_merged_municipality_can_be_taken_off_on_purpose(client, make_user, make_practice,
                                                           ten_boer):
    from meervoud.places.selectors import find_municipality

    user = make_user("coordinator")
    practice = make_practice("Herstelcafe Ten Boer", municipalities=["Zwolle"])
    practice.municipalities.add(ten_boer)
    client.force_login(user)
    client.post(reverse("practices:edit", args=[practice.slug]), proposal_data(
        title="Herstelcafe Ten Boer", municipalities=[find_municipality("Zwolle").pk]))
    assert [m.name for m in practice.municipalities.all()] == ["Zwolle"]


def test_a_new_proposal_cannot_choose_a_merged_municipality(client, make_user, make_practice,
                                                            ten_boer):
    """Only a practice that already has the old municipality keeps it; nobody adds one."""
    make_practice("Herstelcafe Ten Boer", municipalities=["Zwolle"]).municipalities.add(ten_boer)
    client.force_login(make_user("verteller"))
    assert "Ten Boer" not in client.get(reverse("practices:propose")).content.decode()
    response = client.post(reverse("practices:propose"),
                           proposal_data(municipalities=[ten_boer.pk]))
    assert response.status_code == 200 and "municipalities" in response.context["form"].errors

    other = make_practice("Inloop in Zwolle", municipalities=["Zwolle"])
    client.force_login(make_user("coordinator"))
    response = client.post(reverse("practices:edit", args=[other.slug]),
                           proposal_data(title="Inloop in Zwolle", municipalities=[ten_boer.pk]))
    assert response.status_code == 200 and "municipalities" in response.context["form"].errors


# ------------------------------------------------------------------ 3. the review queue in the menu


def _menu(html: str) -> str:
    return re.search(r'<nav aria-label="Hoofdmenu">.*?</nav>', html, re.S).group(0)


def _practice_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "practices_goodpractice" in q["sql"]]


@pytest.mark.parametrize("role", ["coordinator", "beheerder"])
def test_reviewers_find_the_review_queue_in_the_menu_with_the_number_waiting(
        client, make_user, make_practice, role):
    waiting = GoodPractice.objects.filter(status=PracticeStatus.PROPOSED).count()
    make_practice("Voorstel een", municipalities=["Zwolle"], status=PracticeStatus.PROPOSED)
    make_practice("Voorstel twee", municipalities=["Zwolle"], status=PracticeStatus.PROPOSED)
    make_practice("Al afgewezen", municipalities=["Zwolle"], status=PracticeStatus.REJECTED)
    client.force_login(make_user(role))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("teaching:module")).content.decode()
    menu = _menu(html)
    assert f'href="{reverse("practices:review")}"' in menu
    assert f"Praktijken beoordelen ({waiting + 2})" in menu
    assert len(_practice_queries(queries)) == 1, "one count for the menu, no more"


def test_the_menu_item_has_no_number_when_nothing_waits(client, make_user):
    GoodPractice.objects.filter(status=PracticeStatus.PROPOSED).delete()
    client.force_login(make_user("coordinator"))
    menu = _menu(client.get(reverse("teaching:module")).content.decode())
    assert "Praktijken beoordelen</a>" in menu


@pytest.mark.parametrize("role", [None, "verteller", "beleid", "onderzoeker"])
def test_others_get_no_review_item_and_no_extra_query(client, make_user, make_practice, role):
    make_practice("Voorstel een", municipalities=["Zwolle"], status=PracticeStatus.PROPOSED)
    if role:
        client.force_login(make_user(role))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("teaching:module")).content.decode()
    assert reverse("practices:review") not in _menu(html)
    assert _practice_queries(queries) == []


def test_the_admin_cannot_change_a_decision_around_its_history(admin_client):
    """A decision is made on the review page, which keeps the one before it; in the admin the
    status and reason can be read, not changed (a change there skipped the history)."""
    practice = GoodPractice.objects.create(slug="herstelhuis-admin", title="Herstelhuis",
                                           summary="Een huis om te herstellen.",
                                           status=PracticeStatus.PUBLISHED)
    page = admin_client.get(reverse("admin:practices_goodpractice_change", args=[practice.pk]))
    form = page.context["adminform"].form
    assert "status" not in form.fields and "rejection_reason" not in form.fields
