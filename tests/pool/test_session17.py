"""Session 17: an expert who stops after saying yes is told apart from one who said no. The
coordinator reads who stopped, the expert's history says so, and the matching does not ask
them again for that assignment."""

import pytest
from django.urls import reverse

from meervoud.pool import services
from meervoud.pool.models import Assignment, Proposal

from tests.pool.builders import assignment, expert, org, sent

pytestmark = pytest.mark.django_db


def _accepted_team(make_user):
    made = assignment(org())
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    mine, theirs = sent(made, anna, bert)
    services.accept(mine)
    services.accept(theirs)
    return made, anna, bert, mine, theirs


def test_taking_back_a_yes_is_stored_as_stopping_not_as_a_no(make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user)
    services.decline(mine, "Ik ben ziek geworden")
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.STOPPED
    assert mine.get_status_display() == "Gestopt na ja"
    assert mine.decline_reason == "Ik ben ziek geworden"
    # the matching does not ask her again for this assignment
    assert str(made.pk) in services.to_expert(anna).declined


def test_a_no_to_a_question_stays_a_no(make_user):
    made = assignment(org())
    anna, bert = expert(make_user, "Anna"), expert(make_user, "Bert")
    mine, _theirs = sent(made, anna, bert)
    services.decline(mine, "Past niet in mijn week")
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.DECLINED


def test_the_coordinator_records_a_stop_in_running_work_as_stopping(client, make_user):
    made, anna, bert, mine, _theirs = _accepted_team(make_user)
    made.refresh_from_db()
    services.start(made)
    left = services.expert_stops(mine, "Nieuwe baan")
    assert left == 1
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.STOPPED
    # a second stop of the same proposal is refused, not recorded twice
    with pytest.raises(ValueError):
        services.expert_stops(mine, "Nog eens")


def test_the_overview_says_who_stopped_and_who_said_no(client, make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user)
    services.decline(mine, "Ik ben ziek geworden")
    other = assignment(org("Wijkteam Zwolle (review)", "Zwolle"), title="Workshop buurthuis")
    cees, dirk = expert(make_user, "Cees"), expert(make_user, "Dirk")
    no, _ = sent(other, cees, dirk)
    services.decline(no, "Past niet")
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("pool:overview")).content.decode()
    assert "Anna (test) stopte na een ja: Ik ben ziek geworden." in page
    assert "Cees (test) zei nee: Past niet." in page


def test_the_expert_history_on_her_profile_says_she_stopped(client, make_user):
    made, anna, _bert, mine, _theirs = _accepted_team(make_user)
    services.decline(mine, "Ik ben ziek geworden")
    client.force_login(make_user("coordinator"))
    page = client.get(reverse("pool:expert_edit", args=[anna.pk])).content.decode()
    assert "Gestopt na ja: Ik ben ziek geworden" in page
    made.refresh_from_db()
    assert made.status == Assignment.Status.OPEN
