"""Session 20: someone is put on a project team only when she says yes herself.

The lead types a username; that is an invitation. Until it is accepted the team sees only the
typed name, and a known and an unknown name get the same answer, so that the team page tells
nobody which usernames exist or whose they are."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from meervoud.accounts.models import Organisation, OrganisationKind, Role
from meervoud.audit.models import AuditEvent
from meervoud.places.selectors import find_municipality
from meervoud.plans import selectors, services
from meervoud.plans.models import InvitationStatus, PlanInvitation, PlanMember, ProjectRole
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

SENT = ("Je hebt ‘%s’ uitgenodigd. Heeft iemand deze gebruikersnaam, dan ziet die de uitnodiging "
        "bij de eigen plannen en zegt daar ja of nee. Pas na een ja hoort die bij het projectteam.")


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def bea(make_user):
    user = make_user(Role.POLICY_OFFICER, "bbakker")
    user.first_name, user.last_name, user.email = "Bea", "Bakker", "bea@zwolle.example"
    user.organisation = Organisation.objects.create(
        name="Gemeente Zwolle (test)", kind=OrganisationKind.MUNICIPALITY,
        municipality=find_municipality("Zwolle"))
    user.save()
    return user


def _invite(client, plan, username, role="beleidsmedewerker"):
    return client.post(reverse("plans:members", args=[plan.pk]),
                       {"action": "add", "username": username, "role": role}, follow=True)


def test_a_known_and_an_unknown_name_get_the_same_answer_and_the_same_row(
        client, plan, plan_user, bea, django_capture_on_commit_callbacks, settings):
    settings.MEERVOUD_SITE_URL = "https://meervoud.example"
    client.force_login(plan_user)
    with django_capture_on_commit_callbacks(execute=True):
        known = _text(_invite(client, plan, "bbakker"))
        unknown = _text(_invite(client, plan, "bestaat-niet"))
    run_background_tasks()
    assert SENT % "bbakker" in known and SENT % "bestaat-niet" in unknown
    page = _text(client.get(reverse("plans:members", args=[plan.pk])))
    for name in ("bbakker", "bestaat-niet"):
        assert f"{name} Beleidsmedewerker gemeente uitgenodigd op" in page
    assert "Bea" not in page and "Bakker" not in page and "Zwolle" not in page
    assert not PlanMember.objects.filter(plan=plan, user=bea).exists()
    assert PlanInvitation.objects.get(username="bbakker").user == bea
    assert PlanInvitation.objects.get(username="bestaat-niet").user is None
    # only she gets a message: a link, nothing about the plan or who asks
    assert [m.to for m in mail.outbox] == [["bea@zwolle.example"]]
    message = mail.outbox[0]
    assert "uitgenodigd" in message.subject
    assert plan.location not in message.body and plan_user.username not in message.body
    assert "https://meervoud.example" + reverse("plans:list") in message.body


def test_the_status_column_says_uitgenodigd_next_to_the_typed_name(client, plan, plan_user, bea):
    client.force_login(plan_user)
    _invite(client, plan, "BBakker")
    row = _text(client.get(reverse("plans:members", args=[plan.pk]))).split("Acties", 2)[-1]
    assert "BBakker Beleidsmedewerker gemeente uitgenodigd op" in row
    # the different case still reaches her account
    assert PlanInvitation.objects.get().user == bea


@pytest.mark.parametrize("kind", ["inactive", "member of the team", "asked already"])
def test_names_that_cannot_be_invited(client, plan, plan_user, bea, kind):
    client.force_login(plan_user)
    if kind == "inactive":
        bea.is_active = False
        bea.save()
        _invite(client, plan, "bbakker")
        assert PlanInvitation.objects.get().user is None, "an inactive account is told apart"
        return
    if kind == "member of the team":
        response = _invite(client, plan, plan_user.username.upper())
        assert "‘BELEID1’ is al lid van het projectteam." in _text(response)
    else:
        _invite(client, plan, "bestaat-niet")
        response = _invite(client, plan, "Bestaat-Niet")
        assert ("Je hebt ‘Bestaat-Niet’ al uitgenodigd. Kijk hieronder bij Uitnodigingen."
                in _text(response))
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_empty_name_is_refused_with_a_clear_message(client, plan, plan_user):
    client.force_login(plan_user)
    response = _invite(client, plan, "")
    assert response.status_code == 400
    assert "Vul de gebruikersnaam in van wie je wilt uitnodigen." in _text(response)
    assert not PlanInvitation.objects.exists()


def test_she_sees_the_invitation_and_says_yes(client, plan, plan_user, bea):
    plan_user.first_name, plan_user.last_name = "Anna", "de Vries"
    plan_user.save()
    services.invite(plan, username="bbakker", role=ProjectRole.POLICY, by=plan_user)
    client.force_login(bea)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    page = _text(client.get(reverse("plans:list")))
    assert (f"Anna de Vries vraagt je voor het projectteam van ‘{plan.title}’ in Wijk Noord "
            f"({plan.municipality}), als beleidsmedewerker gemeente.") in page
    invitation = PlanInvitation.objects.get()
    response = client.post(reverse("plans:list"), {"action": "accept", "invitation": invitation.pk})
    assert response.url == reverse("plans:detail", args=[plan.pk])
    assert PlanMember.objects.get(plan=plan, user=bea).role == ProjectRole.POLICY
    assert not PlanInvitation.objects.exists()
    # now that she said yes, the team sees who she is
    client.force_login(plan_user)
    team = _text(client.get(reverse("plans:members", args=[plan.pk])))
    assert "Bea Bakker" in team and "Gemeente Zwolle (test)" in team
    assert list(selectors.plans_for(bea)) == [plan]


def test_she_says_no_and_the_lead_sees_it(client, plan, plan_user, bea):
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.MEMBER, by=plan_user)
    client.force_login(bea)
    response = client.post(reverse("plans:list"), {"action": "decline", "invitation": invitation.pk},
                           follow=True)
    assert "Je hebt nee gezegd." in _text(response)
    assert "vraagt je voor het projectteam" not in _text(response)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and invitation.answered_at
    client.force_login(plan_user)
    team = _text(client.get(reverse("plans:members", args=[plan.pk])))
    assert "zei nee op" in team and "Bea" not in team
    # a no cannot become a yes later by an old form
    client.force_login(bea)
    client.post(reverse("plans:list"), {"action": "accept", "invitation": invitation.pk})
    assert not PlanMember.objects.filter(user=bea).exists()


def test_the_lead_withdraws_an_invitation(client, plan, plan_user, bea):
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.MEMBER, by=plan_user)
    client.force_login(plan_user)
    response = client.post(reverse("plans:members", args=[plan.pk]),
                           {"action": "withdraw", "invitation": invitation.pk}, follow=True)
    assert "De uitnodiging voor ‘bbakker’ is weggehaald." in _text(response)
    client.force_login(bea)
    assert "vraagt je voor het projectteam" not in _text(client.get(reverse("plans:list")))
    response = client.post(reverse("plans:list"), {"action": "accept", "invitation": invitation.pk},
                           follow=True)
    assert "Deze uitnodiging geldt niet meer. Misschien is hij ingetrokken." in _text(response)
    assert not PlanMember.objects.filter(user=bea).exists()


def test_nobody_answers_an_invitation_that_is_not_hers(client, plan, plan_user, bea, make_user):
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.LEAD, by=plan_user)
    client.force_login(make_user(Role.NARRATOR, "ed-nieuwsgierig"))
    response = client.post(reverse("plans:list"), {"action": "accept", "invitation": invitation.pk},
                           follow=True)
    assert "Deze uitnodiging geldt niet meer." in _text(response)
    assert PlanMember.objects.filter(plan=plan).count() == 1
    assert client.post(reverse("plans:list"), {"action": "accept", "invitation": "x"}).status_code == 404
    assert client.post(reverse("plans:list"), {"action": "join", "invitation": invitation.pk}).status_code == 400


def test_only_the_lead_invites_and_withdraws(client, plan, plan_user, bea, make_user):
    colleague = make_user(Role.NARRATOR, "ed-noord")
    services.add_member(plan, user=colleague, role=ProjectRole.PEER_EXPERT)
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.MEMBER, by=plan_user)
    client.force_login(colleague)
    url = reverse("plans:members", args=[plan.pk])
    assert client.post(url, {"action": "add", "username": "x", "role": "lid"}).status_code == 403
    assert client.post(url, {"action": "withdraw", "invitation": invitation.pk}).status_code == 403
    page = _text(client.get(url))
    assert "bbakker" in page and "intrekken" not in page  # the team sees who is asked


def test_invitations_are_in_the_audit_log_without_names(plan, plan_user, bea):
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.MEMBER, by=plan_user)
    services.accept_invitation(invitation.pk, user=bea)
    details = list(AuditEvent.objects.filter(object_type="plans.plan").order_by("pk").values_list("detail", flat=True))
    assert details == ["projectteam: uitnodiging verstuurd", "projectteam: uitnodiging aangenomen"]
    assert not any("bbakker" in d for d in details)


def test_existing_members_and_the_creator_keep_their_place(client, plan, plan_user):
    assert PlanMember.objects.get(plan=plan).user == plan_user  # no invitation for the creator
    client.force_login(plan_user)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200


def test_her_own_data_download_lists_the_invitations_to_her_without_the_inviters_name(
        client, plan, plan_user, bea):
    """The right of access covers what is held about her: an invitation she has not said yes
    to is held about her too. Who invited her is someone else's name."""
    plan_user.first_name, plan_user.last_name = "Ina", "Inviter"
    plan_user.save()
    services.invite(plan, username="bbakker", role="beleidsmedewerker", by=plan_user)
    client.force_login(bea)
    data = client.get(reverse("accounts:my_data")).json()
    [invitation] = data["uitnodigingen_voor_plannen"]
    assert invitation["plan"] == plan.title and invitation["status"] == "Uitgenodigd"
    assert invitation["geantwoord_op"] is None and "Inviter" not in str(data)
