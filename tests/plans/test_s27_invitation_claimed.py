"""Session 27: an invitation to a project team typed before the account existed.

A lead invites a colleague by e-mail address or username who has no account yet; the
administrator makes the account a week later. Before, the invitation stayed with nobody for
good: the new colleague never saw it and the lead saw it "open" with no way to know why."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.accounts.services import change_settings
from meervoud.plans import services
from meervoud.plans.models import PlanInvitation, ProjectRole
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

User = get_user_model()


def _new_account(username: str, email: str = "", **extra):
    return User.objects.create_user(username=username, email=email, role=Role.POLICY_OFFICER,
                                    password="geheim-wachtwoord-1", **extra)


def _sees_invitation(user) -> bool:
    client = Client()
    client.force_login(user)
    return "vraagt je voor het projectteam" in client.get(reverse("plans:list")).content.decode()


def test_an_account_made_later_with_the_invited_address_gets_the_invitation(
        plan, plan_user, django_capture_on_commit_callbacks):
    invitation = services.invite(plan, username="Sanne@Gemeente.example", role=ProjectRole.MEMBER,
                                 by=plan_user)
    assert invitation.user is None
    with django_capture_on_commit_callbacks(execute=True):
        sanne = _new_account("sdekker", "sanne@gemeente.example")
    run_background_tasks()
    assert PlanInvitation.objects.get(pk=invitation.pk).user == sanne
    assert [m.to for m in mail.outbox] == [["sanne@gemeente.example"]]
    assert _sees_invitation(sanne)
    services.accept_invitation(invitation.pk, user=sanne)
    assert plan.memberships.filter(user=sanne).exists()


def test_an_account_made_later_with_the_invited_username_gets_it_at_its_first_login(
        plan, plan_user):
    invitation = services.invite(plan, username="JdeVries", role=ProjectRole.LEAD, by=plan_user)
    jan = _new_account("jdevries")
    assert PlanInvitation.objects.get(pk=invitation.pk).user == jan
    assert _sees_invitation(jan)


def test_an_address_she_gives_herself_later_does_not_collect_invitations(plan, plan_user):
    """She changes her own address without proving it is hers: typing a colleague's address
    must not bring her the colleague's invitations."""
    invitation = services.invite(plan, username="wethouder@gemeente.example",
                                 role=ProjectRole.LEAD, by=plan_user)
    other = _new_account("nieuwsgierig", "eigen@gemeente.example")
    change_settings(None, other, email="wethouder@gemeente.example")
    assert not _sees_invitation(other)  # the login on the way in claims by username only
    assert PlanInvitation.objects.get(pk=invitation.pk).user is None


def test_an_address_two_accounts_share_reaches_neither(plan, plan_user):
    invitation = services.invite(plan, username="team@gemeente.example", role=ProjectRole.MEMBER,
                                 by=plan_user)
    first = _new_account("eerste", "eerste@gemeente.example")
    change_settings(None, first, email="team@gemeente.example")
    _new_account("tweede", "team@gemeente.example")
    assert PlanInvitation.objects.get(pk=invitation.pk).user is None


def test_an_account_switched_on_later_gets_it_when_she_logs_in(plan, plan_user):
    sleeping = _new_account("slaper", is_active=False)
    invitation = services.invite(plan, username="slaper", role=ProjectRole.MEMBER, by=plan_user)
    assert PlanInvitation.objects.get(pk=invitation.pk).user is None
    sleeping.is_active = True
    sleeping.save()
    assert _sees_invitation(sleeping)
    assert PlanInvitation.objects.get(pk=invitation.pk).user == sleeping


def test_asked_by_username_and_by_address_she_hears_once(
        plan, plan_user, django_capture_on_commit_callbacks):
    services.invite(plan, username="marit", role=ProjectRole.MEMBER, by=plan_user)
    services.invite(plan, username="marit@gemeente.example", role=ProjectRole.LEAD, by=plan_user)
    with django_capture_on_commit_callbacks(execute=True):
        marit = _new_account("marit", "marit@gemeente.example")
    run_background_tasks()
    assert set(PlanInvitation.objects.values_list("user", flat=True)) == {marit.pk}
    assert len(mail.outbox) == 1


def test_of_two_names_that_differ_only_in_capitals_the_exact_one_is_invited(plan, plan_user):
    _new_account("Jan")  # the older account, found first
    lower = _new_account("jan")
    assert services.invite(plan, username="jan", role=ProjectRole.MEMBER, by=plan_user).user == lower
