"""Session 19, the pool's forms: date fields a browser can show, the language button (and an
expired form) keeping what was typed on an assignment, refused forms that say so at the top
and lead to every field, and the pool's model labels in Dutch."""

from datetime import timedelta

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from meervoud.accounts.models import Role
from meervoud.pool.models import Assignment, Proposal
from tests.pool.builders import (TODAY, assignment, assignment_post, expert, officer_of, org,
                                 profile_post, sent)

pytestmark = pytest.mark.django_db

TYPED = "Meedenken over jongeren die uit de jeugdhulp komen en een eigen woning zoeken."


def _doc(response):
    return lxml.html.fromstring(response.content.decode())


def _summary(response):
    """The announced summary of a refused form: {its text: the link's target}."""
    alerts = _doc(response).xpath("//main//div[@role='alert']")
    return {" ".join(a.text_content().split()): a.get("href").lstrip("#")
            for alert in alerts for a in alert.xpath(".//a")}


@pytest.fixture
def asker(make_user):
    organisation = org()
    return organisation, officer_of(make_user, organisation)


# -- dates -----------------------------------------------------------------------------------


def test_the_assignments_dates_are_written_as_a_date_field_takes_them(client, asker):
    organisation, officer = asker
    job = assignment(organisation, start=TODAY + timedelta(days=20))
    client.force_login(officer)
    with translation.override("nl"):
        fields = {i.get("name"): i.get("value") for i in
                  _doc(client.get(reverse("pool:assignment_edit", args=[job.pk]))).xpath(
                      "//input[@type='date']")}
    assert fields == {"start": job.start.isoformat(), "end": job.end.isoformat()}


def test_a_refused_profile_keeps_its_dates_as_a_date_field_takes_them(client, make_user):
    profile = expert(make_user, "Anna")
    client.force_login(profile.user)
    start = (TODAY + timedelta(days=10)).isoformat()
    refused = client.post(reverse("pool:profile"), profile_post(profile, blocked_from=start,
                                                                  display_name=""))
    assert _doc(refused).xpath("//input[@name='blocked_from']")[0].get("value") == start


# -- the language button and an expired form on an assignment ---------------------------------


def test_switching_language_on_a_new_assignment_keeps_it_and_posts_nothing(client, asker):
    organisation, officer = asker
    client.force_login(officer)
    switched = client.post(reverse("pool:assignment_new"),
                           assignment_post(organisation, description=TYPED, interface_language="en"))
    html = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="en">' in html and TYPED in html
    assert 'class="errorlist' not in html, "not sent yet: no errors"
    assert not Assignment.objects.exists()


def test_switching_language_while_changing_an_assignment_saves_nothing(client, asker):
    """The form is shared with the new assignment: the language button must not save a change."""
    organisation, officer = asker
    job = assignment(organisation)
    client.force_login(officer)
    page = client.get(reverse("pool:assignment_edit", args=[job.pk])).content.decode()
    assert 'form="assignment-form"' in page and 'id="assignment-form"' in page
    switched = client.post(reverse("pool:assignment_edit", args=[job.pk]),
                           assignment_post(organisation, title="Nieuwe titel", description=TYPED,
                                           interface_language="en"))
    html = switched.content.decode()
    assert switched.status_code == 200 and '<html lang="en">' in html
    assert TYPED in html and 'value="Nieuwe titel"' in html
    job.refresh_from_db()
    assert (job.title, job.description) == ("Training wijkteam", "Wat is de vraag?")


def test_switching_language_after_the_team_was_asked_still_says_nothing_was_saved(client, asker,
                                                                                    make_user):
    organisation, officer = asker
    job = assignment(organisation)
    client.force_login(officer)
    client.get(reverse("pool:assignment_edit", args=[job.pk]))
    sent(job, expert(make_user, "Anna"), expert(make_user, "Bram"))  # meanwhile
    switched = client.post(reverse("pool:assignment_edit", args=[job.pk]),
                           assignment_post(organisation, description=TYPED, interface_language="en",
                                           interface_language_checked="1"), follow=True)
    assert switched.status_code == 409 and TYPED in switched.content.decode()
    assert [m.level_tag for m in switched.context["messages"]] == ["error"]
    assert not _doc(switched).xpath("//form[@id='assignment-form']//button[@type='submit']")
    job.refresh_from_db()
    assert job.description == "Wat is de vraag?"


def test_an_expired_assignment_form_comes_back_as_typed(asker):
    organisation, officer = asker
    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    client.force_login(officer)
    client.get(reverse("core:home"))
    response = client.post(reverse("pool:assignment_new"),
                           {**assignment_post(organisation, description=TYPED),
                            "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403 and TYPED in response.content.decode()
    assert "Het formulier is nog niet verstuurd" in response.content.decode()
    assert not Assignment.objects.exists()


# -- refused forms say so at the top and lead to the field ------------------------------------


def test_a_refused_assignment_is_summarised_with_links_to_its_fields(client, asker):
    organisation, officer = asker
    client.force_login(officer)
    refused = client.post(reverse("pool:assignment_new"), assignment_post(
        organisation, title="", end=str(TODAY - timedelta(days=1)), start=str(TODAY - timedelta(days=5))))
    summary = _summary(refused)
    assert summary == {"Titel": "id_title", "Einddatum": "id_end"}


def test_a_profile_without_paid_or_volunteer_work_leads_to_that_choice(client, make_user):
    profile = expert(make_user, "Anna")
    client.force_login(profile.user)
    data = profile_post(profile)
    del data["paid"], data["volunteer"]
    refused = client.post(reverse("pool:profile"), data)
    assert _summary(refused) == {"Kies betaald werk, vrijwilligerswerk of allebei.": "id_paid"}


@pytest.mark.parametrize("given, missing", [("blocked_from", "blocked_to"), ("blocked_to", "blocked_from")])
def test_a_period_with_one_date_names_the_date_that_is_missing(client, make_user, given, missing):
    profile = expert(make_user, "Anna")
    client.force_login(profile.user)
    refused = client.post(reverse("pool:profile"), profile_post(
        profile, **{given: str(TODAY + timedelta(days=3))}))
    assert list(_summary(refused).values()) == [f"id_{missing}"]
    assert "Vul bij 'niet beschikbaar' beide datums in." in _doc(refused).get_element_by_id(
        f"id_{missing}_error").text_content()


def test_a_period_that_ends_before_it_starts_is_refused_at_its_end(client, make_user):
    profile = expert(make_user, "Anna")
    client.force_login(profile.user)
    refused = client.post(reverse("pool:profile"), profile_post(
        profile, blocked_from=str(TODAY + timedelta(days=9)), blocked_to=str(TODAY + timedelta(days=3))))
    assert list(_summary(refused).values()) == ["id_blocked_to"]
    assert not profile.blocked.exists()


def test_a_coordinator_editing_a_profile_sees_the_summary_above_the_history(client, make_user):
    profile = expert(make_user, "Anna")
    client.force_login(make_user(Role.COORDINATOR))
    refused = client.post(reverse("pool:expert_edit", args=[profile.pk]),
                          profile_post(profile, display_name=""))
    assert _summary(refused) == {"Naam in de pool": "id_display_name"}


def test_no_without_a_reason_is_announced_and_leads_to_that_proposals_box(client, make_user, asker):
    organisation, _officer = asker
    anna = expert(make_user, "Anna")
    first, second = assignment(organisation, "Eerste"), assignment(organisation, "Tweede")
    sent(first, anna)
    proposal = sent(second, anna)[0]
    client.force_login(anna.user)
    refused = client.post(reverse("pool:respond", args=[proposal.pk]), {"action": "decline", "reason": " "})
    assert refused.status_code == 400
    assert _summary(refused) == {"Waarom zeg je nee?": f"reason-{proposal.pk}"}
    assert "Vertel kort waarom je nee zegt." in _doc(refused).xpath("//div[@role='alert']")[0].text_content()
    assert _doc(refused).get_element_by_id(f"reason-{proposal.pk}").get("aria-invalid") == "true"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SENT


def test_stopping_after_yes_without_a_reason_is_summarised_with_the_pages_question(client, make_user, asker):
    organisation, _officer = asker
    anna = expert(make_user, "Anna")
    proposal = sent(assignment(organisation), anna)[0]
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.ACCEPTED)
    client.force_login(anna.user)
    refused = client.post(reverse("pool:respond", args=[proposal.pk]), {"action": "decline", "reason": ""})
    assert refused.status_code == 400
    assert _summary(refused) == {
        "Wat is er veranderd? De coördinator leest het en zoekt een nieuw team.": f"reason-{proposal.pk}"}


# -- the admin's words -----------------------------------------------------------------------


def test_the_pools_admin_uses_the_words_of_the_pool_pages(client, make_user, asker):
    organisation, _officer = asker
    proposal = sent(assignment(organisation), expert(make_user, "Anna"))[0]
    with translation.override("nl"):
        assert Proposal._meta.verbose_name_plural == "voorstellen"
        assert Proposal._meta.get_field("sent_at").verbose_name == "gevraagd op"
        assert str(proposal) == "Anna (test) – Training wijkteam"
    admin = make_user(Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("admin:pool_proposal_change", args=[proposal.pk])).content.decode()
    assert "Proposal object" not in page and "Gevraagd op" in page
