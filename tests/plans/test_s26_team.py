"""Session 26: the project team of a plan.

1. A plan keeps a project lead also when two leads demote or remove each other at the same
   moment: team changes lock the plan and read the member again, and who comes second is told.
2. A lead invites by username or by e-mail address (the whole name or address, no search); an
   address gets the answer any text gets, so inviting tells nobody whose address it is.
3. The project leads hear by e-mail when someone answers an invitation, as the others hear.
4. The workshop says how long its blocks take next to the handbook's "ongeveer 3,5 uur"."""

import html
import importlib
import re
import threading
import time

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.plans import reference, selectors, services
from meervoud.plans.models import (
    InvitationStatus,
    PlanInvitation,
    PlanMember,
    Programme,
    ProgrammeKind,
    ProjectRole,
)
from tests.conftest import run_background_tasks

pytestmark = pytest.mark.django_db

NOT_LEAD = ("Iemand heeft intussen jouw rol veranderd: je bent geen projectleider meer. Daarom "
            "kun je het projectteam niet meer aanpassen.")
NOT_MEMBER = ("Iemand heeft je intussen uit het projectteam gehaald. Daarom kun je het "
              "projectteam niet meer aanpassen.")
LAST_LEAD = "Een plan heeft minstens één projectleider. Geef eerst iemand anders die rol."
SENT_ADDRESS = ("Je hebt ‘%s’ uitgenodigd. Heeft iemand met dit e-mailadres een account, dan ziet "
                "die de uitnodiging bij de eigen plannen en zegt daar ja of nee. Pas na een ja "
                "hoort die bij het projectteam.")
ENGLISH_PART = "-" * 40 + " English"


def _text(response) -> str:
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _member(plan, user) -> PlanMember:
    return PlanMember.objects.get(plan=plan, user=user)


def _leads(plan) -> set[str]:
    return {m.user.username for m in plan.memberships.filter(role=ProjectRole.LEAD)}


@pytest.fixture
def ed(make_user):
    return make_user(Role.NARRATOR, "ed-noord")


@pytest.fixture
def bea(make_user):
    user = make_user(Role.POLICY_OFFICER, "bbakker")
    user.first_name, user.last_name, user.email = "Bea", "Bakker", "bea@zwolle.example"
    user.save()
    return user


# 1 -- a plan keeps a project lead --------------------------------------------------------

def test_a_role_changed_from_an_old_page_still_leaves_a_lead(plan, plan_user, ed):
    """The team page showed Ed as a peer expert; since then he became the only lead. Changing
    his role from that page is checked against what is stored now, not what the page saw."""
    services.add_member(plan, user=ed, role=ProjectRole.PEER_EXPERT)
    as_the_page_saw_him = _member(plan, ed)
    services.change_role(_member(plan, ed), ProjectRole.LEAD)
    services.change_role(_member(plan, plan_user), ProjectRole.POLICY)
    with pytest.raises(services.PlanError) as refused:
        services.change_role(as_the_page_saw_him, ProjectRole.MEMBER)
    assert str(refused.value) == LAST_LEAD
    assert _leads(plan) == {"ed-noord"}


def test_removing_from_an_old_page_still_leaves_a_lead(plan, plan_user, ed):
    services.add_member(plan, user=ed, role=ProjectRole.PEER_EXPERT)
    as_the_page_saw_him = _member(plan, ed)
    services.change_role(_member(plan, ed), ProjectRole.LEAD)
    services.change_role(_member(plan, plan_user), ProjectRole.POLICY)
    with pytest.raises(services.PlanError):
        services.remove_member(as_the_page_saw_him)
    assert _leads(plan) == {"ed-noord"}


def test_the_lead_who_comes_second_is_told_her_role_was_taken(plan, plan_user, ed):
    """Two leads demote each other: Ed was first. Anna's change, sent from the page she had
    open as a lead, is refused with why, and Ed stays lead."""
    services.add_member(plan, user=ed, role=ProjectRole.LEAD)
    ed_on_annas_page = _member(plan, ed)
    services.change_role(_member(plan, plan_user), ProjectRole.POLICY, by=ed)
    with pytest.raises(services.PlanError) as refused:
        services.change_role(ed_on_annas_page, ProjectRole.MEMBER, by=plan_user)
    assert str(refused.value) == NOT_LEAD
    with pytest.raises(services.PlanError, match="geen projectleider meer"):
        services.remove_member(ed_on_annas_page, by=plan_user)
    with pytest.raises(services.PlanError, match="geen projectleider meer"):  # nor back herself
        services.change_role(_member(plan, plan_user), ProjectRole.LEAD, by=plan_user)
    assert _leads(plan) == {"ed-noord"}
    services.remove_member(_member(plan, plan_user), by=plan_user)  # leaving needs no lead
    assert not plan.memberships.filter(user=plan_user).exists()


def test_the_lead_who_comes_second_is_told_she_was_taken_off_the_team(plan, plan_user, ed):
    services.add_member(plan, user=ed, role=ProjectRole.LEAD)
    ed_on_annas_page = _member(plan, ed)
    services.remove_member(_member(plan, plan_user), by=ed)
    with pytest.raises(services.PlanError) as refused:
        services.remove_member(ed_on_annas_page, by=plan_user)
    assert str(refused.value) == NOT_MEMBER
    assert _leads(plan) == {"ed-noord"}


def test_a_member_a_colleague_removed_meanwhile_is_said_so(plan, plan_user, ed):
    services.add_member(plan, user=ed, role=ProjectRole.PEER_EXPERT)
    on_the_page = _member(plan, ed)
    services.remove_member(_member(plan, ed), by=plan_user)
    with pytest.raises(services.PlanError) as refused:
        services.change_role(on_the_page, ProjectRole.LEAD, by=plan_user)
    assert str(refused.value) == "ed-noord zit intussen niet meer in het projectteam."
    services.remove_member(on_the_page, by=plan_user)  # gone already: what she wanted


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two team changes at once need two connections to a server; SQLite makes them take turns")


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["role", "remove"])
def test_two_leads_demoting_or_removing_each_other_at_once_on_postgresql_leave_one(
        reference_data, plan, plan_user, make_user, monkeypatch, action):
    """Both press the button at the same moment, each on the other. Each request is held where
    it counts the leads until the other one has counted too (the code without a lock) or waits
    for the plan's lock (with one): then one goes first and the other is told why not."""
    bo = make_user(Role.COORDINATOR, "bo-lead")
    services.add_member(plan, user=bo, role=ProjectRole.LEAD)
    url = reverse("plans:members", args=[plan.pk])
    counted, go_on = [], threading.Event()
    count_leads = services._leads

    def counting(*args):
        counted.append(threading.get_ident())
        go_on.wait(30)
        return count_leads(*args)

    monkeypatch.setattr(services, "_leads", counting)
    answers: dict[str, str] = {}

    def press(user, other):
        try:
            client = Client()
            client.force_login(user)
            target = PlanMember.objects.get(plan=plan, user=other)
            data = {"action": action, "member": target.pk, f"m{target.pk}-role": ProjectRole.MEMBER}
            answers[user.username] = _text(client.post(url, data, follow=True))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(plan_user, bo)),
               threading.Thread(target=press, args=(bo, plan_user))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while not go_on.is_set() and time.monotonic() < deadline:
        if len(counted) == 2 or (counted and _someone_waits_for_a_lock()):
            go_on.set()
        time.sleep(0.01)
    go_on.set()
    for thread in threads:
        thread.join()

    assert len(_leads(plan)) == 1
    second = NOT_LEAD if action == "role" else NOT_MEMBER
    assert sorted(second in answer for answer in answers.values()) == [False, True]


# 2 -- inviting by e-mail address ----------------------------------------------------------

def _invite(client, plan, typed, role=ProjectRole.MEMBER, follow=True):
    return client.post(reverse("plans:members", args=[plan.pk]),
                       {"action": "add", "username": typed, "role": role}, follow=follow)


def test_a_lead_invites_a_colleague_by_her_e_mail_address(
        client, plan, plan_user, bea, django_capture_on_commit_callbacks):
    client.force_login(plan_user)
    with django_capture_on_commit_callbacks(execute=True):
        said = _text(_invite(client, plan, "  Bea@Zwolle.EXAMPLE "))
    run_background_tasks()
    assert SENT_ADDRESS % "Bea@Zwolle.EXAMPLE" in said
    invitation = PlanInvitation.objects.get()
    assert invitation.user == bea and invitation.username == "Bea@Zwolle.EXAMPLE"
    assert [m.to for m in mail.outbox] == [["bea@zwolle.example"]]
    team = _text(client.get(reverse("plans:members", args=[plan.pk])))
    assert "Bea@Zwolle.EXAMPLE Lid projectteam uitgenodigd op" in team and "Bakker" not in team
    client.force_login(bea)
    assert "vraagt je voor het projectteam" in _text(client.get(reverse("plans:list")))


def test_an_address_gets_the_same_answer_whether_it_is_someones_or_not(
        client, plan, plan_user, bea, make_user, django_capture_on_commit_callbacks):
    """The answer follows what was typed, never what was found: an address of an account, of a
    team member, or of nobody gets the same words and the same row."""
    colleague = make_user(Role.COORDINATOR, "collega")
    colleague.email = "collega@groningen.example"
    colleague.save()
    services.add_member(plan, user=colleague, role=ProjectRole.COORDINATOR)
    client.force_login(plan_user)
    typed = ["bea@zwolle.example", "niemand@zwolle.example", "collega@groningen.example"]
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_invite(client, plan, text, follow=False) for text in typed]
    assert [a.status_code for a in answers] == [302, 302, 302]
    team = _text(client.get(reverse("plans:members", args=[plan.pk])))
    for text in typed:
        assert f"{text} Lid projectteam uitgenodigd op" in team
    for text in typed:  # the message of each, after the page above took the first
        said = _text(_invite(client, plan, text.upper()))
        assert f"Je hebt ‘{text.upper()}’ al uitgenodigd." in said and "is al lid" not in said
    run_background_tasks()
    # only Bea is told: her colleague is on the team already, and nobody has the other address
    assert [m.to for m in mail.outbox] == [["bea@zwolle.example"]]
    found = dict(PlanInvitation.objects.values_list("username", "user__username"))
    assert found == {"bea@zwolle.example": "bbakker", "niemand@zwolle.example": None,
                     "collega@groningen.example": "collega"}
    # nor does her colleague see an invitation to the plan he is on
    client.force_login(colleague)
    assert "vraagt je voor het projectteam" not in _text(client.get(reverse("plans:list")))


def test_only_the_whole_name_or_address_reaches_someone(plan, plan_user, bea, make_user):
    for typed in ("bea@zwolle", "zwolle.example", "bea", "bbakke", "bea@zwolle.example.nl",
                  "Bea Bakker"):
        assert services.invite(plan, username=typed, role=ProjectRole.MEMBER,
                               by=plan_user).user is None, typed
    twin = make_user(Role.RESEARCHER, "bea-werk")
    twin.email = "BEA@zwolle.example"
    twin.save()
    # an address two accounts share reaches neither; her username still reaches her
    assert services.invite(plan, username="bea@zwolle.example", role=ProjectRole.MEMBER,
                           by=plan_user).user is None
    assert services.invite(plan, username="bbakker", role=ProjectRole.MEMBER,
                           by=plan_user).user == bea


def test_an_inactive_account_is_not_reached_by_its_address(plan, plan_user, bea):
    bea.is_active = False
    bea.save()
    assert services.invite(plan, username="bea@zwolle.example", role=ProjectRole.MEMBER,
                           by=plan_user).user is None


def test_asked_by_name_and_by_address_she_hears_once_and_answers_once(
        client, plan, plan_user, bea, django_capture_on_commit_callbacks):
    client.force_login(plan_user)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, plan, "bbakker")
        _invite(client, plan, "bea@zwolle.example")
    run_background_tasks()
    assert [m.to for m in mail.outbox] == [["bea@zwolle.example"]]
    client.force_login(bea)
    assert _text(client.get(reverse("plans:list"))).count("vraagt je voor het projectteam") == 1
    [shown] = selectors.open_invitations_for(bea)
    client.post(reverse("plans:list"), {"action": "accept", "invitation": shown.pk})
    assert _member(plan, bea).role == ProjectRole.MEMBER
    assert not PlanInvitation.objects.exists()


def test_her_no_counts_for_each_invitation_to_the_plan(plan, plan_user, bea):
    services.invite(plan, username="bbakker", role=ProjectRole.MEMBER, by=plan_user)
    services.invite(plan, username="bea@zwolle.example", role=ProjectRole.MEMBER, by=plan_user)
    [shown] = selectors.open_invitations_for(bea)
    services.decline_invitation(shown.pk, user=bea)
    assert set(PlanInvitation.objects.values_list("status", flat=True)) == {InvitationStatus.DECLINED}
    assert not selectors.open_invitations_for(bea).exists()


def test_erasing_her_account_takes_the_address_the_lead_typed_with_it(plan, plan_user, bea):
    from meervoud.accounts.services import erase_account

    services.invite(plan, username="bea@zwolle.example", role=ProjectRole.MEMBER, by=plan_user)
    erase_account(bea, by=plan_user)
    assert not PlanInvitation.objects.filter(username__icontains="bea@").exists()


# 3 -- the leads hear of an answer ----------------------------------------------------------

@pytest.fixture
def leads(plan, plan_user, make_user, settings):
    """Anna (the plan's lead, e-mail in Dutch), Kees (lead, messages off), Ed (a member)."""
    settings.MEERVOUD_SITE_URL = "https://meervoud.example"
    plan_user.email, plan_user.language = "anna@groningen.example", "nl"
    plan_user.save()
    kees = make_user(Role.COORDINATOR, "kees")
    kees.email, kees.email_notifications = "kees@groningen.example", False
    kees.save()
    services.add_member(plan, user=kees, role=ProjectRole.LEAD)
    ed = make_user(Role.NARRATOR, "ed-noord")
    ed.email = "ed@groningen.example"
    ed.save()
    services.add_member(plan, user=ed, role=ProjectRole.PEER_EXPERT)
    return plan_user, kees


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_the_leads_hear_that_someone_answered(client, plan, bea, leads, answer,
                                              django_capture_on_commit_callbacks):
    anna, _kees = leads
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.LEAD, by=anna)
    client.force_login(bea)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("plans:list"), {"action": answer, "invitation": invitation.pk})
    mail.outbox.clear()  # her own invitation
    run_background_tasks()
    # only the lead who gets messages; not Kees (off), Ed (no lead), nor Bea who answered
    assert [m.to for m in mail.outbox] == [["anna@groningen.example"]]
    [message] = mail.outbox
    assert "antwoord op een uitnodiging" in message.subject
    assert "https://meervoud.example" + reverse("plans:members", args=[plan.pk]) in message.body
    for secret in (plan.title, plan.location, "bbakker", "Bea", "ja", "nee"):
        assert f" {secret} " not in f" {message.body} ", secret
    assert ENGLISH_PART not in message.body  # she chose Dutch


def test_a_lead_without_a_chosen_language_hears_in_dutch_and_english(
        client, plan, plan_user, bea, django_capture_on_commit_callbacks):
    plan_user.email = "anna@groningen.example"
    plan_user.save()
    invitation = services.invite(plan, username="bbakker", role=ProjectRole.MEMBER, by=plan_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_invitation(invitation.pk, user=bea)
    run_background_tasks()
    [message] = [m for m in mail.outbox if m.to == ["anna@groningen.example"]]
    assert ENGLISH_PART in message.body


# 4 -- how long the workshop takes -----------------------------------------------------------

def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} uur en {rest} minuten"


def test_the_workshop_intro_gives_the_handbooks_estimate_and_what_its_blocks_add_up_to():
    workshop = reference.programme("workshop", dutch=True)
    blocks = [block for part in workshop["sessions"] for block in part["blocks"]]
    minutes = sum(block["minutes"] for block in blocks)
    assert minutes == selectors.workshop_minutes() == 185
    intro = workshop["intro"]
    assert "De handreiking noemt ongeveer 3,5 uur, met tijden bij benadering" in intro
    assert f"de onderdelen in de handreiking duren samen {_length(minutes)}, zonder pauze" in intro
    assert "(ongeveer 3,5 uur" not in intro
    # Bijlage 3 has no break: none is made up
    assert not any("pauze" in block["title"].lower() for block in blocks)


def test_the_plan_page_gives_the_workshops_length_from_its_blocks(client, plan, plan_user):
    client.force_login(plan_user)
    text = _text(client.get(reverse("plans:detail", args=[plan.pk])))
    assert f"de workshop (een dagdeel van {_length(selectors.workshop_minutes())})" in text
    assert "ongeveer 3,5 uur)" not in text


def test_a_workshop_copied_before_gets_the_new_intro_unless_the_team_changed_it(plan, plan_user):
    migration = importlib.import_module(
        "meervoud.plans.migrations.0008_invitation_by_address_workshop_length")
    assert migration.NEW_INTRO == reference.programme("workshop", dutch=True)["intro"]
    as_copied = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    changed = services.create_programme(plan, kind=ProgrammeKind.WORKSHOP, user=plan_user)
    Programme.objects.filter(pk=as_copied.pk).update(intro=migration.OLD_INTRO)
    Programme.objects.filter(pk=changed.pk).update(intro="Onze eigen workshop van vier uur.")
    migration.forwards(apps, None)
    as_copied.refresh_from_db()
    changed.refresh_from_db()
    assert as_copied.intro == migration.NEW_INTRO and as_copied.shown.intro == as_copied.intro
    assert changed.intro == "Onze eigen workshop van vier uur."
