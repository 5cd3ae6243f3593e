"""The assignment path made whole (session 16): a municipality finds, cancels and asks for a
language; an expert pulls out after saying yes or leaves the pool; a coordinator's changes to a
profile are in the log; a double post is one assignment."""

from datetime import timedelta

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.audit.models import AuditEvent
from meervoud.pool import services
from meervoud.pool.models import Assignment, BlockedPeriod, ExpertProfile, Proposal

from tests.pool.builders import TODAY, assignment, assignment_post, expert, live, officer_of, org, sent

pytestmark = pytest.mark.django_db


def _accepted_team(make_user, organisation, **kwargs):
    made = assignment(organisation, **kwargs)
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    mine, theirs = sent(made, anna, bert)
    services.accept(mine)
    services.accept(theirs)
    made.refresh_from_db()
    assert made.status == Assignment.Status.FILLED
    return made, anna, bert, mine, theirs


# -- cancelling ------------------------------------------------------------------------------

def test_a_coordinator_can_cancel_and_the_team_that_said_yes_is_released(client, make_user):
    made, anna, *_ = _accepted_team(make_user, org())
    client.force_login(make_user(Role.COORDINATOR, "coord-s16"))
    response = client.post(reverse("pool:assignment", args=[made.pk]),
                           {"action": "cancel", "cancel_reason": "Het budget is op."})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Assignment.Status.CANCELLED
    assert made.cancel_reason == "Het budget is op."
    assert not live(made).exists()
    # the hours Anna promised are free again for the next matching round
    assert services.to_expert(anna).commitments == ()


def test_the_team_sees_that_and_why_the_assignment_was_cancelled(client, make_user):
    organisation = org()
    made, anna, *_ = _accepted_team(make_user, organisation)
    services.cancel(made, reason="De gemeente stopt met dit project.")
    client.force_login(anna.user)
    profile = client.get(reverse("pool:profile")).content.decode()
    assert "Opdracht geannuleerd" in profile
    page = client.get(reverse("pool:assignment", args=[made.pk]))
    assert page.status_code == 200
    assert "De gemeente stopt met dit project." in page.content.decode()


@pytest.mark.parametrize("who", ["other-municipality", "expert-in-team"])
def test_only_the_asker_and_coordinators_can_cancel(client, make_user, who):
    organisation = org()
    made, anna, *_ = _accepted_team(make_user, organisation)
    user = (officer_of(make_user, org("Gemeente Zwolle (review)", "Zwolle"), "beleid-zwolle")
            if who == "other-municipality" else anna.user)
    client.force_login(user)
    response = client.post(reverse("pool:assignment", args=[made.pk]), {"action": "cancel"})
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == Assignment.Status.FILLED


def test_a_running_assignment_is_closed_not_cancelled(client, make_user):
    organisation = org()
    made, *_ = _accepted_team(make_user, organisation)
    services.start(made)
    client.force_login(officer_of(make_user, organisation))
    page = client.get(reverse("pool:assignment", args=[made.pk])).content.decode()
    assert 'value="cancel"' not in page
    client.post(reverse("pool:assignment", args=[made.pk]), {"action": "cancel"}, follow=True)
    made.refresh_from_db()
    assert made.status == Assignment.Status.RUNNING


def test_a_cancelled_assignment_is_not_matched_again(make_user):
    organisation = org()
    made = assignment(organisation)
    expert(make_user, "Anna")
    expert(make_user, "Bert")
    services.cancel(made)
    services.propose_teams(time_limit=5)
    assert not live(made).exists()


# -- pulling out after a yes -----------------------------------------------------------------

def test_pulling_out_needs_a_reason_and_keeps_the_yes_until_given(client, make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user, org())
    client.force_login(anna.user)
    page = client.get(reverse("pool:profile")).content.decode()
    assert "Ik kan toch niet meedoen" in page
    response = client.post(reverse("pool:respond", args=[mine.pk]), {"action": "decline", "reason": " "})
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.ACCEPTED


def test_who_pulled_out_is_not_proposed_again_for_that_assignment(make_user):
    made, anna, bert, mine, _theirs = _accepted_team(make_user, org())
    services.decline(mine, "Ik ben ziek")
    expert(make_user, "Cees")
    services.propose_teams(time_limit=5)
    team = set(live(made).values_list("expert__display_name", flat=True))
    assert team == {"Bert (test)", "Cees (test)"}


def test_no_pulling_out_of_running_work_through_the_site(client, make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user, org())
    services.start(made)
    client.force_login(anna.user)
    assert "Ik kan toch niet meedoen" not in client.get(reverse("pool:profile")).content.decode()
    response = client.post(reverse("pool:respond", args=[mine.pk]),
                           {"action": "decline", "reason": "Ik ben ziek"}, follow=True)
    assert "Deze opdracht loopt al" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.ACCEPTED


# -- the requester's list --------------------------------------------------------------------

def test_my_assignments_lists_my_organisations_assignments_with_their_team(client, make_user):
    groningen = org()
    ours, *_ = _accepted_team(make_user, groningen, title="Onze training")
    theirs = assignment(org("Gemeente Zwolle (review)", "Zwolle"), "Hun training")
    client.force_login(officer_of(make_user, groningen))
    page = client.get(reverse("pool:assignments")).content.decode()
    assert reverse("pool:assignment", args=[ours.pk]) in page
    assert "2 van 2" in page  # who said yes, of the team asked for
    assert "Hun training" not in page
    assert reverse("pool:assignment", args=[theirs.pk]) not in page


def test_experts_and_narrators_do_not_get_the_requesters_list(client, make_user):
    client.force_login(make_user(Role.NARRATOR, "verteller-s16"))
    assert client.get(reverse("pool:assignments")).status_code == 403


# -- languages -------------------------------------------------------------------------------

def test_an_assignment_in_arabic_gets_the_expert_who_speaks_it(client, make_user):
    organisation = org()
    expert(make_user, "Anna", languages=("nl", "ar"))
    expert(make_user, "Bert", languages=("ar",))
    expert(make_user, "Cees", languages=("nl",))
    officer = officer_of(make_user, organisation)
    client.force_login(officer)
    client.post(reverse("pool:assignment_new"), assignment_post(organisation, languages=["ar"]))
    made = Assignment.objects.get(title="Training voor het wijkteam")
    assert made.languages == ["ar"]
    assert "Arabisch" in client.get(reverse("pool:assignment", args=[made.pk])).content.decode()
    services.propose_teams(time_limit=5)
    assert set(live(made).values_list("expert__display_name", flat=True)) == {
        "Anna (test)", "Bert (test)"}


def test_no_language_ticked_means_dutch(client, make_user):
    organisation = org()
    client.force_login(officer_of(make_user, organisation))
    client.post(reverse("pool:assignment_new"), assignment_post(organisation))
    made = Assignment.objects.get(title="Training voor het wijkteam")
    assert services.to_assignment(made).languages == frozenset({"nl"})


def test_the_api_takes_and_gives_the_languages(make_user):
    from rest_framework.test import APIClient

    from meervoud.api.tokens import issue_token

    organisation = org()
    api = APIClient()
    token = issue_token(officer_of(make_user, organisation))[0]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = {"titel": "Gesprek met nieuwkomers", "omschrijving": "Vertel over je weg.",
            "levensdomeinen": ["verslaving"], "activiteit": "training",
            "urenPerWeek": "4", "begindatum": str(TODAY + timedelta(days=20)),
            "einddatum": str(TODAY + timedelta(days=40)), "talen": ["ar", "ti"]}
    response = api.post(reverse("api:assignments"), body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["talen"] == ["ar", "ti"]
    bad = api.post(reverse("api:assignments"), {**body, "talen": ["xx"]}, format="json")
    assert bad.status_code == 400
    assert "talen" in bad.content.decode()


# -- the profile in the log ------------------------------------------------------------------

def test_the_log_names_the_changed_fields_not_their_values(client, make_user):
    from tests.pool.builders import profile_post

    anna = expert(make_user, "Anna")
    client.force_login(make_user(Role.COORDINATOR, "coord-s16"))
    client.post(reverse("pool:expert_edit", args=[anna.pk]),
                profile_post(anna, hours_per_week="12", about="Heeft lang op straat geleefd."))
    event = AuditEvent.objects.get(action="change", object_id=str(anna.pk))
    assert "hours_per_week" in event.detail and "about" in event.detail
    assert "straat" not in event.detail and "12" not in event.detail


def test_saving_a_profile_without_changes_logs_no_change(client, make_user):
    from tests.pool.builders import profile_post

    anna = expert(make_user, "Anna")
    client.force_login(make_user(Role.COORDINATOR, "coord-s16"))
    client.post(reverse("pool:expert_edit", args=[anna.pk]), profile_post(anna))
    assert not AuditEvent.objects.filter(action="change").exists()


# -- posting twice ---------------------------------------------------------------------------

def test_the_second_post_lands_on_the_first_assignment(client, make_user):
    organisation = org()
    client.force_login(officer_of(make_user, organisation))
    data = assignment_post(organisation)
    first = client.post(reverse("pool:assignment_new"), data)
    second = client.post(reverse("pool:assignment_new"), data, follow=True)
    made = Assignment.objects.get(title="Training voor het wijkteam")
    assert first.url == reverse("pool:assignment", args=[made.pk])
    assert second.redirect_chain[-1][0] == first.url
    assert "al geplaatst" in second.content.decode()


def test_a_second_assignment_with_other_dates_is_a_new_one(client, make_user):
    organisation = org()
    client.force_login(officer_of(make_user, organisation))
    client.post(reverse("pool:assignment_new"), assignment_post(organisation))
    client.post(reverse("pool:assignment_new"), assignment_post(
        organisation, start=str(TODAY + timedelta(days=100)), end=str(TODAY + timedelta(days=120))))
    assert Assignment.objects.filter(title="Training voor het wijkteam").count() == 2


# -- leaving the pool ------------------------------------------------------------------------

def test_an_expert_can_delete_their_profile_after_confirming(client, make_user):
    anna = expert(make_user, "Anna")
    BlockedPeriod.objects.create(expert=anna, start=TODAY, end=TODAY + timedelta(days=3))
    client.force_login(anna.user)
    url = reverse("pool:profile_delete")
    assert url in client.get(reverse("pool:profile")).content.decode()
    confirm = client.get(url).content.decode()
    assert "Weet je zeker" in confirm
    response = client.post(url)
    assert response.status_code == 302
    assert not ExpertProfile.objects.filter(pk=anna.pk).exists()
    assert not BlockedPeriod.objects.exists()
    anna.user.refresh_from_db()  # the account itself stays: it may hold their own stories


def test_leaving_the_pool_sends_the_team_back_to_the_matching(make_user):
    made, anna, bert, *_ = _accepted_team(make_user, org())
    services.delete_profile(anna)
    made.refresh_from_db()
    assert made.status == Assignment.Status.OPEN
    assert not live(made).filter(expert=bert).exists()  # Bert is not left alone


def test_an_expert_in_running_work_is_asked_to_talk_to_the_coordinator_first(client, make_user):
    made, anna, *_ = _accepted_team(make_user, org())
    services.start(made)
    client.force_login(anna.user)
    response = client.post(reverse("pool:profile_delete"), follow=True)
    assert ExpertProfile.objects.filter(pk=anna.pk).exists()
    message = response.content.decode()
    assert "Je doet nu mee aan" in message and made.title in message


# -- changing an assignment before anyone is asked -------------------------------------------

def test_the_asker_changes_an_assignment_before_a_team_is_sent(client, make_user):
    organisation = org()
    made = assignment(organisation)
    expert(make_user, "Anna")
    expert(make_user, "Bert")
    services.propose_teams(time_limit=5)
    assert live(made).count() == 2
    client.force_login(officer_of(make_user, organisation))
    url = reverse("pool:assignment_edit", args=[made.pk])
    assert url in client.get(reverse("pool:assignment", args=[made.pk])).content.decode()
    form = client.get(url).content.decode()
    assert made.title in form
    response = client.post(url, assignment_post(organisation, title="Training, nu in het Arabisch",
                                                languages=["ar"]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.title == "Training, nu in het Arabisch" and made.languages == ["ar"]
    assert not live(made).exists()  # the team proposed for the old question is withdrawn


def test_a_wrong_change_keeps_what_was_typed_and_the_stored_assignment(client, make_user):
    organisation = org()
    made = assignment(organisation)
    client.force_login(officer_of(make_user, organisation))
    response = client.post(reverse("pool:assignment_edit", args=[made.pk]), assignment_post(
        organisation, title="Nieuwe titel", team_size="1"))
    assert response.status_code == 200
    assert "Nieuwe titel" in response.content.decode()
    made.refresh_from_db()
    assert made.title == "Training wijkteam"


def test_once_the_team_is_asked_the_assignment_cannot_be_changed(client, make_user):
    organisation = org()
    made = assignment(organisation)
    sent(made, expert(make_user, "Anna"), expert(make_user, "Bert"))
    client.force_login(officer_of(make_user, organisation))
    url = reverse("pool:assignment_edit", args=[made.pk])
    assert url not in client.get(reverse("pool:assignment", args=[made.pk])).content.decode()
    response = client.post(url, assignment_post(organisation, title="Stiekem anders"), follow=True)
    made.refresh_from_db()
    assert made.title == "Training wijkteam"
    assert "annuleer" in response.content.decode().lower()  # what to do instead
    assert "Stiekem anders" in response.content.decode()  # what was typed stays on the page


def test_another_municipality_cannot_change_it(client, make_user):
    organisation = org()
    made = assignment(organisation)
    client.force_login(officer_of(make_user, org("Gemeente Zwolle (review)", "Zwolle"), "beleid-zwolle"))
    assert client.get(reverse("pool:assignment_edit", args=[made.pk])).status_code == 403


def test_removing_an_expert_in_the_admin_sends_their_team_back(admin_client, make_user):
    made, anna, bert, *_ = _accepted_team(make_user, org())
    url = reverse("admin:pool_expertprofile_delete", args=[anna.pk])
    admin_client.post(url, {"post": "yes"})
    assert not ExpertProfile.objects.filter(pk=anna.pk).exists()
    made.refresh_from_db()
    assert made.status == Assignment.Status.OPEN
    assert not live(made).filter(expert=bert).exists()


def test_the_matching_names_every_language_the_pool_offers_as_the_pool_does():
    """The matching's notes (Django-free) and the forms name languages from two lists."""
    from django.utils import translation

    from meervoud.matching import labels
    from meervoud.pool.vocabularies import Language

    with translation.override("nl"):
        assert {code: str(label) for code, label in Language.choices} == labels.LANGUAGE_LABELS
