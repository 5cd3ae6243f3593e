"""Session 27 review: an attacker (and a data-protection officer) against what session 27 changed.

Surfaces: the good-practice catalogue (a proposer's change to her published practice and its
review, taking a practice out, search, sorting, paging, costs and results, her list of practices
in the catalogue), invitations to a project team claimed by a later account or at login, the
API's new practice fields and ``zoek``, the workshop kit, infographic and report (new address
parameters, "Stand van de cijfers", SVG descriptions), ``core.db.not_ready``, reading the audit
log logged.

Checked and found sound in this review (no test): only the proposer (by ``proposed_by``) and
coordinators reach the change form, the take-out, the waiting change and the reason a change was
refused; every state change is a POST behind the CSRF check; a change holds only PracticeForm's
fields, passed the form's check for names and is checked again when it is taken over; the
waiting change is in no public page, search, API, export or cache (the published texts and
``updated_at`` stay as they were); a practice taken out is deleted, so no Kennisbank page, gap
view, infographic, report or workshop kit can name it; sort and page parameters are choices and
numbers; the workshop kit and infographic echo what was typed only through the template's
escaping (and SVG text through ``charts.escape``); the API's input serializer knows no status or
slug (no mass assignment); ``not_ready`` names a PostgreSQL database by name and host, never the
password; invitations are claimed by address only when an administrator made the account with
it, and the team sees nothing until she answers.

Each test names one problem, says what happens now, what SHOULD happen and why it matters, and
fails on the code as reviewed for exactly that reason. Most serious first.
"""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meervoud.practices.models import GoodPractice, PracticeStatus
from tests.practices import test_review_s27_catalogue as catalogue
from tests.practices.test_views import proposal_data

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _seen(page: str, action: str) -> dict:
    """The hidden fields of the decision form with the button ``action``, as the coordinator's
    browser sends them."""
    for form in re.findall(r"<form.*?</form>", page, re.S):
        if f'value="{action}"' in form:
            return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    raise AssertionError(f"no form for {action}")


# the catalogue review's proposer, coordinator and published buddy project
organisation, coordinator, buddy = catalogue.organisation, catalogue.coordinator, catalogue.buddy
_change = catalogue._edit


# ------------------------------------------------------------------ Medium


def test_a_coordinator_takes_over_only_the_change_she_read(client, buddy, organisation,
                                                            coordinator):
    """Medium. The proposer sends a harmless change; the coordinator opens the practice and reads
    it. Meanwhile the proposer replaces it with another text (the form says a new change takes
    the place of the waiting one). Today 'Wijziging overnemen' takes over whatever waits at the
    moment of the click: the new text goes into the public catalogue although no coordinator
    ever read it (a proposer who swaps her text back and forth gets an unread text published).
    A decision SHOULD hold only for the version the coordinator saw; a newer one is refused and
    shown to her."""
    client.force_login(organisation)
    _change(client, buddy, summary="Ervaringsdeskundigen zijn buddy van nieuwkomers in Haren.")
    client.force_login(coordinator)
    hidden = _seen(client.get(buddy.get_absolute_url()).content.decode(), "publish_change")

    client.force_login(organisation)
    _change(client, buddy, summary="Koop nu goedkope pillen op www.pillen.example, ongelezen.")
    client.force_login(coordinator)
    client.post(reverse("practices:decide", args=[buddy.slug]),
                {"action": "publish_change", **hidden})
    buddy.refresh_from_db()
    assert "pillen" not in buddy.summary
    assert buddy.pending_change and "pillen" in buddy.pending_change["summary"]


def test_a_coordinator_publishes_only_the_proposal_she_read(client, make_practice, organisation,
                                                             coordinator):
    """Medium, the same for a new proposal: the proposer edits it while a coordinator reads
    it, and 'Publiceren' publishes the edit nobody read. It SHOULD be refused."""
    practice = make_practice("Herstelacademie Noord", municipalities=["Groningen"],
                             domains=["nieuwkomers"], proposed_by=organisation,
                             status=PracticeStatus.PROPOSED)
    client.force_login(coordinator)
    hidden = _seen(client.get(practice.get_absolute_url()).content.decode(), "publish")
    client.force_login(organisation)
    response = client.post(reverse("practices:edit", args=[practice.slug]), proposal_data(
        title=practice.title, summary="Koop nu goedkope pillen op www.pillen.example."))
    assert response.status_code == 302
    client.force_login(coordinator)
    client.post(reverse("practices:decide", args=[practice.slug]), {"action": "publish", **hidden})
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PROPOSED


def test_the_table_of_her_change_does_not_name_themes_she_may_not_see(
        client, make_practice, publish, officer):
    """Medium. A coordinator linked a policy officer's practice to a theme that is not published
    (its name comes from the stories and is not checked yet: ``linkable_themes`` keeps it from
    everyone outside the learning network). When she changes the themes, the table of her change
    lists the practice's themes now and as proposed, unpublished ones included. It SHOULD name
    only the themes she may see, as her form and the practice's page do."""
    from meervoud.knowledge.models import Theme

    publish.theme("contact", name="Een vaste contactpersoon")
    publish.many("contact", 5)
    publish.theme("concept", name="Schulden bij de buurman", validated=False)
    practice = make_practice("Maatjes voor nieuwe huurders", municipalities=["Groningen"],
                             domains=["nieuwkomers"], proposed_by=officer)
    practice.themes.set(Theme.objects.filter(key="concept"))
    client.force_login(officer)
    response = _change(client, practice, themes=[Theme.objects.get(key="contact").pk])
    assert response.status_code == 302
    practice.refresh_from_db()
    assert "themes" in practice.pending_change
    page = _text(client.get(practice.get_absolute_url()))
    assert "Een vaste contactpersoon" in page  # the table is there
    assert "Schulden bij de buurman" not in page


def test_a_search_does_not_multiply_places_over_every_practice(make_practice):
    """Medium. Anyone may search the catalogue (and the API) with up to ten words. Each word
    is looked up in one subquery that joins a practice's municipalities and regions together,
    over every practice, proposals included: a practice with 400 municipalities and 60 regions
    is 24,000 rows per word, and any proposer can send such proposals. Each word SHOULD be
    looked for per published practice, each list of places on its own (no join that multiplies
    them)."""
    from meervoud.practices.selectors import matching_words, published_practices

    make_practice("Zonnebloemmaatjes in de regio", municipalities=["Groningen"])
    with CaptureQueriesContext(connection) as queries:
        found = list(matching_words(published_practices(), "zonnebloemmaatjes groningen"))
    assert [p.title for p in found] == ["Zonnebloemmaatjes in de regio"]
    search = [query["sql"] for query in queries.captured_queries
              if "zonnebloemmaatjes" in query["sql"].lower()]
    # no join that gives a row per pair of places, no subquery over every practice
    assert search and all("OUTER JOIN" not in sql.upper() and " IN (SELECT" not in sql.upper()
                          for sql in search)


# ------------------------------------------------------------------ Low


def test_taking_a_change_over_sets_only_the_forms_fields(buddy, coordinator):
    """Low (defence in depth). A change is stored as JSON (also editable in the admin). Taking
    it over copies every key that is a column: a key "status", "slug", "proposed_by_id" or
    "source" would change what no form offers. It SHOULD take over only PracticeForm's fields."""
    from meervoud.practices import services

    GoodPractice.objects.filter(pk=buddy.pk).update(pending_change={
        "summary": "Een nieuwe samenvatting van het project.", "slug": "iets-anders",
        "source": "Verzonnen bron", "proposed_by_id": coordinator.pk})
    services.publish_change(buddy, user=coordinator)
    buddy.refresh_from_db()
    assert buddy.summary == "Een nieuwe samenvatting van het project."
    assert buddy.slug == "buddyproject-samen-sterk"
    assert buddy.source != "Verzonnen bron" and buddy.proposed_by_id != coordinator.pk


def test_an_invitation_by_name_does_not_go_to_a_name_that_differs_in_capitals(
        make_user, officer):
    """Low. Usernames are unique with their capitals ('Jan' and 'jan' may both exist). An
    invitation typed as 'jan' before either account existed goes, at the next login, to whoever
    of them logs in first. When another account has the same name in other capitals, only the
    exact name SHOULD collect it."""
    from meervoud.plans.models import Plan, PlanInvitation
    from meervoud.plans.services import claim_invitations

    plan = Plan.objects.create(title="Plan Noord", municipality=officer.organisation.municipality)
    invitation = PlanInvitation.objects.create(plan=plan, username="jan", invited_by=officer)
    make_user("beleid", "jan")
    other = make_user("beleid", "Jan")
    PlanInvitation.objects.filter(pk=invitation.pk).update(user=None)  # as before both existed
    claim_invitations(other)
    invitation.refresh_from_db()
    assert invitation.user_id is None
