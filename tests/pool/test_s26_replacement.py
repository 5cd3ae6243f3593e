"""Session 26: someone to step in when running work lost an expert.

Meervoud never deploys a peer expert alone (seed 001, tip 6). Running work that loses one (she
stops, falls ill, her profile is erased) said so on its pages, but nothing could be done about
it: the matching only looked at open assignments. Now the coordinator asks the matching, from
the assignment's page, for candidates for the open places only; sends the question; the
candidate says yes or no as for a new team, and on yes joins the running work from that day.
Each test failed on the code before this session.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from meervoud import matching
from meervoud.accounts.models import Role
from meervoud.pool import services
from meervoud.pool.models import Assignment, Exclusion, Proposal

from tests.conftest import run_background_tasks
from tests.pool.builders import (
    TODAY, assignment, complete, expert, officer_of, org, with_address,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MEERVOUD_SITE_URL = "https://meervoud.example.nl"


@pytest.fixture
def short(make_user):
    """A training for Sanne's municipality began three weeks ago with Anna and Bert; Bert
    stopped (the coordinator recorded it), so Anna is alone. Carla and Dora coordinate."""
    municipality = org()
    sanne = with_address(officer_of(make_user, municipality, "sanne"), "sanne@gemeente.example")
    carla = with_address(make_user(Role.COORDINATOR, "carla"), "carla@pool.example")
    dora = with_address(make_user(Role.COORDINATOR, "dora"), "dora@pool.example")
    work = assignment(municipality, "Training herstel", start=TODAY - timedelta(days=21), days=80)
    work.posted_by = sanne
    work.save()
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    with_address(anna.user, "anna@example.org")
    with_address(bert.user, "bert@example.org")
    _yes_anna, yes_bert = complete(work, anna, bert)
    services.start(Assignment.objects.get(pk=work.pk))
    services.expert_stops(yes_bert, "Ziek geworden")
    mail.outbox.clear()
    return {"work": Assignment.objects.get(pk=work.pk), "sanne": sanne, "carla": carla,
            "dora": dora, "anna": anna, "bert": bert, "org": municipality}


def _browser(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _page(user, work) -> str:
    return _browser(user).get(reverse("pool:assignment", args=[work.pk])).content.decode()


def _post(user, work, **data):
    return _browser(user).post(reverse("pool:assignment", args=[work.pk]), data)


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _mailed(address: str) -> list:
    run_background_tasks()
    return [m for m in mail.outbox if address in m.to]


def _replacements(work, status=Proposal.Status.PROPOSED):
    return list(Proposal.objects.filter(assignment=work, status=status, joins_on__isnull=False))


def _send(user, work):
    shown = [p.pk for p in _replacements(work)]
    return _post(user, work, action="replace_send", replacement=shown)


def _asked(short, make_user, name="Cor"):
    """Cor, a good fit, is found and asked to step in."""
    cor = expert(make_user, name)
    with_address(cor.user, f"{name.lower()}@example.org")
    services.propose_replacement(short["work"])
    services.ask_replacement(short["work"])
    (proposal,) = _replacements(short["work"], Proposal.Status.SENT)
    return cor, proposal


# ======================================================================= who is offered it


def test_only_coordinators_are_offered_a_replacement_and_only_for_running_work_below_size(
        short, make_user):
    work = short["work"]
    assert 'value="replace_search"' in _page(short["carla"], work)
    for reader in (short["sanne"], short["anna"].user):
        assert 'value="replace_search"' not in _page(reader, work)

    whole = assignment(short["org"], "Compleet team", start=TODAY - timedelta(days=3))
    complete(whole, expert(make_user, "Cor"), expert(make_user, "Dirk"))
    services.start(Assignment.objects.get(pk=whole.pk))
    still_open = assignment(short["org"], "Nog open")
    for other in (whole, still_open):
        assert 'value="replace_search"' not in _page(short["carla"], other)


@pytest.mark.parametrize("action", ["replace_search", "replace_send"])
def test_only_a_coordinator_may_search_or_ask(short, make_user, action):
    work = short["work"]
    expert(make_user, "Cor")
    if action == "replace_send":
        services.propose_replacement(work)
    for user in (short["sanne"], short["anna"].user):
        response = _post(user, work, action=action,
                         replacement=[p.pk for p in _replacements(work)])
        assert response.status_code == 403
    assert not _replacements(work, Proposal.Status.SENT)


def test_a_search_for_open_or_complete_work_is_refused_in_dutch(short, make_user):
    expert(make_user, "Cor"), expert(make_user, "Dirk")
    still_open = assignment(short["org"], "Nog open")
    response = _post(short["carla"], still_open, action="replace_search")
    assert "geen invaller nodig" in _said(response)
    assert not still_open.proposals.exists()
    with pytest.raises(services.ReplacementNotNeeded):
        services.propose_replacement(still_open)


# ============================================================ whom the matching proposes


def test_candidates_respect_the_hard_rules_and_never_someone_who_is_or_was_on_it(
        short, make_user):
    """Everyone here fails one rule, or is (Anna) or was (Bert, stopped; Kees, said no) on this
    work: nobody is proposed, and the page says why. Then Lot, who was away during the first
    weeks of the work only, is proposed: her hours and her period count from today."""
    work = short["work"]
    dirk = expert(make_user, "Dirk")
    dirk.blocked.create(start=TODAY + timedelta(days=10), end=TODAY + timedelta(days=12))
    expert(make_user, "Eva", domains=("nah",))
    fenna = expert(make_user, "Fenna")
    Exclusion.objects.create(expert=fenna, assignment=work)  # a conflict of interest
    gijs = expert(make_user, "Gijs")
    elsewhere = assignment(short["org"], "Elders", start=TODAY - timedelta(days=5), days=30,
                           hours=4, status=Assignment.Status.RUNNING)
    Proposal.objects.create(assignment=elsewhere, expert=gijs, status=Proposal.Status.ACCEPTED)
    expert(make_user, "Hans", home="Maastricht")
    ilse = expert(make_user, "Ilse")
    ilse.available = False
    ilse.save()
    expert(make_user, "Joke", languages=("en",))
    kees = expert(make_user, "Kees")
    Proposal.objects.create(assignment=work, expert=kees, status=Proposal.Status.DECLINED,
                            sent_at=work.created_at, responded_at=work.created_at)

    found = services.propose_replacement(work)
    assert found.proposals == [] and found.hard_rule_violations == 0
    assert not _replacements(work)
    work.refresh_from_db()
    assert work.unfillable_reasons
    assert "Niemand gevonden die kan invallen" in _page(short["carla"], work)

    lot = expert(make_user, "Lot")
    lot.blocked.create(start=work.start, end=TODAY - timedelta(days=1))
    found = services.propose_replacement(work)
    (proposal,) = _replacements(work)
    assert proposal.expert == lot and proposal.joins_on == TODAY
    assert found.hard_rule_violations == 0
    assert Proposal.objects.get(assignment=work, expert=short["anna"]).status == "accepted"
    work.refresh_from_db()
    assert work.unfillable_reasons == []


def test_the_matching_proposes_only_the_open_places(short, make_user):
    """A team of three lost two: two are proposed, Anna stays."""
    work = short["work"]
    Assignment.objects.filter(pk=work.pk).update(team_size=3)
    for name in ("Cor", "Dirk", "Eva"):
        expert(make_user, name)
    services.propose_replacement(work)
    assert len(_replacements(work)) == 2
    assert work.proposals.filter(status=Proposal.Status.ACCEPTED).count() == 1


def test_the_library_leaves_out_whom_it_is_told_and_fills_only_the_places():
    """``matching.replacements``: no solver round, the places asked for, nobody excluded."""
    from datetime import date

    people = [matching.Expert(id=name, domains={"verslaving"}, activities={"training"},
                              home="GM0014", max_km=30, hours_per_week=8)
              for name in ("a", "b", "c", "d")]
    work = matching.Assignment(id="w", domains={"verslaving"}, activity="training",
                               hours_per_week=8, start=date(2026, 3, 2), end=date(2026, 5, 1),
                               location="GM0014", paid=True, team_size=3)
    found = matching.replacements(people, work, places=2, exclude={"a"})
    (proposal,) = found.proposals
    assert len(proposal.expert_ids) == 2 and "a" not in proposal.expert_ids
    assert found.hard_rule_violations == 0
    nobody = matching.replacements(people, work, places=2, exclude={"a", "b", "c"})
    assert nobody.proposals == [] and nobody.unfillable[0].reason_parts
    with pytest.raises(ValueError):
        matching.replacements(people, work, places=0)


# ======================================================================= the candidate


def test_her_page_says_she_joins_running_work_with_whom_and_since_when(
        short, make_user, django_capture_on_commit_callbacks):
    work = short["work"]
    with django_capture_on_commit_callbacks(execute=True):
        cor, _proposal = _asked(short, make_user)
    with translation.override("nl"):
        since = formats.date_format(work.start)
    for page in (_browser(cor.user).get(reverse("pool:profile")).content.decode(),
                 _page(cor.user, work)):
        assert f"loopt al sinds {since}" in page
        assert "Anna (test)" in page
    assert "Bert" not in _browser(cor.user).get(reverse("pool:profile")).content.decode()
    (message,) = _mailed("cor@example.org")
    assert message.subject == "Meervoud: Kun je invallen?"


def test_her_work_list_counts_the_question_to_step_in(short, make_user):
    """"Mijn werk" (core.work) counted only asks on open work: an ask to step into running
    work, which she has to answer soon, was not on it."""
    from meervoud.core.work import waiting_for

    cor, _proposal = _asked(short, make_user)
    (item,) = [item for item in waiting_for(cor.user) if "wacht op jouw antwoord" in item.label]
    assert item.count == 1


def test_yes_adds_her_to_the_running_team_with_her_own_start(short, make_user):
    work = short["work"]
    cor, proposal = _asked(short, make_user)
    response = _browser(cor.user).post(reverse("pool:respond", args=[proposal.pk]),
                                       {"action": "accept"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    work.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.joins_on == TODAY
    assert work.status == Assignment.Status.RUNNING
    assert work.proposals.filter(status=Proposal.Status.ACCEPTED).count() == 2
    # her hours are taken from today, not from the day the work began three weeks ago
    assert services.History.of([cor.pk]).commitments[cor.pk] == (
        (TODAY, work.end, work.hours_per_week),)
    assert "Het team is niet meer compleet" not in _page(short["sanne"], work)


def test_the_asker_and_the_experts_hear_once_when_the_team_is_complete_again(
        short, make_user, django_capture_on_commit_callbacks):
    """A team of three lost two. Cor's yes is not yet a complete team; Dirk's is. Sanne and
    Anna (and Cor, who was waiting) hear it once, without who left or why."""
    work = short["work"]
    Assignment.objects.filter(pk=work.pk).update(team_size=3)
    cor, dirk = expert(make_user, "Cor"), expert(make_user, "Dirk")
    for person in (cor, dirk):
        with_address(person.user, f"{person.user.username}@example.org")
    services.propose_replacement(work)
    services.ask_replacement(work)
    first, second = sorted(_replacements(work, Proposal.Status.SENT), key=lambda p: p.expert_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(first)
    assert _mailed("sanne@gemeente.example") == [] and _mailed("anna@example.org") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(second)

    (to_sanne,) = _mailed("sanne@gemeente.example")
    (to_anna,) = _mailed("anna@example.org")
    assert to_sanne.subject == "Meervoud: Het team voor je opdracht is weer compleet"
    assert to_anna.subject == "Meervoud: Je team is weer compleet"
    assert [m.subject for m in _mailed(f"{first.expert.user.username}@example.org")] == [
        "Meervoud: Je team is weer compleet"]
    for message in mail.outbox:
        assert "Bert" not in message.body and "Ziek" not in message.body


@pytest.mark.parametrize("how", ["closed", "end date passed"])
def test_a_yes_after_the_work_ended_is_refused_in_dutch(short, make_user, how):
    work = short["work"]
    cor, proposal = _asked(short, make_user)
    if how == "closed":
        services.close(work, author=short["sanne"], rating=4)
    else:
        Assignment.objects.filter(pk=work.pk).update(end=TODAY - timedelta(days=1))
    response = _browser(cor.user).post(reverse("pool:respond", args=[proposal.pk]),
                                       {"action": "accept"})
    assert "Dit werk is al afgelopen" in _said(response)
    proposal.refresh_from_db()
    assert proposal.status != Proposal.Status.ACCEPTED
    assert work.proposals.filter(status=Proposal.Status.ACCEPTED).count() == 1


def test_closing_the_work_withdraws_the_question_and_tells_her(
        short, make_user, django_capture_on_commit_callbacks):
    cor, proposal = _asked(short, make_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close(short["work"], author=short["carla"], rating=4)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert [m.subject for m in _mailed("cor@example.org")] == [
        "Meervoud: Je hoeft niet in te vallen"]
    profile = _browser(cor.user).get(reverse("pool:profile")).content.decode()
    assert "iemand anders uit het team kon toch niet" not in profile


def test_a_no_keeps_the_running_team_and_the_page_says_nobody_stepped_in(
        short, make_user, django_capture_on_commit_callbacks):
    """Before this session a no on running work would have sent the whole team back."""
    work = short["work"]
    cor, proposal = _asked(short, make_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _browser(cor.user).post(reverse("pool:respond", args=[proposal.pk]),
                                           {"action": "decline", "reason": "Geen tijd"})
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.status == Assignment.Status.RUNNING
    assert Proposal.objects.get(assignment=work, expert=short["anna"]).status == "accepted"
    assert "Wie gevraagd werd om in te vallen, zei nee" in _page(short["carla"], work)
    asker_page = _page(short["sanne"], work)
    assert "Wie gevraagd werd om in te vallen, kan niet" in asker_page
    assert "Cor" not in asker_page and "Geen tijd" not in asker_page
    (message,) = _mailed("carla@pool.example")
    assert message.subject == "Meervoud: Iemand kan niet invallen"
    assert "Cor" not in message.body and "Geen tijd" not in message.body
    # and he is not asked again for this work
    services.propose_replacement(work)
    assert not _replacements(work)


def test_a_candidate_with_an_open_question_can_still_leave_the_pool(short, make_user):
    cor, _proposal = _asked(short, make_user)
    services.delete_profile(cor)
    assert not _replacements(short["work"], Proposal.Status.SENT)
    assert short["work"].proposals.filter(status=Proposal.Status.ACCEPTED).count() == 1


# ========================================================================== concurrency


def test_two_coordinators_searching_and_asking_at_once_ask_once(short, make_user):
    work = short["work"]
    expert(make_user, "Cor")
    carla_saw = _browser(short["carla"])
    services.propose_replacement(work)
    stale = [p.pk for p in _replacements(work)]
    services.propose_replacement(work)  # Dora searched again meanwhile
    response = carla_saw.post(reverse("pool:assignment", args=[work.pk]),
                              {"action": "replace_send", "replacement": stale})
    assert "intussen veranderd" in _said(response)
    assert not _replacements(work, Proposal.Status.SENT)

    _send(short["dora"], work)
    assert len(_replacements(work, Proposal.Status.SENT)) == 1
    again = carla_saw.post(reverse("pool:assignment", args=[work.pk]),
                           {"action": "replace_send", "replacement": stale})
    assert "al iemand gevraagd" in _said(again)
    search = carla_saw.post(reverse("pool:assignment", args=[work.pk]),
                            {"action": "replace_search"})
    assert "al iemand gevraagd" in _said(search)
    assert len(_replacements(work, Proposal.Status.SENT)) == 1
    assert not _replacements(work)


def test_a_candidate_away_since_the_search_is_not_asked_and_the_team_stays(short, make_user):
    work = short["work"]
    cor = expert(make_user, "Cor")
    services.propose_replacement(work)
    cor.blocked.create(start=TODAY + timedelta(days=5), end=TODAY + timedelta(days=9))
    response = _send(short["carla"], work)
    assert "Cor (test) is niet meer beschikbaar" in _said(response)
    assert "Het team is ingetrokken" not in _said(response)
    assert not _replacements(work, Proposal.Status.SENT) and not _replacements(work)
    assert work.proposals.filter(status=Proposal.Status.ACCEPTED).count() == 1


def test_the_whole_way_through_the_page(short, make_user, django_capture_on_commit_callbacks):
    work = short["work"]
    cor = expert(make_user, "Cor")
    found = _post(short["carla"], work, action="replace_search")
    assert "om in te vallen" in _said(found)
    assert "Cor (test)" in _page(short["carla"], work)
    with django_capture_on_commit_callbacks(execute=True):
        asked = _send(short["carla"], work)
    assert "De vraag om in te vallen is verstuurd" in _said(asked)
    assert "iemand gevraagd om in te vallen" in _page(short["sanne"], work)
    (proposal,) = _replacements(work, Proposal.Status.SENT)
    assert proposal.expert == cor


# ============================================================ the command for open work


def test_the_match_command_lists_running_work_below_size_and_matches_open_work_as_before(
        short, make_user):
    work = short["work"]
    still_open = assignment(short["org"], "Nog open", start=TODAY + timedelta(days=120), days=10)
    expert(make_user, "Cor"), expert(make_user, "Dirk")
    out = StringIO()
    call_command("match", "--time-limit", "2", stdout=out)
    text = out.getvalue()
    assert "Training herstel" in text and "1 van de 2" in text
    assert not _replacements(work)
    assert still_open.proposals.filter(status=Proposal.Status.PROPOSED).count() == 2
